namespace AutopilotPortal.Core.Entra;

/// <summary>An Entra ID device object.</summary>
public sealed class DirectoryDevice
{
    private List<string> physicalIds = [];

    /// <summary>The object id.</summary>
    public Guid Id { get; set; }

    /// <summary>The device id (what Intune calls the Azure AD device id).</summary>
    public Guid DeviceId { get; set; }

    public Guid TenantId { get; set; }

    public required string DisplayName { get; set; }

    public bool AccountEnabled { get; set; }

    public DeviceTrustType TrustType { get; set; }

    public string? OperatingSystem { get; set; }

    public string? Manufacturer { get; set; }

    public string? Model { get; set; }

    /// <summary>
    /// <c>[ZTDID]:…</c>, <c>[HWID]:h:…</c>, <c>[OrderId]:…</c>, <c>[PurchaseOrderId]:…</c>. Setting it sets
    /// <see cref="OrderId"/>; edit it by assigning a new list, never in place.
    /// </summary>
    public List<string> PhysicalIds
    {
        get => physicalIds;
        set
        {
            physicalIds = value;
            OrderId = Entra.PhysicalIds.OrderIdOf(value);
        }
    }

    /// <summary>The value of the <c>[OrderId]</c> entry (the group tag), mirrored from <see cref="PhysicalIds"/> for lookup.</summary>
    public string? OrderId { get; private set; }

    /// <summary>The stable hardware id this object was made for, if known; lets registration stamp an existing object.</summary>
    public string? HardwareKey { get; set; }

    /// <summary>
    /// Graph <c>enrollmentProfileName</c>: the Autopilot profile the device enrolled with, set when it
    /// enrolls (see <see cref="Simulation.DeploymentSimulator"/>); dynamic groups can match on it.
    /// </summary>
    public string? EnrollmentProfileName { get; set; }

    /// <summary>The ZTDID stamped on this object, mirrored from <see cref="PhysicalIds"/> for lookup.</summary>
    public Guid? Ztdid { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>Entra <c>trustType</c>.</summary>
public enum DeviceTrustType
{
    /// <summary>Entra joined (<c>AzureAd</c>).</summary>
    AzureAd = 0,

    /// <summary>Hybrid joined, synced from on-premises AD (<c>ServerAd</c>).</summary>
    ServerAd = 1,

    /// <summary>Registered (<c>Workplace</c>).</summary>
    Workplace = 2,
}
