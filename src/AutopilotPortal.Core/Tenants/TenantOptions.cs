using System.ComponentModel.DataAnnotations;

namespace AutopilotPortal.Core.Tenants;

/// <summary>The <c>Tenant</c> section: the organisation the portal acts for.</summary>
public sealed class TenantOptions
{
    public const string SectionName = "Tenant";

    /// <summary>The tenant's id. Created on first start if missing.</summary>
    [Required]
    public Guid Id { get; set; }

    [Required, MaxLength(256)]
    public string Name { get; set; } = "Contoso";

    [Required, MaxLength(256)]
    public string Domain { get; set; } = "contoso.onmicrosoft.com";
}
