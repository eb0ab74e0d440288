using AutopilotPortal.Core.Groups.Rules;

namespace AutopilotPortal.Core.Tests.Groups.Rules;

/// <summary>Properties that hold for every device: checked over many seeded random devices.</summary>
public class MembershipRulePropertyTests
{
    private const int Seed = 20240611;
    private const StringComparison IgnoreCase = StringComparison.OrdinalIgnoreCase;

    private static readonly List<RuleDevice> Devices = RuleDevices.Random(count: 2000, seed: Seed);

    // Each rule with an independent C# statement of what it means, absent values read as "".
    private static readonly (string Rule, Func<RuleDevice, bool> Oracle)[] Rules =
    [
        ("(device.devicePhysicalIDs -any (_ -contains \"[ZTDID]\"))",
            d => d.DevicePhysicalIds.Any(id => id.Contains("[ZTDID]", IgnoreCase))),
        ("(device.devicePhysicalIds -any (_ -eq \"[OrderID]:179887111881\"))",
            d => d.DevicePhysicalIds.Any(id => id.Equals("[OrderID]:179887111881", IgnoreCase))),
        ("(device.devicePhysicalIds -any (_ -eq \"[PurchaseOrderId]:76222342342\"))",
            d => d.DevicePhysicalIds.Any(id => id.Equals("[PurchaseOrderId]:76222342342", IgnoreCase))),
        ("device.devicePhysicalIDs -any _ -contains \"[ZTDId]\"",
            d => d.DevicePhysicalIds.Any(id => id.Contains("[ZTDId]", IgnoreCase))),
        ("device.devicePhysicalIds -all (_ -startsWith \"[Z\" -or _ -startsWith \"[H\")",
            d => d.DevicePhysicalIds.All(id => id.StartsWith("[Z", IgnoreCase) || id.StartsWith("[H", IgnoreCase))),
        ("device.deviceManufacturer -eq \"hp\" -or device.deviceModel -startsWith \"latitude\" -and device.accountEnabled -eq true",
            d => Text(d.DeviceManufacturer).Equals("hp", IgnoreCase)
                || (Text(d.DeviceModel).StartsWith("latitude", IgnoreCase) && d.AccountEnabled)),
        ("-not device.deviceManufacturer -eq null -and device.enrollmentProfileName -contains \"SALES\"",
            d => !string.IsNullOrEmpty(d.DeviceManufacturer) && Text(d.EnrollmentProfileName).Contains("SALES", IgnoreCase)),
        ("device.deviceTrustType -in [\"AzureAD\", \"serverad\"] -and device.objectId -ne null",
            d => (Text(d.DeviceTrustType).Equals("AzureAD", IgnoreCase) || Text(d.DeviceTrustType).Equals("serverad", IgnoreCase))
                && d.ObjectId != Guid.Empty),
        ("device.deviceModel -notIn [\"20XW\"] -and device.deviceOSType -ne \"windows\"",
            d => !Text(d.DeviceModel).Equals("20XW", IgnoreCase) && !Text(d.DeviceOSType).Equals("windows", IgnoreCase)),
        ("device.displayName -match \"^(lab|sales)-\\d+$\" -or device.displayName -notEndsWith \"7\" -and device.displayName -ne null",
            d => System.Text.RegularExpressions.Regex.IsMatch(d.DisplayName, "^(lab|sales)-\\d+$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)
                || (!d.DisplayName.EndsWith('7') && d.DisplayName.Length > 0)),
        ("device.deviceId -eq null -or device.deviceId -notContains \"a\"",
            d => d.DeviceId == Guid.Empty || !d.DeviceId.ToString().Contains('a', IgnoreCase)),
        ("device.accountEnabled -ne false -and -not (device.deviceManufacturer -notStartsWith \"Dell\" -and device.deviceManufacturer -notMatch \"^micro\")",
            d => d.AccountEnabled
                && (Text(d.DeviceManufacturer).StartsWith("Dell", IgnoreCase) || Text(d.DeviceManufacturer).StartsWith("micro", IgnoreCase))),
    ];

    public static TheoryData<string> RuleTexts()
    {
        var data = new TheoryData<string>();
        foreach (var (rule, _) in Rules)
        {
            data.Add(rule);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RuleTexts))]
    public void RuleAndItsNegationPartitionTheDevices(string text)
    {
        var rule = MembershipRule.Parse(text);
        var negation = MembershipRule.Parse($"-not ({text})");

        var members = 0;
        foreach (var device in Devices)
        {
            var result = rule.Evaluate(device);
            var negated = negation.Evaluate(device);
            if (result == RuleMatch.TimedOut || negated == RuleMatch.TimedOut)
            {
                continue;
            }

            Assert.NotEqual(result, negated);
            members += result == RuleMatch.Match ? 1 : 0;
        }

        // The pools are built so every rule splits the devices; a rule matching all or none tests little.
        Assert.InRange(members, 1, Devices.Count - 1);
    }

    [Theory]
    [MemberData(nameof(RuleTexts))]
    public void RuleAgreesWithItsMeaningWrittenInCSharp(string text)
    {
        var rule = MembershipRule.Parse(text);
        var oracle = Array.Find(Rules, entry => entry.Rule == text).Oracle;

        foreach (var device in Devices)
        {
            Assert.True(oracle(device) == rule.Matches(device), $"{text} on {device}");
        }
    }

    [Theory]
    [MemberData(nameof(RuleTexts))]
    public void RuleWrittenBackParsesToTheSameMembership(string text)
    {
        var rule = MembershipRule.Parse(text);
        var again = MembershipRule.Parse(rule.Root.ToString());

        foreach (var device in Devices)
        {
            Assert.Equal(rule.Evaluate(device), again.Evaluate(device));
        }
    }

    private static string Text(string? value) => value ?? string.Empty;
}
