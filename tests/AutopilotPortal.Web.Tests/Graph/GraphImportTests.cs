using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AutopilotPortal.Core.Security;
using Microsoft.Graph.Models;

namespace AutopilotPortal.Web.Tests.Graph;

/// <summary>Hashes uploaded the way Get-WindowsAutopilotInfo -Online and the WindowsAutopilotIntune module upload them.</summary>
public sealed class GraphImportTests(PortalWebApplicationFactory factory) : IClassFixture<PortalWebApplicationFactory>
{
    private const string Imported = "/beta/deviceManagement/importedWindowsAutopilotDeviceIdentities";

    [Fact]
    public async Task ARealHashImportedThroughTheSdkCompletesAsTheDeviceAndAgainGets806()
    {
        var (serial, hash) = RealRow("HexDK_SGRE_BG.csv");
        var graph = await GraphClients.SdkAsync(factory, PortalRole.Admin);
        // A new model each time: the SDK's backing store sends only what changed since a model was last sent.
        ImportedWindowsAutopilotDeviceIdentity Upload() => new()
        {
            SerialNumber = serial,
            HardwareIdentifier = Convert.FromBase64String(hash),
            GroupTag = "Kiosk",
            State = new ImportedWindowsAutopilotDeviceIdentityState { DeviceImportStatus = ImportedWindowsAutopilotDeviceIdentityImportStatus.Pending },
        };

        var created = await graph.DeviceManagement.ImportedWindowsAutopilotDeviceIdentities.PostAsync(Upload());
        var read = await graph.DeviceManagement.ImportedWindowsAutopilotDeviceIdentities[created!.Id].GetAsync();
        var device = await graph.DeviceManagement.WindowsAutopilotDeviceIdentities[read!.State!.DeviceRegistrationId].GetAsync();
        var again = await graph.DeviceManagement.ImportedWindowsAutopilotDeviceIdentities.PostAsync(Upload());

        Assert.Equal(ImportedWindowsAutopilotDeviceIdentityImportStatus.Complete, read.State.DeviceImportStatus);
        Assert.Equal(serial, device!.SerialNumber, ignoreCase: true);
        Assert.Equal("Kiosk", device.GroupTag);
        Assert.Equal(ImportedWindowsAutopilotDeviceIdentityImportStatus.Error, again!.State!.DeviceImportStatus);
        Assert.Equal(806, again.State.DeviceErrorCode);
        Assert.Equal("ZtdDeviceAlreadyAssigned", again.State.DeviceErrorName);
    }

    [Fact]
    public async Task TheModulesExactBodyWithItsClientStateIsAcceptedAndEndsComplete()
    {
        var (serial, hash) = RealRow("churlbap_ponise.csv");
        using var http = await GraphClients.HttpAsync(factory, PortalRole.Admin);
        var body = $$"""
            {
                "@odata.type":  "#microsoft.graph.importedWindowsAutopilotDeviceIdentity",
                "groupTag":  "",
                "serialNumber":  "{{serial}}",
                "productKey":  "",
                "hardwareIdentifier":  "{{hash}}",
                "assignedUserPrincipalName":  "",
                "state":  {
                              "@odata.type":  "microsoft.graph.importedWindowsAutopilotDeviceIdentityState",
                              "deviceImportStatus":  "pending",
                              "deviceRegistrationId":  "",
                              "deviceErrorCode":  0,
                              "deviceErrorName":  ""
                          }
            }
            """;

        using var response = await http.PostAsync(Imported, new StringContent(body, Encoding.UTF8, "application/json"));
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var polled = await http.GetFromJsonAsync<JsonElement>($"{Imported}/{created.GetProperty("id").GetString()}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("complete", polled.GetProperty("state").GetProperty("deviceImportStatus").GetString());
        Assert.True(Guid.TryParse(polled.GetProperty("state").GetProperty("deviceRegistrationId").GetString(), out _));
    }

    [Fact]
    public async Task TheImportActionTakesABatchAndABadHashEndsInErrorNotInABrokenBatch()
    {
        var (serial, hash) = RealRow("Pmedley26_PowerShell_6cc4304.csv");
        using var http = await GraphClients.HttpAsync(factory, PortalRole.Admin);
        var body = JsonSerializer.Serialize(new
        {
            importedWindowsAutopilotDeviceIdentities = new object[]
            {
                new { serialNumber = serial, hardwareIdentifier = hash },
                new { serialNumber = "BROKEN1", hardwareIdentifier = "T0EAAAAA" },
            },
        });

        using var response = await http.PostAsync($"{Imported}/import", new StringContent(body, Encoding.UTF8, "application/json"));
        var states = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").EnumerateArray()
            .Select(v => v.GetProperty("state")).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("complete", states[0].GetProperty("deviceImportStatus").GetString());
        Assert.Equal("error", states[1].GetProperty("deviceImportStatus").GetString());
        Assert.Equal("InvalidZtdHardwareHash", states[1].GetProperty("deviceErrorName").GetString());
    }

    [Fact]
    public async Task AReaderMayNotImport()
    {
        using var http = await GraphClients.HttpAsync(factory, PortalRole.Reader);

        using var response = await http.PostAsync(Imported, new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    /// <summary>The serial and hash of a real Windows CSV's first device row (UTF-16LE).</summary>
    private static (string Serial, string Hash) RealRow(string file)
    {
        var cells = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "real-hashes", file), Encoding.Unicode)[1].Split(',');
        return (cells[0].Trim('"'), cells[2].Trim('"'));
    }
}
