namespace AutopilotPortal.Core.Intune;

/// <summary>
/// How many devices a tenant's Autopilot list holds, kept by the database itself (triggers,
/// see the initial migration), so that the list's first page does not count a million rows.
/// </summary>
public sealed class TenantDeviceCount
{
    public Guid TenantId { get; set; }

    public long Count { get; set; }
}
