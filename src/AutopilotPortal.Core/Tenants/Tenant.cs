namespace AutopilotPortal.Core.Tenants;

/// <summary>An Entra tenant. The deployment service knows every tenant; the portal acts for one.</summary>
public sealed class Tenant
{
    public Guid Id { get; set; }

    public required string DisplayName { get; set; }

    /// <summary>The tenant's initial domain, e.g. <c>contoso.onmicrosoft.com</c>.</summary>
    public required string Domain { get; set; }

    public DateTime CreatedAt { get; set; }
}
