using AutopilotPortal.Core.Groups.Rules;

namespace AutopilotPortal.Core.Tests.Groups.Rules;

public class MembershipRuleParsingTests
{
    private const string A = "device.displayName -eq \"a\"";
    private const string B = "device.deviceModel -eq \"b\"";
    private const string C = "device.deviceOSType -eq \"c\"";

    [Fact]
    public void AndBindsTighterThanOr()
    {
        var rule = MembershipRule.Parse($"{A} -or {B} -and {C}");

        Assert.Equal($"({A} -or ({B} -and {C}))", rule.Root.ToString());
    }

    [Fact]
    public void AndBindsTighterThanOrOnTheLeftToo()
    {
        var rule = MembershipRule.Parse($"{A} -and {B} -or {C}");

        Assert.Equal($"(({A} -and {B}) -or {C})", rule.Root.ToString());
    }

    [Fact]
    public void ParenthesesOverridePrecedence()
    {
        var rule = MembershipRule.Parse($"({A} -or {B}) -and {C}");

        Assert.Equal($"(({A} -or {B}) -and {C})", rule.Root.ToString());
    }

    [Fact]
    public void NotBindsTighterThanAndButLooserThanComparisons()
    {
        var rule = MembershipRule.Parse($"-not {A} -and {B}");

        Assert.Equal($"(-not {A} -and {B})", rule.Root.ToString());
    }

    [Fact]
    public void NotOfParenthesesNegatesTheWholeGroup()
    {
        var rule = MembershipRule.Parse($"-not ({A} -or {B})");

        Assert.Equal($"-not ({A} -or {B})", rule.Root.ToString());
    }

    [Fact]
    public void AndAndOrAssociateToTheLeft()
    {
        var rule = MembershipRule.Parse($"{A} -or {B} -or {C}");

        Assert.Equal($"(({A} -or {B}) -or {C})", rule.Root.ToString());
    }

    [Fact]
    public void PrecedenceDecidesEvaluation()
    {
        // a -or b -and c with a true, b false, c false: true only if -and binds first.
        var rule = MembershipRule.Parse(
            "device.accountEnabled -eq true -or device.deviceModel -eq \"x\" -and device.deviceModel -eq \"y\"");
        var negated = MembershipRule.Parse(
            "-not device.accountEnabled -eq false -and device.deviceModel -eq \"HP EliteBook 840 G8\"");

        Assert.True(rule.Matches(RuleDevices.Autopilot()));
        Assert.True(negated.Matches(RuleDevices.Autopilot()));
        Assert.False(negated.Matches(RuleDevices.Plain()));
    }

    [Fact]
    public void AnyWithoutParenthesesTakesOneConditionAndLeavesTheRestOutside()
    {
        var rule = MembershipRule.Parse(
            "device.devicePhysicalIDs -any _ -contains \"[ZTDId]\" -and device.accountEnabled -eq true");

        Assert.Equal(
            "(device.devicePhysicalIds -any (_ -contains \"[ZTDId]\") -and device.accountEnabled -eq true)",
            rule.Root.ToString());
    }

    [Fact]
    public void OperatorsWorkWithoutDashAndInAnyCase()
    {
        var rule = MembershipRule.Parse(
            "DEVICE.DEVICEMODEL STARTSWITH \"hp\" and not (device.displayname EQ \"x\") OR device.devicePhysicalIds ANY _ CONTAINS \"[ztdid]\"");

        Assert.Equal(
            "((device.deviceModel -startsWith \"hp\" -and -not device.displayName -eq \"x\") -or " +
            "device.devicePhysicalIds -any (_ -contains \"[ztdid]\"))",
            rule.Root.ToString());
    }

    [Fact]
    public void EnDashFromCopiedDocumentationReadsAsDash()
    {
        var rule = MembershipRule.Parse("device.deviceModel \u2013eq \"x\" \u2013or device.objectId \u2013ne null");

        Assert.Equal("(device.deviceModel -eq \"x\" -or device.objectId -ne null)", rule.Root.ToString());
    }

    [Fact]
    public void WrittenFormParsesBackToTheSameTree()
    {
        var rule = MembershipRule.Parse(
            "device.displayName -in [\"a`\"\", \"``b\"] -and (device.devicePhysicalIds -all (_ -match \"^\\[\" -or _ -eq null))");

        var again = MembershipRule.Parse(rule.Root.ToString());

        Assert.Equal(rule.Root.ToString(), again.Root.ToString());
    }

    [Fact]
    public void PropertiesListExactlyTheReferencedPropertiesByCanonicalName()
    {
        var rule = MembershipRule.Parse(
            "device.DEVICEPHYSICALIDS -any (_ -contains \"[ZTDId]\") -and device.accountenabled -eq true " +
            "-or device.deviceOSType -eq \"Windows\" -or device.deviceostype -eq \"iOS\"");

        Assert.Equal(["accountEnabled", "deviceOSType", "devicePhysicalIds"], rule.Properties.Order(StringComparer.Ordinal));
        Assert.Contains("DevicePhysicalIds", rule.Properties);
        Assert.DoesNotContain("displayName", rule.Properties);
    }

    [Fact]
    public void PropertiesOfASingleConditionRule()
    {
        var rule = MembershipRule.Parse("device.enrollmentProfileName -eq \"Kiosk\"");

        Assert.Equal(["enrollmentProfileName"], rule.Properties);
    }

    [Fact]
    public void TryParseReturnsTheRuleForValidText()
    {
        var parsed = MembershipRule.TryParse("device.objectId -ne null", out var rule, out var error);

        Assert.True(parsed);
        Assert.NotNull(rule);
        Assert.Null(error);
        Assert.Equal("device.objectId -ne null", rule.ToString());
    }

    [Fact]
    public void RuleOfExactlyMaxLengthIsAccepted()
    {
        var start = "device.displayName -eq \"";
        var text = start + new string('x', MembershipRule.MaxLength - start.Length - 1) + "\"";

        var rule = MembershipRule.Parse(text);

        Assert.Equal(MembershipRule.MaxLength, rule.Text.Length);
    }
}
