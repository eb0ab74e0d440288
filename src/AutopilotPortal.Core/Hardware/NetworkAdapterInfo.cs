namespace AutopilotPortal.Core.Hardware;

/// <summary>A network adapter recorded in a hardware hash (record type 8).</summary>
/// <param name="Medium">The NDIS physical medium: 9 Wi-Fi, 10 Bluetooth, 14 Ethernet.</param>
/// <param name="MacAddress">The permanent MAC address, upper-case, colon separated (<c>AA:BB:CC:DD:EE:FF</c>).</param>
public sealed record NetworkAdapterInfo(uint Medium, string MacAddress)
{
    /// <summary>NDIS physical medium of a wireless LAN adapter.</summary>
    public const uint WiFi = 9;

    /// <summary>NDIS physical medium of a Bluetooth adapter.</summary>
    public const uint Bluetooth = 10;

    /// <summary>NDIS physical medium of a wired (802.3) adapter.</summary>
    public const uint Ethernet = 14;

    /// <summary>A readable name for <see cref="Medium"/>: "Wi-Fi", "Bluetooth", "Ethernet" or "Other (n)".</summary>
    public string MediumName => Medium switch
    {
        WiFi => "Wi-Fi",
        Bluetooth => "Bluetooth",
        Ethernet => "Ethernet",
        _ => $"Other ({Medium})",
    };
}
