using AutopilotPortal.Core.Groups.Rules;

namespace AutopilotPortal.Core.Tests.Groups.Rules;

/// <summary>Devices for rule tests: one Autopilot-registered, one not, and many random ones.</summary>
internal static class RuleDevices
{
    public static readonly Guid ZtdId = Guid.Parse("7d2e1f7a-5c4b-4a39-9f0e-2b8c1d6e4f10");

    /// <summary>An Autopilot device with a ZTDID, an order id and a purchase order id.</summary>
    public static RuleDevice Autopilot() => new()
    {
        ObjectId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
        DeviceId = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"),
        DisplayName = "DESKTOP-4F2K9Q",
        AccountEnabled = true,
        DeviceManufacturer = "HP",
        DeviceModel = "HP EliteBook 840 G8",
        DeviceOSType = "Windows",
        DeviceTrustType = "AzureAD",
        EnrollmentProfileName = "Sales Autopilot",
        DevicePhysicalIds =
        [
            $"[ZTDID]:{ZtdId}",
            "[OrderId]:179887111881",
            "[PurchaseOrderId]:76222342342",
            "[HWID]:h:6966824587347063",
        ],
    };

    /// <summary>A device that never went through Autopilot: no physical ids, nothing optional set.</summary>
    public static RuleDevice Plain() => new()
    {
        ObjectId = Guid.Parse("4b1e0f3c-9a57-4c1d-8e2f-6a0b3c5d7e91"),
        DisplayName = "Kiosk-7",
        AccountEnabled = false,
    };

    private static readonly string?[] Manufacturers = ["HP", "Dell Inc.", "LENOVO", "Microsoft Corporation", null, ""];
    private static readonly string?[] Models = ["HP EliteBook 840 G8", "Latitude 7420", "20XW", "Surface Laptop 5", null];
    private static readonly string?[] Profiles = ["Sales Autopilot", "Kiosk", "sales kiosk", null];
    private static readonly string?[] TrustTypes = ["AzureAD", "ServerAD", "Workplace", null];
    private static readonly string[] Names = ["DESKTOP-4F2K9Q", "Kiosk-7", "LAB-PC-001", "sales-014", "", "Héloïse's PC"];
    private static readonly string[] PhysicalIds =
    [
        "[ZTDID]:7d2e1f7a-5c4b-4a39-9f0e-2b8c1d6e4f10",
        "[ZTDId]:11111111-2222-3333-4444-555555555555",
        "[OrderId]:179887111881",
        "[OrderID]:Kiosk",
        "[PurchaseOrderId]:76222342342",
        "[HWID]:h:6966824587347063",
        "[GID]:g:6966824587347063",
    ];

    /// <summary>Devices with values drawn from small pools, so rules match some and miss others.</summary>
    public static List<RuleDevice> Random(int count, int seed)
    {
        var random = new Random(seed);
        var devices = new List<RuleDevice>(count);
        for (var i = 0; i < count; i++)
        {
            var ids = new List<string>();
            foreach (var id in PhysicalIds)
            {
                if (random.Next(3) == 0)
                {
                    ids.Add(id);
                }
            }

            devices.Add(new RuleDevice
            {
                ObjectId = random.Next(10) == 0 ? Guid.Empty : new Guid(Bytes(random)),
                DeviceId = random.Next(4) == 0 ? Guid.Empty : new Guid(Bytes(random)),
                DisplayName = Pick(random, Names),
                AccountEnabled = random.Next(2) == 0,
                DeviceManufacturer = Pick(random, Manufacturers),
                DeviceModel = Pick(random, Models),
                DeviceOSType = random.Next(5) == 0 ? null : "Windows",
                DeviceTrustType = Pick(random, TrustTypes),
                EnrollmentProfileName = Pick(random, Profiles),
                DevicePhysicalIds = ids,
            });
        }

        return devices;
    }

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];

    private static byte[] Bytes(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return bytes;
    }
}
