namespace AutopilotPortal.Core.Partner;

/// <summary>The OEM catalog's fixed rules.</summary>
public static class OemCatalog
{
    /// <summary>
    /// Devices built before this date are outside the catalog's window: the manufacturer did not
    /// report them, so they register by hash only (812 by tuple or PKID).
    /// </summary>
    public static readonly DateOnly CutoffDate = new(2020, 1, 1);

    /// <summary>The first seed of the catalog's synthetic devices; far from the demo seeder's 1…N, so the two never make the same hardware.</summary>
    internal const int FirstSeed = 5_000_000;

    /// <summary>True when the product key ID has the 13 digits a PKID has.</summary>
    public static bool IsProductKeyId(string? value) =>
        value is { Length: 13 } && value.All(char.IsAsciiDigit);
}
