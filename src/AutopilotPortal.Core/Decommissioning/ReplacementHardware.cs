using AutopilotPortal.Core.Hardware;

namespace AutopilotPortal.Core.Decommissioning;

/// <summary>
/// What a motherboard replacement's new hash says beside the old device's, and where they differ in ways that
/// make it likely the wrong hash was given: another maker or model, another serial, a virtual machine for a
/// physical device (or the reverse), a TPM lost or of another version.
/// </summary>
public static class ReplacementHardware
{
    /// <summary>"Physical", or "Virtual machine (VMware)".</summary>
    public static string Kind(HardwareHashInfo info) =>
        info.IsVirtualMachine ? $"Virtual machine{(info.VirtualMachineKind is { } kind ? $" ({kind})" : string.Empty)}" : "Physical";

    /// <summary>"TPM 2.0", or "None".</summary>
    public static string Tpm(HardwareHashInfo info) =>
        info.TpmSpecVersion is { } version ? $"TPM {version}" : info.TpmVersion is { Length: > 0 } ? "TPM (version unknown)" : "None";

    /// <summary>The differences between the old device's hardware and the new hash's, each a sentence; empty when they agree.</summary>
    public static IReadOnlyList<string> Differences(HardwareHashInfo old, HardwareHashInfo replacement)
    {
        var differences = new List<string>();
        if (!Same(old.Manufacturer, replacement.Manufacturer))
        {
            differences.Add($"The manufacturer differs: the device is from {old.Manufacturer.Trim()}, the new hash from {replacement.Manufacturer.Trim()}.");
        }

        if (!Same(old.Model, replacement.Model))
        {
            differences.Add($"The model differs: the device is a {Text(old.Model)}, the new hash a {Text(replacement.Model)}.");
        }

        if (!Same(old.SerialNumber, replacement.SerialNumber))
        {
            differences.Add($"The serial number differs: {old.SerialNumber.Trim()} before, {replacement.SerialNumber.Trim()} in the new hash. A replaced board is usually given the device's serial again.");
        }

        if (old.IsVirtualMachine != replacement.IsVirtualMachine)
        {
            differences.Add(old.IsVirtualMachine
                ? $"The device is a virtual machine, but the new hash is of a physical device."
                : $"The device is physical, but the new hash is of a {Kind(replacement).ToLowerInvariant()}: a board replacement never makes a virtual machine.");
        }

        if (!Same(old.TpmSpecVersion, replacement.TpmSpecVersion))
        {
            differences.Add($"The TPM differs: {Tpm(old)} before, {Tpm(replacement)} in the new hash." +
                (old.TpmSpecVersion == "2.0" ? " Self-deploying and pre-provisioning need TPM 2.0." : string.Empty));
        }

        return differences;
    }

    private static bool Same(string? a, string? b) => string.Equals(a?.Trim() ?? string.Empty, b?.Trim() ?? string.Empty, StringComparison.OrdinalIgnoreCase);

    private static string Text(string? value) => string.IsNullOrWhiteSpace(value) ? "(no model)" : value.Trim();
}
