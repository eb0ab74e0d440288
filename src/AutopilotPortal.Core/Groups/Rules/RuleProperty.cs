namespace AutopilotPortal.Core.Groups.Rules;

/// <summary>A device property a rule may name, or the element <c>_</c> of a collection.</summary>
internal enum RuleProperty
{
    AccountEnabled,
    DisplayName,
    DeviceId,
    ObjectId,
    DeviceManufacturer,
    DeviceModel,
    DeviceOSType,
    DeviceTrustType,
    EnrollmentProfileName,
    DevicePhysicalIds,

    /// <summary><c>_</c>: one value of the collection an <c>-any</c> or <c>-all</c> walks.</summary>
    Element,
}

internal enum RulePropertyKind
{
    Boolean,
    String,
    StringCollection,
}

internal static class RuleProperties
{
    public const string Prefix = "device.";

    private static readonly (string Name, RuleProperty Property, RulePropertyKind Kind)[] Table =
    [
        ("accountEnabled", RuleProperty.AccountEnabled, RulePropertyKind.Boolean),
        ("deviceId", RuleProperty.DeviceId, RulePropertyKind.String),
        ("deviceManufacturer", RuleProperty.DeviceManufacturer, RulePropertyKind.String),
        ("deviceModel", RuleProperty.DeviceModel, RulePropertyKind.String),
        ("deviceOSType", RuleProperty.DeviceOSType, RulePropertyKind.String),
        ("devicePhysicalIds", RuleProperty.DevicePhysicalIds, RulePropertyKind.StringCollection),
        ("deviceTrustType", RuleProperty.DeviceTrustType, RulePropertyKind.String),
        ("displayName", RuleProperty.DisplayName, RulePropertyKind.String),
        ("enrollmentProfileName", RuleProperty.EnrollmentProfileName, RulePropertyKind.String),
        ("objectId", RuleProperty.ObjectId, RulePropertyKind.String),
    ];

    /// <summary>"accountEnabled, deviceId, … and objectId", for error messages.</summary>
    public static string SupportedList { get; } =
        string.Join(", ", Table[..^1].Select(entry => entry.Name)) + " and " + Table[^1].Name;

    public static bool TryFind(ReadOnlySpan<char> name, out RuleProperty property, out RulePropertyKind kind)
    {
        foreach (var entry in Table)
        {
            if (name.Equals(entry.Name, StringComparison.OrdinalIgnoreCase))
            {
                property = entry.Property;
                kind = entry.Kind;
                return true;
            }
        }

        property = default;
        kind = default;
        return false;
    }

    /// <summary>The canonical camelCase name, without <c>device.</c>; <c>_</c> for the element.</summary>
    public static string NameOf(RuleProperty property)
    {
        if (property == RuleProperty.Element)
        {
            return "_";
        }

        foreach (var entry in Table)
        {
            if (entry.Property == property)
            {
                return entry.Name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(property), property, "Not a rule property.");
    }

    /// <summary>How the property is written in a rule: <c>device.deviceModel</c>, or <c>_</c>.</summary>
    public static string Display(RuleProperty property) =>
        property == RuleProperty.Element ? "_" : Prefix + NameOf(property);
}
