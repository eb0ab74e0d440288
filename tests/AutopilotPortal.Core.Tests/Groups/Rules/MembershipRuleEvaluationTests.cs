using AutopilotPortal.Core.Groups.Rules;

namespace AutopilotPortal.Core.Tests.Groups.Rules;

public class MembershipRuleEvaluationTests
{
    [Theory]
    [InlineData("(device.devicePhysicalIDs -any (_ -contains \"[ZTDID]\"))")]
    [InlineData("(device.devicePhysicalIds -any (_ -eq \"[OrderID]:179887111881\"))")]
    [InlineData("(device.devicePhysicalIds -any (_ -eq \"[PurchaseOrderId]:76222342342\"))")]
    [InlineData("device.devicePhysicalIDs -any _ -contains \"[ZTDId]\"")]
    public void DocumentedAutopilotRulesMatchTheRegisteredDeviceAndNotThePlainOne(string text)
    {
        var rule = MembershipRule.Parse(text);

        Assert.Equal(text, rule.Text);
        Assert.Equal(RuleMatch.Match, rule.Evaluate(RuleDevices.Autopilot()));
        Assert.Equal(RuleMatch.NoMatch, rule.Evaluate(RuleDevices.Plain()));
        Assert.True(rule.Matches(RuleDevices.Autopilot()));
        Assert.False(rule.Matches(RuleDevices.Plain()));
    }

    [Fact]
    public void OrderIdRuleDoesNotMatchAnotherOrderId()
    {
        var rule = MembershipRule.Parse("(device.devicePhysicalIds -any (_ -eq \"[OrderID]:179887111881\"))");
        var device = RuleDevices.Autopilot() with { DevicePhysicalIds = ["[OrderId]:179887111882"] };

        Assert.Equal(RuleMatch.NoMatch, rule.Evaluate(device));
    }

    [Fact]
    public void AllIsTrueWhenEveryValueMatchesAndForNoValues()
    {
        var rule = MembershipRule.Parse("device.devicePhysicalIds -all (_ -startsWith \"[\")");
        var mixed = RuleDevices.Autopilot() with { DevicePhysicalIds = ["[ZTDID]:x", "odd"] };

        Assert.True(rule.Matches(RuleDevices.Autopilot()));
        Assert.False(rule.Matches(mixed));
        Assert.True(rule.Matches(RuleDevices.Plain()));
    }

    [Fact]
    public void AnyBodyMayCombineConditionsOnTheElement()
    {
        var rule = MembershipRule.Parse(
            "device.devicePhysicalIds -any (_ -startsWith \"[OrderId]:\" -and -not (_ -endsWith \":Kiosk\"))");

        Assert.True(rule.Matches(RuleDevices.Autopilot()));
        Assert.False(rule.Matches(RuleDevices.Autopilot() with { DevicePhysicalIds = ["[OrderId]:Kiosk"] }));
    }

    [Theory]
    [InlineData("device.deviceModel -eq \"hp elitebook 840 g8\"", true)]
    [InlineData("device.deviceModel -ne \"HP EliteBook 840 G8\"", false)]
    [InlineData("device.deviceModel -startsWith \"hp elite\"", true)]
    [InlineData("device.deviceModel -notStartsWith \"hp elite\"", false)]
    [InlineData("device.deviceModel -endsWith \"840 G8\"", true)]
    [InlineData("device.deviceModel -notEndsWith \"G9\"", true)]
    [InlineData("device.deviceModel -contains \"ELITEBOOK\"", true)]
    [InlineData("device.deviceModel -notContains \"ProBook\"", true)]
    [InlineData("device.deviceModel -match \"^hp\\s+elitebook \\d{3}\"", true)]
    [InlineData("device.deviceModel -notMatch \"^hp\"", false)]
    [InlineData("device.deviceModel -in [\"Latitude 7420\", \"hp elitebook 840 g8\"]", true)]
    [InlineData("device.deviceModel -notIn [\"Latitude 7420\", \"hp elitebook 840 g8\"]", false)]
    [InlineData("device.objectId -eq \"0F8FAD5B-D9CB-469F-A165-70867728950E\"", true)]
    [InlineData("device.deviceId -startsWith \"7c9e6679\"", true)]
    [InlineData("device.enrollmentProfileName -eq \"Sales Autopilot\"", true)]
    [InlineData("device.deviceTrustType -eq \"AzureAD\" -and device.deviceOSType -eq \"windows\"", true)]
    [InlineData("device.displayName -match \"^desktop-\"", true)]
    public void StringOperatorsCompareIgnoringCase(string text, bool expected)
    {
        var rule = MembershipRule.Parse(text);

        Assert.Equal(expected, rule.Matches(RuleDevices.Autopilot()));
    }

    [Theory]
    [InlineData("device.deviceModel -eq null", false, true)]
    [InlineData("device.deviceModel -ne null", true, false)]
    [InlineData("device.deviceManufacturer -eq NULL", false, true)]
    [InlineData("device.deviceId -eq null", false, true)]
    [InlineData("device.objectId -ne null", true, true)]
    [InlineData("device.deviceModel -eq \"null\"", false, false)]
    [InlineData("device.deviceModel -notContains \"HP\"", false, true)]
    [InlineData("device.deviceModel -notIn [\"a\"]", true, true)]
    public void NullChecksSeeAbsentValues(string text, bool autopilot, bool plain)
    {
        var rule = MembershipRule.Parse(text);

        Assert.Equal(autopilot, rule.Matches(RuleDevices.Autopilot()));
        Assert.Equal(plain, rule.Matches(RuleDevices.Plain()));
    }

    [Fact]
    public void EmptyStringCountsAsNull()
    {
        var rule = MembershipRule.Parse("device.deviceModel -eq null");

        Assert.True(rule.Matches(RuleDevices.Autopilot() with { DeviceModel = "" }));
    }

    [Theory]
    [InlineData("device.accountEnabled -eq true", true, false)]
    [InlineData("device.accountEnabled -eq false", false, true)]
    [InlineData("device.accountEnabled -ne true", false, true)]
    [InlineData("device.accountEnabled -eq \"True\"", true, false)]
    [InlineData("device.accountEnabled -ne \"false\"", true, false)]
    [InlineData("device.AccountEnabled -EQ TRUE", true, false)]
    public void BooleanPropertyTakesTrueOrFalseWithOrWithoutQuotes(string text, bool autopilot, bool plain)
    {
        var rule = MembershipRule.Parse(text);

        Assert.Equal(autopilot, rule.Matches(RuleDevices.Autopilot()));
        Assert.Equal(plain, rule.Matches(RuleDevices.Plain()));
    }

    [Fact]
    public void BacktickEscapesQuoteAndBacktickInStrings()
    {
        var rule = MembershipRule.Parse("device.displayName -eq \"Rob `\"Laptop`\" ``1\"");

        Assert.True(rule.Matches(RuleDevices.Plain() with { DisplayName = "Rob \"Laptop\" `1" }));
        Assert.False(rule.Matches(RuleDevices.Plain() with { DisplayName = "Rob `\"Laptop`\" ``1" }));
    }

    [Fact]
    public void InListWithOneValueAndEscapes()
    {
        var rule = MembershipRule.Parse("device.displayName -in [\"a`\"b\"]");

        Assert.True(rule.Matches(RuleDevices.Plain() with { DisplayName = "A\"B" }));
        Assert.False(rule.Matches(RuleDevices.Plain()));
    }

    [Fact]
    public void CatastrophicBacktrackingPatternTimesOutAndIsNotAMember()
    {
        var rule = MembershipRule.Parse("device.displayName -match \"^(\\w+\\s?)*$\"");
        var device = RuleDevices.Plain() with { DisplayName = new string('a', 64) + "!" };

        Assert.Equal(RuleMatch.TimedOut, rule.Evaluate(device));
        Assert.False(rule.Matches(device));
        Assert.Equal(RuleMatch.Match, rule.Evaluate(RuleDevices.Plain() with { DisplayName = "kiosk seven" }));
    }

    [Fact]
    public void TimeoutInsideAnyTimesOutTheWholeRule()
    {
        var rule = MembershipRule.Parse("device.devicePhysicalIds -any (_ -notMatch \"^(\\w+\\s?)*$\")");
        var device = RuleDevices.Plain() with { DevicePhysicalIds = [new string('a', 64) + "!"] };

        Assert.Equal(RuleMatch.TimedOut, rule.Evaluate(device));
    }

    [Fact]
    public void EvaluateDoesNotAllocateForTheCommonOperators()
    {
        var rule = MembershipRule.Parse(
            "device.devicePhysicalIds -any (_ -startsWith \"[OrderId]:\") -and device.objectId -ne null " +
            "-and device.deviceModel -in [\"x\", \"HP EliteBook 840 G8\"] -and device.displayName -match \"^desktop\" " +
            "-and -not (device.deviceManufacturer -contains \"dell\") -and device.accountEnabled -eq true");
        var device = RuleDevices.Autopilot();
        Assert.True(rule.Matches(device));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            rule.Evaluate(device);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
