namespace AutopilotPortal.Core.Intune;

/// <summary>
/// How many of a tenant's Autopilot devices have one profile status and one enrollment state, kept
/// by the database as rows come, change and go (see <c>DashboardCounts</c> in each provider's schema),
/// so that the overview reads a few dozen rows instead of counting a million.
/// </summary>
public sealed class TenantDeviceStatusCount
{
    public Guid TenantId { get; set; }

    public ProfileAssignmentStatus ProfileStatus { get; set; }

    public EnrollmentState EnrollmentState { get; set; }

    public long Count { get; set; }
}

/// <summary>
/// How many of a tenant's Autopilot devices were registered in one hour (UTC), kept by the database
/// like <see cref="TenantDeviceStatusCount"/>. Hours, not days, so that the overview can sum them
/// into the viewer's own days.
/// </summary>
public sealed class TenantRegistrationHour
{
    public Guid TenantId { get; set; }

    /// <summary>The hour's start, UTC.</summary>
    public DateTime Hour { get; set; }

    public long Count { get; set; }
}
