using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Intune;

namespace AutopilotPortal.Core.Registration;

/// <summary>
/// The Entra object and the Intune row a DDS registration stands for, built the same way by
/// registration (at once) and by sync (for registrations made elsewhere).
/// </summary>
internal static class RegisteredDeviceRecords
{
    /// <summary>The disabled Entra object Autopilot creates, named with the serial and stamped with the registration's physical ids.</summary>
    /// <param name="registration">The registration the object stands for.</param>
    /// <param name="now">Its creation time.</param>
    /// <param name="deviceId">Its Entra device id, or null for a new random one.</param>
    public static DirectoryDevice DirectoryObject(DeviceRegistration registration, DateTime now, Guid? deviceId = null) => new()
    {
        Id = Ids.NewTimeOrdered(now),
        DeviceId = deviceId ?? Ids.NewRandom(),
        TenantId = registration.TenantId,
        DisplayName = registration.SerialNumber,
        AccountEnabled = false,
        TrustType = DeviceTrustType.AzureAd,
        OperatingSystem = "Windows",
        Manufacturer = registration.Manufacturer,
        Model = registration.Model,
        PhysicalIds = PhysicalIds.For(registration.Ztdid, registration.HardwareKey, registration.GroupTag, registration.PurchaseOrderId),
        HardwareKey = registration.HardwareKey,
        Ztdid = registration.Ztdid,
        CreatedAt = now,
    };

    /// <summary>Intune's row for the registration, pointing at its Entra object; SKU and family come from the hash when it was decoded.</summary>
    public static AutopilotDevice IntuneDevice(DeviceRegistration registration, DirectoryDevice directory, DateTime now, string? sku = null, string? family = null) => new()
    {
        Id = Ids.NewTimeOrdered(now),
        TenantId = registration.TenantId,
        RegistrationId = registration.Id,
        Ztdid = registration.Ztdid,
        SerialNumber = registration.SerialNumber,
        SerialKey = registration.SerialKey,
        Manufacturer = registration.Manufacturer,
        Model = registration.Model,
        ProductKey = registration.ProductKeyId,
        SkuNumber = sku,
        SystemFamily = family,
        GroupTag = registration.GroupTag,
        PurchaseOrderIdentifier = registration.PurchaseOrderId,
        UserPrincipalName = registration.AssignedUserPrincipalName,
        DirectoryObjectId = directory.Id,
        AzureActiveDirectoryDeviceId = directory.DeviceId,
        EnrollmentState = EnrollmentState.NotContacted,
        ProfileStatus = ProfileAssignmentStatus.NotAssigned,
        CreatedAt = now,
    };
}
