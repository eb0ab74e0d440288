using Microsoft.OData.Edm;

namespace AutopilotPortal.Web.Graph;

/// <summary>
/// The part of Microsoft Graph's EDM model (namespace <c>microsoft.graph</c>) the API serves, so that
/// query options are parsed and checked by the OData library against the same names and types Graph has.
/// </summary>
internal static class GraphModel
{
    public const string Namespace = "microsoft.graph";

    public static IEdmModel Model { get; }

    public static EdmEntityType AutopilotDeviceIdentity { get; }

    public static EdmEntitySet AutopilotDeviceIdentities { get; }

    public static EdmEntityType ManagedDevice { get; }

    public static EdmEntityType Device { get; }

    public static EdmEntitySet Devices { get; }

    public static EdmEntitySet ManagedDevices { get; }

    public static EdmEntityType Group { get; }

    public static EdmEntitySet Groups { get; }

    static GraphModel()
    {
        var model = new EdmModel();
        AutopilotDeviceIdentity = new EdmEntityType(Namespace, "windowsAutopilotDeviceIdentity");
        AutopilotDeviceIdentity.AddKeys(AutopilotDeviceIdentity.AddStructuralProperty("id", EdmPrimitiveTypeKind.String, isNullable: false));
        foreach (var name in AutopilotDeviceIdentityJson.StringProperties)
        {
            AutopilotDeviceIdentity.AddStructuralProperty(name, EdmPrimitiveTypeKind.String, isNullable: true);
        }

        foreach (var name in AutopilotDeviceIdentityJson.DateProperties)
        {
            AutopilotDeviceIdentity.AddStructuralProperty(name, EdmPrimitiveTypeKind.DateTimeOffset, isNullable: false);
        }

        var profile = new EdmEntityType(Namespace, "windowsAutopilotDeploymentProfile");
        profile.AddKeys(profile.AddStructuralProperty("id", EdmPrimitiveTypeKind.String, isNullable: false));
        profile.AddStructuralProperty("displayName", EdmPrimitiveTypeKind.String, isNullable: true);
        model.AddElement(profile);
        foreach (var name in new[] { "deploymentProfile", "intendedDeploymentProfile" })
        {
            AutopilotDeviceIdentity.AddUnidirectionalNavigation(new EdmNavigationPropertyInfo
            {
                Name = name,
                Target = profile,
                TargetMultiplicity = EdmMultiplicity.ZeroOrOne,
            });
        }

        model.AddElement(AutopilotDeviceIdentity);
        ManagedDevice = new EdmEntityType(Namespace, "managedDevice");
        ManagedDevice.AddKeys(ManagedDevice.AddStructuralProperty("id", EdmPrimitiveTypeKind.String, isNullable: false));
        foreach (var name in new[] { "deviceName", "serialNumber", "operatingSystem", "userPrincipalName", "manufacturer", "model", "azureADDeviceId" })
        {
            ManagedDevice.AddStructuralProperty(name, EdmPrimitiveTypeKind.String, isNullable: true);
        }

        model.AddElement(ManagedDevice);
        Device = new EdmEntityType(Namespace, "device");
        Device.AddKeys(Device.AddStructuralProperty("id", EdmPrimitiveTypeKind.String, isNullable: false));
        foreach (var name in new[] { "deviceId", "displayName", "operatingSystem", "trustType", "manufacturer", "model" })
        {
            Device.AddStructuralProperty(name, EdmPrimitiveTypeKind.String, isNullable: true);
        }

        Device.AddStructuralProperty("physicalIds", new EdmCollectionTypeReference(new EdmCollectionType(EdmCoreModel.Instance.GetString(isNullable: false))));
        model.AddElement(Device);
        Group = new EdmEntityType(Namespace, "group");
        Group.AddKeys(Group.AddStructuralProperty("id", EdmPrimitiveTypeKind.String, isNullable: false));
        foreach (var name in new[] { "displayName", "description", "membershipRule", "membershipRuleProcessingState", "mailNickname" })
        {
            Group.AddStructuralProperty(name, EdmPrimitiveTypeKind.String, isNullable: true);
        }

        Group.AddStructuralProperty("groupTypes", new EdmCollectionTypeReference(new EdmCollectionType(EdmCoreModel.Instance.GetString(isNullable: false))));
        Group.AddStructuralProperty("securityEnabled", EdmPrimitiveTypeKind.Boolean, isNullable: true);
        Group.AddStructuralProperty("mailEnabled", EdmPrimitiveTypeKind.Boolean, isNullable: true);
        model.AddElement(Group);
        var container = new EdmEntityContainer(Namespace, "GraphService");
        model.AddElement(container);
        AutopilotDeviceIdentities = container.AddEntitySet("windowsAutopilotDeviceIdentities", AutopilotDeviceIdentity);
        ManagedDevices = container.AddEntitySet("managedDevices", ManagedDevice);
        Devices = container.AddEntitySet("devices", Device);
        Groups = container.AddEntitySet("groups", Group);
        var profiles = container.AddEntitySet("windowsAutopilotDeploymentProfiles", profile);
        foreach (var navigation in AutopilotDeviceIdentity.NavigationProperties())
        {
            AutopilotDeviceIdentities.AddNavigationTarget(navigation, profiles);
        }
        Model = model;
    }
}
