using System.ComponentModel.DataAnnotations;

namespace AutopilotPortal.Core.Partner;

/// <summary>The <c>Partner</c> section: the OEM catalog the Partner page registers from.</summary>
public sealed class PartnerOptions
{
    public const string SectionName = "Partner";

    /// <summary>How many synthetic devices the OEM catalog is seeded with on first start (0 leaves it empty).</summary>
    [Range(0, 1_000_000)]
    public int OemCatalogSize { get; set; } = 500;
}
