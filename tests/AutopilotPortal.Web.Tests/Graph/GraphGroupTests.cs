using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace AutopilotPortal.Web.Tests.Graph;

/// <summary>Device groups as scripts make them: a dynamic group on the group tag's <c>[OrderId]</c>, through the Graph SDK.</summary>
public sealed class GraphGroupTests(PortalWebApplicationFactory factory) : IClassFixture<PortalWebApplicationFactory>
{
    private const string Rule = "(device.devicePhysicalIds -any (_ -eq \"[OrderId]:Tag4600\"))";

    [Fact]
    public async Task AddToGroupAsGetWindowsAutopilotInfoDoesItFindsTheDeviceBySearchAndAddsItByReference()
    {
        var outcome = (await factory.Services.GetRequiredService<DeviceRegistrationService>().RegisterAsync(TestTenant.Id,
            [RegistrationValidator.Prepare(new RegistrationRequest(2, null, null, HardwareHashBuilder.Synthetic(new Random(4630)).Build(), null))], dryRun: false))[0];
        var groups = factory.Services.GetRequiredService<GroupService>();
        var assigned = await groups.CreateAsync(PortalCaller.System, "AddToGroup 4630", null, GroupMembershipType.Assigned, null);
        var dynamic = await groups.CreateAsync(PortalCaller.System, "AddToGroup 4630 dynamic", null, GroupMembershipType.Dynamic, Rule);
        var graph = await GraphClients.SdkAsync(factory, PortalRole.Admin);
        var autopilot = await graph.DeviceManagement.WindowsAutopilotDeviceIdentities[outcome.AutopilotDeviceId.ToString()].GetAsync();

        // Get-MgGroup -Filter "DisplayName eq '…'", then Get-MgDevice -Search "deviceId:…" -ConsistencyLevel eventual.
        var group = Assert.Single((await graph.Groups.GetAsync(r => r.QueryParameters.Filter = "displayName eq 'AddToGroup 4630'"))!.Value!);
        var found = await graph.Devices.GetAsync(r =>
        {
            r.QueryParameters.Search = $"\"deviceId:{autopilot!.AzureActiveDirectoryDeviceId}\"";
            r.Headers.Add("ConsistencyLevel", "eventual");
        });
        var withoutHeader = await Assert.ThrowsAsync<ODataError>(() => graph.Devices.GetAsync(r => r.QueryParameters.Search = $"\"deviceId:{autopilot!.AzureActiveDirectoryDeviceId}\""));
        var device = Assert.Single(found!.Value!);

        // New-MgGroupMember -GroupId … -DirectoryObjectId …
        // A new body each time: the SDK's backing store sends only what changed since an object was last sent.
        ReferenceCreate Reference() => new() { OdataId = $"https://graph.microsoft.com/v1.0/directoryObjects/{device.Id}" };
        await graph.Groups[group.Id].Members.Ref.PostAsync(Reference());
        var again = await Assert.ThrowsAsync<ODataError>(() => graph.Groups[group.Id].Members.Ref.PostAsync(Reference()));
        var intoDynamic = await Assert.ThrowsAsync<ODataError>(() => graph.Groups[dynamic.Id.ToString()].Members.Ref.PostAsync(Reference()));
        var members = await groups.ListMembersAsync(PortalCaller.System, assigned.Id, 0, 10);
        await graph.Groups[group.Id].Members[device.Id].Ref.DeleteAsync();
        var removedAgain = await Assert.ThrowsAsync<ODataError>(() => graph.Groups[group.Id].Members[device.Id].Ref.DeleteAsync());

        Assert.Equal(autopilot!.AzureActiveDirectoryDeviceId, device.DeviceId);
        Assert.Equal("Request_UnsupportedQuery", withoutHeader.Error!.Code);
        Assert.Equal(device.Id, Assert.Single(members.Items).DeviceObjectId.ToString());
        Assert.Equal(((int)HttpStatusCode.BadRequest, "Request_BadRequest"), (again.ResponseStatusCode, again.Error!.Code));
        Assert.Contains("dynamic group", intoDynamic.Error!.Message, StringComparison.Ordinal);
        Assert.Empty((await groups.ListMembersAsync(PortalCaller.System, assigned.Id, 0, 10)).Items);
        Assert.Equal((int)HttpStatusCode.NotFound, removedAgain.ResponseStatusCode);
    }

    [Fact]
    public async Task ADynamicGroupMadeThroughTheSdkTakesItsDevicesAndIsFoundChangedAndDeleted()
    {
        var outcomes = await factory.Services.GetRequiredService<DeviceRegistrationService>().RegisterAsync(TestTenant.Id,
            Enumerable.Range(0, 3).Select(n => RegistrationValidator.Prepare(new RegistrationRequest(n + 2, null, null,
                HardwareHashBuilder.Synthetic(new Random(4600 + n)).Build(), n == 2 ? "Tag4600-other" : "Tag4600"))).ToList(), dryRun: false);
        var graph = await GraphClients.SdkAsync(factory, PortalRole.Admin);

        var created = await graph.Groups.PostAsync(new Group
        {
            DisplayName = "Autopilot Tag4600",
            Description = "Devices tagged Tag4600",
            GroupTypes = ["DynamicMembership"],
            MembershipRule = Rule,
            MembershipRuleProcessingState = "On",
            MailEnabled = false,
            MailNickname = "autopilot-tag4600",
            SecurityEnabled = true,
        });
        var byName = await graph.Groups.GetAsync(r => r.QueryParameters.Filter = "displayName eq 'Autopilot Tag4600'");
        var byPrefix = await graph.Groups.GetAsync(r => r.QueryParameters.Filter = "startswith(displayName,'Autopilot Tag46') and groupTypes/any(c:c eq 'DynamicMembership')");
        var assignedOnly = await graph.Groups.GetAsync(r => r.QueryParameters.Filter = "startswith(displayName,'Autopilot Tag46') and not(groupTypes/any(c:c eq 'DynamicMembership'))");
        var groups = factory.Services.GetRequiredService<GroupService>();
        var members = await groups.ListMembersAsync(PortalCaller.System, Guid.Parse(created!.Id!), 0, 10);

        Assert.Equal(["DynamicMembership"], created.GroupTypes!);
        Assert.Equal(Rule, created.MembershipRule);
        Assert.Equal(created.Id, Assert.Single(byName!.Value!).Id);
        Assert.Equal(created.Id, Assert.Single(byPrefix!.Value!).Id);
        Assert.Empty(assignedOnly!.Value!);
        Assert.Equal(new[] { outcomes[0].SerialNumber!, outcomes[1].SerialNumber! }.Order(StringComparer.Ordinal), members.Items.Select(m => m.DisplayName).Order(StringComparer.Ordinal));

        await graph.Groups[created.Id].PatchAsync(new Group { MembershipRule = "(device.devicePhysicalIds -any (_ -eq \"[OrderId]:Tag4600-other\"))" });
        var changed = await graph.Groups[created.Id].GetAsync();
        var nowMembers = await groups.ListMembersAsync(PortalCaller.System, Guid.Parse(created.Id!), 0, 10);
        Assert.Contains("Tag4600-other", changed!.MembershipRule, StringComparison.Ordinal);
        Assert.Equal(outcomes[2].SerialNumber, Assert.Single(nowMembers.Items).DisplayName);

        await graph.Groups[created.Id].DeleteAsync();
        var gone = await Assert.ThrowsAsync<ODataError>(() => graph.Groups[created.Id].GetAsync());
        Assert.Equal((int)HttpStatusCode.NotFound, gone.ResponseStatusCode);
    }

    [Fact]
    public async Task ARuleThatDoesNotParseIsA400NamingWhereAndNothingIsCreated()
    {
        using var http = await GraphClients.HttpAsync(factory, PortalRole.Admin);

        using var response = await http.PostAsync("/beta/groups", new StringContent(
            """{"displayName":"Broken rule 4610","groupTypes":["DynamicMembership"],"membershipRule":"(device.devicePhysicalIds -any (_ -eq \"[OrderId]:X\")","mailEnabled":false,"securityEnabled":true}""",
            Encoding.UTF8, "application/json"));
        var list = await http.GetFromJsonAsync<JsonElement>("/beta/groups?$filter=displayName eq 'Broken rule 4610'");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("message").GetString();
        Assert.StartsWith("membershipRule: ", message, StringComparison.Ordinal);
        Assert.Empty(list.GetProperty("value").EnumerateArray());
    }

    [Fact]
    public async Task GroupsPageByIdWithoutRepeatsAndAFilterNoIndexServesIsRefused()
    {
        var groups = factory.Services.GetRequiredService<GroupService>();
        var made = new List<string>();
        for (var n = 0; n < 5; n++)
        {
            made.Add((await groups.CreateAsync(PortalCaller.System, $"Paged 4620 {n}", null, GroupMembershipType.Assigned, null)).Id.ToString());
        }

        using var http = await GraphClients.HttpAsync(factory, PortalRole.Reader);
        var seen = new List<string>();
        string? next = "/v1.0/groups?$filter=startswith(displayName,'Paged 4620')&$top=2";
        var pages = 0;
        while (next is not null)
        {
            var page = await http.GetFromJsonAsync<JsonElement>(next);
            seen.AddRange(page.GetProperty("value").EnumerateArray().Select(g => g.GetProperty("id").GetString()!));
            next = page.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
            pages++;
        }

        using var refused = await http.GetAsync("/beta/groups?$filter=contains(description,'x')");

        Assert.Equal(3, pages);
        Assert.Equal(made.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("no index serves", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
