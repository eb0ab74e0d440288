namespace AutopilotPortal.Core.Import;

/// <summary>One CSV import (Graph: an <c>importedWindowsAutopilotDeviceIdentityUpload</c>).</summary>
public sealed class ImportJob
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string FileName { get; set; }

    public string? Encoding { get; set; }

    public string? Format { get; set; }

    public string? StartedBy { get; set; }

    public ImportJobStatus Status { get; set; }

    public int TotalRows { get; set; }

    public int Registered { get; set; }

    public int Failed { get; set; }

    public int Warnings { get; set; }

    public string? FailureMessage { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? CompletedAt { get; set; }
}

/// <summary>Where an import is.</summary>
public enum ImportJobStatus
{
    Running = 0,
    Completed = 1,
    Failed = 2,
    Cancelled = 3,
}

/// <summary>The outcome of one CSV row.</summary>
public sealed class ImportRowResult
{
    public long Id { get; set; }

    public Guid ImportJobId { get; set; }

    public int LineNumber { get; set; }

    public string? SerialNumber { get; set; }

    public bool Succeeded { get; set; }

    /// <summary>The numeric error code (801–813, 640), or null on success and for ZtdDeviceDuplicated.</summary>
    public int? ErrorCode { get; set; }

    public string? ErrorName { get; set; }

    public string? Message { get; set; }

    public string? Warning { get; set; }

    public Guid? AutopilotDeviceId { get; set; }
}
