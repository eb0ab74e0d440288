namespace AutopilotPortal.Core.Preferences;

/// <summary>One setting a person chose for themselves (the device list's columns, say), kept under their user name.</summary>
public sealed class UserPreference
{
    public Guid TenantId { get; set; }

    public required string UserName { get; set; }

    public required string Name { get; set; }

    public required string Value { get; set; }

    public DateTime UpdatedAt { get; set; }
}
