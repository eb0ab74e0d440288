using AutopilotPortal.Core.Profiles;

namespace AutopilotPortal.Core.Tests.Profiles;

public class DeviceNameTemplateTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("CONTOSO-%SERIAL%")]
    [InlineData("%SERIAL%")]
    [InlineData("KIOSK-%RAND:5%")]
    [InlineData("ABCDEFGHIJKLMNO")]
    [InlineData("AB%RAND:13%")]
    [InlineData("LAB-%rand:3%")]
    [InlineData("ABCDEFGHIJKLMN%SERIAL%")]
    public void ValidTemplatesHaveNoErrors(string? template) => Assert.Empty(DeviceNameTemplate.Validate(template));

    [Theory]
    [InlineData("CONTOSO %SERIAL%", "Device name template: spaces are not allowed; use letters, digits and hyphens.")]
    [InlineData("HR_%SERIAL%", "Device name template: '_' is not allowed; use letters, digits and hyphens.")]
    [InlineData("PC-%SERIAL", "Device name template: '%SERIAL' is not a macro; use %SERIAL% or %RAND:x% with x a number of digits, for example %RAND:4%.")]
    [InlineData("PC-%NAME%", "Device name template: '%NAME%' is not a macro; use %SERIAL% or %RAND:x% with x a number of digits, for example %RAND:4%.")]
    [InlineData("PC-%RAND:x%", "Device name template: '%RAND:x%' is not a macro; use %SERIAL% or %RAND:x% with x a number of digits, for example %RAND:4%.")]
    [InlineData("%SERIAL%-%RAND:2%", "Device name template: use one macro, either %SERIAL% or %RAND:x%, not 2.")]
    [InlineData("PC-%RAND:0%", "Device name template: %RAND:0% adds no digits; x in %RAND:x% must be 1 or more.")]
    [InlineData("CONTOSO-LAPTOPS-%SERIAL%", "Device name template: the text around %SERIAL% has 16 characters, which leaves no room for the serial number in a name of at most 15.")]
    [InlineData("ABCDEFGHIJKLMNO%SERIAL%", "Device name template: the text around %SERIAL% has 15 characters, which leaves no room for the serial number in a name of at most 15.")]
    [InlineData("CONTOSO-%RAND:8%", "Device name template: the names it makes have 16 characters; Windows allows at most 15.")]
    [InlineData("ABCDEFGHIJKLMNOP", "Device name template: the names it makes have 16 characters; Windows allows at most 15.")]
    [InlineData("%RAND:6%", "Device name template: the names it makes would be only digits; add a letter or a hyphen.")]
    [InlineData("2024%RAND:3%", "Device name template: the names it makes would be only digits; add a letter or a hyphen.")]
    [InlineData("123456", "Device name template: the names it makes would be only digits; add a letter or a hyphen.")]
    public void EachBrokenRuleIsOneSentenceNamingTheField(string template, string expected)
    {
        var error = Assert.Single(DeviceNameTemplate.Validate(template));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TheSerialIsCutSoThatTheNameFitsFifteenCharacters()
    {
        Assert.Equal("CONTOSO-PF5MT6S", DeviceNameTemplate.Expand("CONTOSO-%SERIAL%", "PF5MT6SC", new Random(1)));
        Assert.Equal("PC-PF5MT6SC", DeviceNameTemplate.Expand("PC-%SERIAL%", "PF5MT6SC", new Random(1)));
        Assert.Equal("5CD1234567ABCDE", DeviceNameTemplate.Expand("%SERIAL%", "5CD1234567ABCDEFGH", new Random(1)));
    }

    [Fact]
    public void CharactersANameCannotHoldAreDroppedFromTheSerial()
    {
        // VMware's serial numbers hold spaces and a dash: "VMware-56 4d 2a …".
        Assert.Equal("VM-VMWARE-564D2", DeviceNameTemplate.Expand("VM-%SERIAL%", "VMware-56 4d 2a 1b", new Random(1)));
    }

    [Fact]
    public void RandomDigitsComeFromTheGivenRandomSoAPreviewIsStable()
    {
        var first = DeviceNameTemplate.Expand("KIOSK-%RAND:4%", "ignored", new Random(42));
        var second = DeviceNameTemplate.Expand("KIOSK-%RAND:4%", "ignored", new Random(42));

        Assert.Equal(first, second);
        Assert.Matches("^KIOSK-[0-9]{4}$", first);
    }

    [Fact]
    public void AnInvalidTemplateExpandsToNothing() => Assert.Null(DeviceNameTemplate.Expand("BAD NAME", "X1", new Random(1)));

    [Fact]
    public void ANameOfOnlyDigitsFromANumericSerialIsReported()
    {
        var name = DeviceNameTemplate.Expand("%SERIAL%", "1234567", new Random(1))!;

        Assert.Equal("Device name template: this device's name '1234567' would be only digits; add a letter or a hyphen to the template.", DeviceNameTemplate.CheckName(name));
        Assert.Null(DeviceNameTemplate.CheckName("PC-1234567"));
    }

    [Fact]
    public void SelfDeployingWithHybridJoinIsRefusedWithAClearMessage()
    {
        var settings = new ProfileSettings { DisplayName = "Kiosks", DeploymentMode = ProfileDeploymentMode.SelfDeploying, JoinType = ProfileJoinType.HybridJoined };

        var error = Assert.Single(ProfileRules.Validate(settings.Normalized()));

        Assert.Equal(nameof(ProfileSettings.DeploymentMode), error.Field);
        Assert.Equal("Deployment mode: self-deploying mode works only with Microsoft Entra join; choose user-driven for a hybrid-joined profile, or Entra join.", error.Message);
    }

    [Theory]
    [InlineData("", "", "os-default", nameof(ProfileSettings.DisplayName), "Name: a profile needs a name.")]
    [InlineData("P", "", "english", nameof(ProfileSettings.Language), "Language: 'english' is not a language; use os-default, user-select or a locale such as en-US.")]
    public void OtherRulesNameTheirField(string name, string template, string language, string field, string message)
    {
        var settings = new ProfileSettings { DisplayName = name, DeviceNameTemplate = template, Language = language }.Normalized();

        var error = Assert.Single(ProfileRules.Validate(settings));

        Assert.Equal((field, message), (error.Field, error.Message));
    }

    [Fact]
    public void AHybridProfileTakesNoNameTemplate()
    {
        var settings = new ProfileSettings { DisplayName = "Hybrid", JoinType = ProfileJoinType.HybridJoined, DeviceNameTemplate = "PC-%SERIAL%" }.Normalized();

        var error = Assert.Single(ProfileRules.Validate(settings));

        Assert.Equal(nameof(ProfileSettings.DeviceNameTemplate), error.Field);
        Assert.StartsWith("Device name template: a hybrid-joined device is named by the domain join configuration", error.Message, StringComparison.Ordinal);
    }
}
