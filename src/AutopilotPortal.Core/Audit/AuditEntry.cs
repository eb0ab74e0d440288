namespace AutopilotPortal.Core.Audit;

/// <summary>
/// One line of the audit log: who did what to which target, the value before and after, when
/// (UTC) and from where. Entries are only ever added; the database refuses updates and deletes.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime OccurredAt { get; set; }

    /// <summary>
    /// The tenant the portal acted for when the entry was written; readers see only their own
    /// tenant's. Null only for an entry written before entries carried a tenant, when the database
    /// held more than one portal tenant to give it to.
    /// </summary>
    public Guid? TenantId { get; set; }

    /// <summary>The sign-in name of the caller (<c>system</c> for the portal itself, <c>anonymous</c> before sign-in).</summary>
    public required string Actor { get; set; }

    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }

    public AuditOutcome Outcome { get; set; }

    /// <summary>What kind of thing was acted on: a device, a user, an import, the audit log…</summary>
    public string? TargetType { get; set; }

    /// <summary>The target as a person recognises it: a serial number, a user name, a file name.</summary>
    public string? Target { get; set; }

    /// <summary>The target's id, when it has one.</summary>
    public string? TargetId { get; set; }

    public string? OldValue { get; set; }

    public string? NewValue { get; set; }

    /// <summary>Anything else worth keeping: counts, the reason for a refusal or failure.</summary>
    public string? Details { get; set; }

    /// <summary>The client's IP address, when known.</summary>
    public string? RemoteAddress { get; set; }
}

/// <summary>How an audited action ended.</summary>
public enum AuditOutcome
{
    Succeeded,
    Failed,
    Refused,
}

/// <summary>The actions the audit log records.</summary>
public static class AuditActions
{
    public const string SignIn = "SignIn";
    public const string SignInFailed = "SignInFailed";
    public const string SignOut = "SignOut";
    public const string SignedOutEverywhere = "SignedOutEverywhere";
    public const string AccessRefused = "AccessRefused";
    public const string DevicesImported = "DevicesImported";
    public const string GroupTagChanged = "GroupTagChanged";
    public const string AssignedUserChanged = "AssignedUserChanged";
    public const string DeviceNameChanged = "DeviceNameChanged";
    public const string AddressableUserNameChanged = "AddressableUserNameChanged";
    public const string NextEnrollmentAllowed = "NextEnrollmentAllowed";
    public const string DeviceDeleted = "DeviceDeleted";
    public const string DecommissionStarted = "DecommissionStarted";
    public const string DecommissionStepCompleted = "DecommissionStepCompleted";
    public const string DecommissionFailed = "DecommissionFailed";
    public const string DecommissionRetried = "DecommissionRetried";
    public const string DecommissionCompleted = "DecommissionCompleted";
    public const string EntraObjectDeleted = "EntraObjectDeleted";
    public const string DataExported = "DataExported";
    public const string UserCreated = "UserCreated";
    public const string UserRoleChanged = "UserRoleChanged";
    public const string UserDisabled = "UserDisabled";
    public const string UserEnabled = "UserEnabled";
    public const string PasswordReset = "PasswordReset";
    public const string UserUnlocked = "UserUnlocked";
    public const string GroupCreated = "GroupCreated";
    public const string GroupRuleChanged = "GroupRuleChanged";
    public const string GroupDeleted = "GroupDeleted";
    public const string GroupMemberAdded = "GroupMemberAdded";
    public const string GroupMemberRemoved = "GroupMemberRemoved";
    public const string ProfileCreated = "ProfileCreated";
    public const string ProfileUpdated = "ProfileUpdated";
    public const string ProfileDeleted = "ProfileDeleted";
    public const string ProfileAssigned = "ProfileAssigned";
    public const string ProfileUnassigned = "ProfileUnassigned";
    public const string PartnerRegistered = "PartnerRegistered";
    public const string SyncRequested = "SyncRequested";
    public const string SyncCompleted = "SyncCompleted";
    public const string DeploymentSimulated = "DeploymentSimulated";
    public const string ManagedDeviceDeleted = "ManagedDeviceDeleted";
    public const string ApiClientCreated = "ApiClientCreated";
    public const string ApiClientSecretRotated = "ApiClientSecretRotated";
    public const string ApiClientRevoked = "ApiClientRevoked";

    /// <summary>
    /// The action as a person reads it: its words in sentence case (<c>DecommissionStepCompleted</c> is
    /// "Decommission step completed", <c>ApiClientCreated</c> "API client created"); an action this build does not
    /// know (an older entry, say) reads as its words too.
    /// </summary>
    public static string Label(string action)
    {
        if (string.IsNullOrEmpty(action))
        {
            return action;
        }

        var words = new List<string>();
        var start = 0;
        for (var i = 1; i <= action.Length; i++)
        {
            if (i == action.Length || (char.IsUpper(action[i]) && !char.IsUpper(action[i - 1])))
            {
                words.Add(action[start..i]);
                start = i;
            }
        }

        return string.Join(' ', words.Select((word, index) => word switch
        {
            "Api" => "API",
            "Entra" or "Intune" or "Autopilot" => word,
            _ when index == 0 => word,
            _ => word.ToLowerInvariant(),
        }));
    }

    /// <summary>Every action, for the audit page's filter.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        SignIn, SignInFailed, SignOut, SignedOutEverywhere, AccessRefused, DevicesImported, GroupTagChanged, AssignedUserChanged, DeviceNameChanged,
        AddressableUserNameChanged, NextEnrollmentAllowed, DeviceDeleted, DataExported, UserCreated, UserRoleChanged, UserDisabled, UserEnabled, PasswordReset, UserUnlocked,
        GroupCreated, GroupRuleChanged, GroupDeleted, GroupMemberAdded, GroupMemberRemoved,
        ProfileCreated, ProfileUpdated, ProfileDeleted, ProfileAssigned, ProfileUnassigned,
        PartnerRegistered,
        SyncRequested, SyncCompleted,
        DeploymentSimulated, ManagedDeviceDeleted,
        DecommissionStarted, DecommissionStepCompleted, DecommissionFailed, DecommissionRetried, DecommissionCompleted, EntraObjectDeleted,
        ApiClientCreated, ApiClientSecretRotated, ApiClientRevoked,
    ];
}
