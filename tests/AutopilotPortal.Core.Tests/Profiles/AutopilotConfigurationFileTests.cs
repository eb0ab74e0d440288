using System.Text;
using System.Text.Json;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Tests.Shared;

namespace AutopilotPortal.Core.Tests.Profiles;

public class AutopilotConfigurationFileTests
{
    private static DeploymentProfile Profile(Action<DeploymentProfile>? change = null)
    {
        var profile = new DeploymentProfile
        {
            Id = new Guid("7f9e6025-1e13-45f3-bf82-a3e8c5b59eac"),
            TenantId = TestTenant.Id,
            DisplayName = "Sales laptops",
            UserType = ProfileUserType.Standard,
            HidePrivacySettings = true,
            HideEula = true,
            SkipKeyboardSelectionPage = true,
            HideEscapeLink = true,
            Language = "en-US",
            DeviceNameTemplate = "SALES-%SERIAL%",
        };
        change?.Invoke(profile);
        return profile;
    }

    [Fact]
    public void TheFileHasExactlyTheKeysWindowsReadsWithTheProfilesValues()
    {
        var json = AutopilotConfigurationFile.Write(Profile(), TestTenant.Id, "contoso.onmicrosoft.com");

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(
            ["Comment_File", "Version", "ZtdCorrelationId", "CloudAssignedTenantId", "CloudAssignedTenantDomain", "CloudAssignedDeviceName",
             "CloudAssignedOobeConfig", "CloudAssignedDomainJoinMethod", "CloudAssignedForcedEnrollment", "CloudAssignedAadServerData",
             "CloudAssignedLanguage", "CloudAssignedAutopilotUpdateDisabled", "CloudAssignedAutopilotUpdateTimeout"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Profile Sales laptops", root.GetProperty("Comment_File").GetString());
        Assert.Equal(2049, root.GetProperty("Version").GetInt32());
        Assert.Equal("7f9e6025-1e13-45f3-bf82-a3e8c5b59eac", root.GetProperty("ZtdCorrelationId").GetString());
        Assert.Equal(TestTenant.Id.ToString(), root.GetProperty("CloudAssignedTenantId").GetString());
        Assert.Equal("contoso.onmicrosoft.com", root.GetProperty("CloudAssignedTenantDomain").GetString());
        Assert.Equal("SALES-%SERIAL%", root.GetProperty("CloudAssignedDeviceName").GetString());
        Assert.Equal(1310, root.GetProperty("CloudAssignedOobeConfig").GetInt32());
        Assert.Equal(0, root.GetProperty("CloudAssignedDomainJoinMethod").GetInt32());
        Assert.Equal(1, root.GetProperty("CloudAssignedForcedEnrollment").GetInt32());
        Assert.Equal("en-US", root.GetProperty("CloudAssignedLanguage").GetString());
        Assert.Equal(1, root.GetProperty("CloudAssignedAutopilotUpdateDisabled").GetInt32());
        Assert.Equal(1800000, root.GetProperty("CloudAssignedAutopilotUpdateTimeout").GetInt32());
        Assert.Equal(
            """{"ZeroTouchConfig":{"CloudAssignedTenantUpn":"","ForcedEnrollment":1,"CloudAssignedTenantDomain":"contoso.onmicrosoft.com"}}""",
            root.GetProperty("CloudAssignedAadServerData").GetString());
        Assert.Contains("\"CloudAssignedAadServerData\": \"{\\\"ZeroTouchConfig\\\":", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ProfileUserType.Standard, true, true, true, ProfileDeploymentMode.UserDriven, 1310)] // 1024+256+16+8+4+2
    [InlineData(ProfileUserType.Administrator, true, true, true, ProfileDeploymentMode.UserDriven, 1308)]
    [InlineData(ProfileUserType.Administrator, false, false, false, ProfileDeploymentMode.UserDriven, 264)] // only the two bits Intune always sets
    [InlineData(ProfileUserType.Standard, true, false, false, ProfileDeploymentMode.UserDriven, 270)]
    [InlineData(ProfileUserType.Administrator, false, true, false, ProfileDeploymentMode.UserDriven, 280)]
    [InlineData(ProfileUserType.Administrator, false, false, true, ProfileDeploymentMode.SelfDeploying, 1384)] // + TPM attestation 32, device auth 64
    public void TheOobeBitmaskFollowsTheSettings(ProfileUserType user, bool privacy, bool eula, bool keyboard, ProfileDeploymentMode mode, int expected)
    {
        var profile = Profile(p => (p.UserType, p.HidePrivacySettings, p.HideEula, p.SkipKeyboardSelectionPage, p.DeploymentMode) = (user, privacy, eula, keyboard, mode));

        Assert.Equal(expected, (int)AutopilotConfigurationFile.OobeConfig(profile));
    }

    [Fact]
    public void HybridJoinIsMethodOneAndMayCarryTheConnectivityCheckSkip()
    {
        var profile = Profile(p => (p.JoinType, p.DeviceNameTemplate, p.SkipConnectivityCheck) = (ProfileJoinType.HybridJoined, null, true));

        using var document = JsonDocument.Parse(AutopilotConfigurationFile.Write(profile, TestTenant.Id, "contoso.onmicrosoft.com"));

        Assert.Equal(1, document.RootElement.GetProperty("CloudAssignedDomainJoinMethod").GetInt32());
        Assert.Equal(1, document.RootElement.GetProperty("HybridJoinSkipDCConnectivityCheck").GetInt32());
        Assert.False(document.RootElement.TryGetProperty("CloudAssignedDeviceName", out _));
    }

    [Fact]
    public void NonAsciiIsEscapedSoTheFileIsPureAscii()
    {
        var profile = Profile(p => p.DisplayName = "Ventes Québec 🚀");

        var bytes = AutopilotConfigurationFile.WriteBytes(profile, TestTenant.Id, "contoso.onmicrosoft.com");

        Assert.All(bytes, b => Assert.InRange(b, (byte)0x09, (byte)0x7e));
        Assert.NotEqual(0xEF, bytes[0]); // no byte order mark
        var text = Encoding.ASCII.GetString(bytes);
        Assert.Contains("\"Comment_File\": \"Profile Ventes Qu\\u00E9bec \\uD83D\\uDE80\"", text, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(text);
        Assert.Equal("Profile Ventes Québec 🚀", document.RootElement.GetProperty("Comment_File").GetString());
    }
}
