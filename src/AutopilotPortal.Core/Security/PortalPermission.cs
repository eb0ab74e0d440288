namespace AutopilotPortal.Core.Security;

/// <summary>Everything the service library lets a caller do, each checked on every call.</summary>
public enum PortalPermission
{
    /// <summary>List, search and open devices.</summary>
    ReadDevices,

    /// <summary>Change a device's group tag, assigned user or device name.</summary>
    EditDevices,

    /// <summary>Ask the deployment service for a sync.</summary>
    TriggerSync,

    /// <summary>Download lists as CSV (devices, the audit log).</summary>
    Export,

    /// <summary>Read import jobs and their per-row results.</summary>
    ReadImports,

    /// <summary>Preview and import CSV files of hardware hashes.</summary>
    ImportDevices,

    /// <summary>Delete devices (the decommission workflow).</summary>
    DeleteDevices,

    /// <summary>Create and change groups, deployment profiles and their assignments.</summary>
    ManageGroupsAndProfiles,

    /// <summary>Create local users, set their role, disable them, reset their password.</summary>
    ManageUsers,

    /// <summary>Read the audit log.</summary>
    ReadAudit,

    /// <summary>Play a device's side of OOBE against the modelled services (it enrolls the device).</summary>
    SimulateDeployment,

    /// <summary>Create, rotate, revoke and list the API clients that call the Graph-shaped API.</summary>
    ManageApiClients,
}

/// <summary>Which role may do what. This table is the one place that says so.</summary>
public static class PortalPermissions
{
    private static readonly PortalPermission[] HelpDesk = [PortalPermission.ReadDevices, PortalPermission.EditDevices, PortalPermission.TriggerSync];

    private static readonly PortalPermission[] Reader =
        [PortalPermission.ReadDevices, PortalPermission.ReadImports, PortalPermission.ReadAudit, PortalPermission.Export];

    /// <summary>True when the role grants the permission. An administrator may do everything.</summary>
    public static bool Grants(this PortalRole role, PortalPermission permission) => role switch
    {
        PortalRole.Admin => true,
        PortalRole.HelpDesk => HelpDesk.Contains(permission),
        PortalRole.Reader => Reader.Contains(permission),
        _ => false,
    };

    /// <summary>
    /// The sentence a refused caller reads, from the service's <see cref="AccessDeniedException"/> and
    /// on a page the caller's role does not open alike.
    /// </summary>
    public static string RefusalFor(this PortalCaller caller, PortalPermission permission)
    {
        var action = permission.Describe();
        return caller switch
        {
            { IsAuthenticated: false } => $"You are not signed in, so you cannot {action}. Sign in and try again.",
            { HighestRole: null } => $"Your account has no portal role, so you cannot {action}. Ask an administrator to give you one.",
            _ => $"Your role ({caller.HighestRole.Value.DisplayName()}) does not allow you to {action}. Nothing was changed; ask an administrator if you need this.",
        };
    }

    /// <summary>How the refusal message names the action.</summary>
    public static string Describe(this PortalPermission permission) => permission switch
    {
        PortalPermission.ReadDevices => "read devices",
        PortalPermission.EditDevices => "edit devices",
        PortalPermission.TriggerSync => "sync with the deployment service",
        PortalPermission.Export => "export lists",
        PortalPermission.ReadImports => "read imports",
        PortalPermission.ImportDevices => "import devices",
        PortalPermission.DeleteDevices => "delete devices",
        PortalPermission.ManageGroupsAndProfiles => "manage groups and deployment profiles",
        PortalPermission.ManageUsers => "manage users",
        PortalPermission.ReadAudit => "read the audit log",
        PortalPermission.SimulateDeployment => "simulate deployments",
        PortalPermission.ManageApiClients => "manage API clients",
        _ => permission.ToString(),
    };
}
