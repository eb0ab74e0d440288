namespace AutopilotPortal.Core.Import.Csv;

/// <summary>The column names of the accepted headers.</summary>
internal static class DeviceCsvHeaders
{
    public const string SerialNumber = "Device Serial Number";
    public const string ProductId = "Windows Product ID";
    public const string HardwareHash = "Hardware Hash";
    public const string GroupTag = "Group Tag";
    public const string AssignedUser = "Assigned User";
    public const string Manufacturer = "Manufacturer name";
    public const string Model = "Device model";

    public static readonly string[] Intune = [SerialNumber, ProductId, HardwareHash, GroupTag, AssignedUser];

    public static readonly string[] Partner = [SerialNumber, ProductId, HardwareHash, Manufacturer, Model];

    /// <summary>The minimal Intune header, as a CSV line.</summary>
    public static readonly string IntuneMinimal = string.Join(',', Intune, 0, 3);

    /// <summary>Every accepted header, each as a CSV line.</summary>
    public static readonly IReadOnlyList<string> Accepted =
    [
        IntuneMinimal,
        string.Join(',', Intune, 0, 4),
        string.Join(',', Intune),
        string.Join(',', Partner),
    ];

    /// <summary>
    /// Matches header names (already trimmed, trailing empty names removed) against the accepted headers.
    /// </summary>
    public static bool TryMatch(IReadOnlyList<string> names, out DeviceCsvFormat format, out string[] columns)
    {
        if (names.Count == Partner.Length && Matches(names, Partner))
        {
            format = DeviceCsvFormat.Partner;
            columns = Partner;
            return true;
        }

        if (names.Count is >= 3 and <= 5 && Matches(names, Intune))
        {
            format = DeviceCsvFormat.Intune;
            columns = Intune[..names.Count];
            return true;
        }

        format = default;
        columns = [];
        return false;
    }

    private static bool Matches(IReadOnlyList<string> names, string[] expected)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (!string.Equals(names[i], expected[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
