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

    /// <summary>Rows that failed; rows already registered (806) are counted in <see cref="AlreadyRegistered"/> instead.</summary>
    public int Failed { get; set; }

    public int Warnings { get; set; }

    /// <summary>Rows whose hardware was registered to this tenant already (806): nothing wrong, nothing changed.</summary>
    public int AlreadyRegistered { get; set; }

    /// <summary>The physical lines of the file, the header and blank lines included (known once the import ends).</summary>
    public int LineCount { get; set; }

    /// <summary>What the whole file showed: the lines a quote swallowed, and a mix of encodings; null when nothing.</summary>
    public string? FileNotes { get; set; }

    public string? FailureMessage { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    /// <summary>
    /// While the import runs: until when the instance running it vouches for it. Set when it starts and renewed
    /// with every batch it writes, by <see cref="Lease"/>; a running import past it was cut off with its instance.
    /// </summary>
    public DateTime? AliveUntil { get; set; }

    /// <summary>How far ahead a running import's <see cref="AliveUntil"/> is set (a batch takes a second or two).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
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

    /// <summary>What the row's result is for people: registered, already registered (806, nothing changed) or failed.</summary>
    public ImportRowOutcome Outcome => Succeeded ? ImportRowOutcome.Registered
        : ErrorCode == (int)Registration.RegistrationErrorKind.ZtdDeviceAlreadyAssigned ? ImportRowOutcome.AlreadyRegistered
        : ImportRowOutcome.Failed;
}

/// <summary>The result of one row, as pages and the error report show it.</summary>
public enum ImportRowOutcome
{
    Registered,

    /// <summary>806: the hardware is registered to this tenant already; nothing changed.</summary>
    AlreadyRegistered,

    Failed,
}
