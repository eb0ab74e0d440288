namespace AutopilotPortal.Core.Hardware;

/// <summary>What a decoded hash's values say about the device: its TPM generation, whether it is a virtual machine.</summary>
internal static class HardwareClassification
{
    /// <summary>The TPM specification version (\"2.0\") from the hash's TPM version text, or null.</summary>
    public static string? TpmSpecVersion(string? tpmVersion)
    {
        const string Key = "TPM-Version:";
        if (tpmVersion is null)
        {
            return null;
        }

        var at = tpmVersion.IndexOf(Key, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var rest = tpmVersion.AsSpan(at + Key.Length).TrimStart();
        var end = 0;
        while (end < rest.Length && (char.IsAsciiDigit(rest[end]) || rest[end] == '.'))
        {
            end++;
        }

        return end == 0 ? null : rest[..end].ToString();
    }

    /// <summary>The kind of virtual machine the SMBIOS values name (Hyper-V, VMware…), or null for physical hardware.</summary>
    public static string? VirtualMachine(string manufacturer, string? model, string? family)
    {
        model ??= string.Empty;
        family ??= string.Empty;

        if (Any("VMware", manufacturer, model, family))
        {
            return "VMware";
        }

        if (manufacturer.Contains("Microsoft", StringComparison.OrdinalIgnoreCase)
            && model.Contains("Virtual Machine", StringComparison.OrdinalIgnoreCase))
        {
            return "Hyper-V";
        }

        if (Any("VirtualBox", manufacturer, model, family) || manufacturer.Contains("innotek", StringComparison.OrdinalIgnoreCase))
        {
            return "VirtualBox";
        }

        if (Any("Parallels", manufacturer, model, family))
        {
            return "Parallels";
        }

        if (Any("QEMU", manufacturer, model, family) || Any("Bochs", manufacturer, model, family))
        {
            return "QEMU";
        }

        if (Any("KVM", manufacturer, model, family) || manufacturer.StartsWith("Red Hat", StringComparison.OrdinalIgnoreCase))
        {
            return "KVM";
        }

        if (manufacturer.Equals("Xen", StringComparison.OrdinalIgnoreCase) || model.Contains("HVM domU", StringComparison.OrdinalIgnoreCase))
        {
            return "Xen";
        }

        if (Any("Nutanix", manufacturer, model, family))
        {
            return "Nutanix AHV";
        }

        if (manufacturer.StartsWith("Amazon EC2", StringComparison.OrdinalIgnoreCase))
        {
            return "Amazon EC2";
        }

        if (manufacturer.StartsWith("Google", StringComparison.OrdinalIgnoreCase) && model.Contains("Compute Engine", StringComparison.OrdinalIgnoreCase))
        {
            return "Google Compute Engine";
        }

        return null;

        static bool Any(string needle, string a, string b, string c) =>
            a.Contains(needle, StringComparison.OrdinalIgnoreCase)
            || b.Contains(needle, StringComparison.OrdinalIgnoreCase)
            || c.Contains(needle, StringComparison.OrdinalIgnoreCase);
    }
}
