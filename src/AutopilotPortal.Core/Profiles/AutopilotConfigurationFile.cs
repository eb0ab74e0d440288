using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AutopilotPortal.Core.Profiles;

/// <summary>
/// Bits of <c>CloudAssignedOobeConfig</c> in <c>AutopilotConfigurationFile.json</c>. The first five
/// are documented by Microsoft; the rest are the values Windows' own diagnostics read back. See
/// <c>docs/decisions/0006-autopilot-configuration-file.md</c> for which ones the portal sets and why.
/// </summary>
[Flags]
public enum OobeConfigFlags
{
    None = 0,
    SkipCortanaOptIn = 1,
    OobeUserNotLocalAdmin = 2,
    SkipExpressSettings = 4,
    SkipOemRegistration = 8,
    SkipEula = 16,
    TpmAttestation = 32,
    EntraDeviceAuthentication = 64,
    EntraTpmRequired = 128,
    SkipWindowsUpgradeUx = 256,
    EnablePatchDownload = 512,
    SkipKeyboardSelection = 1024,
}

/// <summary>
/// Writes a profile as <c>AutopilotConfigurationFile.json</c>, the file "Windows Autopilot for
/// existing devices" places in <c>%WINDIR%\Provisioning\Autopilot</c>. Windows reads it only when
/// it is ASCII (or ANSI): every character outside ASCII is written as a <c>\uXXXX</c> escape.
/// </summary>
public static class AutopilotConfigurationFile
{
    public const string FileName = "AutopilotConfigurationFile.json";

    /// <summary>The file format version Windows 10 1809 and later expect.</summary>
    public const int Version = 2049;

    /// <summary>Milliseconds OOBE waits for Autopilot updates (30 minutes), as Intune writes it.</summary>
    public const int AutopilotUpdateTimeout = 1_800_000;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Escapes quotes as \" like the files Intune's tools write; non-ASCII is escaped afterwards.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = true,
    };

    /// <summary>The <c>CloudAssignedOobeConfig</c> bitmask of a profile's settings.</summary>
    public static OobeConfigFlags OobeConfig(DeploymentProfile profile)
    {
        // Intune always skips OEM registration and the Windows upgrade screen.
        var flags = OobeConfigFlags.SkipOemRegistration | OobeConfigFlags.SkipWindowsUpgradeUx;
        if (profile.UserType == ProfileUserType.Standard)
        {
            flags |= OobeConfigFlags.OobeUserNotLocalAdmin;
        }

        if (profile.HidePrivacySettings)
        {
            flags |= OobeConfigFlags.SkipExpressSettings;
        }

        if (profile.HideEula)
        {
            flags |= OobeConfigFlags.SkipEula;
        }

        if (profile.SkipKeyboardSelectionPage)
        {
            flags |= OobeConfigFlags.SkipKeyboardSelection;
        }

        if (profile.DeploymentMode == ProfileDeploymentMode.SelfDeploying)
        {
            // Self-deploying (Graph deviceUsageType "shared") signs the device in with its TPM.
            flags |= OobeConfigFlags.TpmAttestation | OobeConfigFlags.EntraDeviceAuthentication;
        }

        return flags;
    }

    /// <summary>The file's text (pure ASCII).</summary>
    public static string Write(DeploymentProfile profile, Guid tenantId, string tenantDomain)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("Comment_File", $"Profile {profile.DisplayName}");
            json.WriteNumber("Version", Version);
            json.WriteString("ZtdCorrelationId", profile.Id.ToString("D"));
            json.WriteString("CloudAssignedTenantId", tenantId.ToString("D"));
            json.WriteString("CloudAssignedTenantDomain", tenantDomain);
            if (profile.DeviceNameTemplate is { } template)
            {
                json.WriteString("CloudAssignedDeviceName", template);
            }

            json.WriteNumber("CloudAssignedOobeConfig", (int)OobeConfig(profile));
            json.WriteNumber("CloudAssignedDomainJoinMethod", profile.JoinType == ProfileJoinType.HybridJoined ? 1 : 0);
            json.WriteNumber("CloudAssignedForcedEnrollment", 1);
            json.WriteString("CloudAssignedAadServerData", AadServerData(tenantDomain));
            json.WriteString("CloudAssignedLanguage", profile.Language);
            if (profile.JoinType == ProfileJoinType.HybridJoined && profile.SkipConnectivityCheck)
            {
                json.WriteNumber("HybridJoinSkipDCConnectivityCheck", 1);
            }

            json.WriteNumber("CloudAssignedAutopilotUpdateDisabled", 1);
            json.WriteNumber("CloudAssignedAutopilotUpdateTimeout", AutopilotUpdateTimeout);
            json.WriteEndObject();
        }

        return EscapeNonAscii(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>The file's bytes: ASCII, no byte order mark.</summary>
    public static byte[] WriteBytes(DeploymentProfile profile, Guid tenantId, string tenantDomain) =>
        Encoding.ASCII.GetBytes(Write(profile, tenantId, tenantDomain));

    /// <summary>The embedded JSON string Entra reads for the sign-in page (forced enrollment, tenant domain).</summary>
    private static string AadServerData(string tenantDomain)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions with { Indented = false }))
        {
            json.WriteStartObject();
            json.WriteStartObject("ZeroTouchConfig");
            json.WriteString("CloudAssignedTenantUpn", string.Empty);
            json.WriteNumber("ForcedEnrollment", 1);
            json.WriteString("CloudAssignedTenantDomain", tenantDomain);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// Non-ASCII characters can only stand inside JSON strings, where <c>\uXXXX</c> (one per UTF-16
    /// unit, a surrogate pair as two) means the same character.
    /// </summary>
    private static string EscapeNonAscii(string json)
    {
        var text = new StringBuilder(json.Length);
        foreach (var c in json)
        {
            if (c < 0x80)
            {
                text.Append(c);
            }
            else
            {
                text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
