namespace AutopilotPortal.Core.Entra;

/// <summary>An Entra security group of devices: assigned (members added by hand) or dynamic (members by rule).</summary>
public sealed class DirectoryGroup
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string DisplayName { get; set; }

    public string? Description { get; set; }

    public GroupMembershipType MembershipType { get; set; }

    /// <summary>The membership rule of a dynamic group (Entra's rule language); null for an assigned group.</summary>
    public string? MembershipRule { get; set; }

    /// <summary>Members, kept by the portal as devices change (and for an assigned group, by hand).</summary>
    public int MemberCount { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>How a group gets its members.</summary>
public enum GroupMembershipType
{
    Assigned = 0,
    Dynamic = 1,
}

/// <summary>A device object's membership of a group.</summary>
public sealed class DirectoryGroupMember
{
    public Guid GroupId { get; set; }

    /// <summary>The member's directory object id (<see cref="DirectoryDevice.Id"/>).</summary>
    public Guid DeviceObjectId { get; set; }

    public DateTime AddedAt { get; set; }
}
