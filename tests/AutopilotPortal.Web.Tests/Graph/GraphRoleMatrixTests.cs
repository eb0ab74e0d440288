using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AutopilotPortal.Core.ApiClients;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Tests.Shared;
using AutopilotPortal.Web.ApiAuth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Graph;

/// <summary>
/// Every operation the Graph-shaped API maps, called by each role and by each kind of refused token, and on
/// another tenant's records: a role the permission table grants gets the operation's own answer, any other
/// role a 403 Graph error, a missing, expired, other-tenant or revoked-client token a 401 Graph error, and an
/// id of another tenant's record a 404 Graph error. Each call gets records of its own, so a delete in one
/// case never changes another.
/// </summary>
public sealed class GraphRoleMatrixTests(GraphRoleMatrixTests.Portal portal) : IClassFixture<GraphRoleMatrixTests.Portal>
{
    private const string Beta = "/beta";
    private const string Identities = Beta + "/deviceManagement/windowsAutopilotDeviceIdentities";
    private const string Imported = Beta + "/deviceManagement/importedWindowsAutopilotDeviceIdentities";
    private const string Profiles = Beta + "/deviceManagement/windowsAutopilotDeploymentProfiles";
    private const string Managed = Beta + "/deviceManagement/managedDevices";
    private const string Rule = "(device.devicePhysicalIds -any (_ -eq \"[OrderId]:Matrix\"))";

    private static readonly HttpStatusCode[] Ok = [HttpStatusCode.OK];
    private static readonly HttpStatusCode[] Created = [HttpStatusCode.Created];
    private static readonly HttpStatusCode[] NoContent = [HttpStatusCode.NoContent];

    // A sync asked for within the manual-sync interval of an earlier one is throttled, and one asked for while one
    // runs is a conflict: both are Intune's answers to a caller that may sync.
    private static readonly HttpStatusCode[] SyncAnswers = [HttpStatusCode.NoContent, HttpStatusCode.Conflict, HttpStatusCode.TooManyRequests];

    /// <summary>Every route the API maps, with the permission its service demands and the answer a permitted caller gets.</summary>
    private static readonly Operation[] Operations =
    [
        new("identities.list", "GET", Identities, Record.None, PortalPermission.ReadDevices, Ok),
        new("identities.get", "GET", Identities + "/{id}", Record.AutopilotDevice, PortalPermission.ReadDevices, Ok),
        new("identities.delete", "DELETE", Identities + "/{id}", Record.AutopilotDevice, PortalPermission.DeleteDevices, NoContent),
        new("identities.updateDeviceProperties", "POST", Identities + "/{id}/updateDeviceProperties", Record.AutopilotDevice, PortalPermission.EditDevices, NoContent,
            """{"groupTag":"Matrix"}"""),
        new("identities.assignUserToDevice", "POST", Identities + "/{id}/assignUserToDevice", Record.AutopilotDevice, PortalPermission.EditDevices, NoContent,
            """{"userPrincipalName":"adele.vance@contoso.com"}"""),
        new("identities.unassignUserFromDevice", "POST", Identities + "/{id}/unassignUserFromDevice", Record.AutopilotDevice, PortalPermission.EditDevices, NoContent),
        new("identities.allowNextEnrollment", "POST", Identities + "/{id}/allowNextEnrollment", Record.AutopilotDevice, PortalPermission.EditDevices, NoContent),
        new("settings.get", "GET", Beta + "/deviceManagement/windowsAutopilotSettings", Record.None, PortalPermission.ReadDevices, Ok),
        new("settings.sync", "POST", Beta + "/deviceManagement/windowsAutopilotSettings/sync", Record.None, PortalPermission.TriggerSync, SyncAnswers),
        new("imported.create", "POST", Imported, Record.None, PortalPermission.ImportDevices, Created,
            """{"groupTag":"Matrix","hardwareIdentifier":"{hash}"}"""),
        new("imported.import", "POST", Imported + "/import", Record.None, PortalPermission.ImportDevices, Ok,
            """{"importedWindowsAutopilotDeviceIdentities":[{"groupTag":"Matrix","hardwareIdentifier":"{hash}"}]}"""),
        new("imported.list", "GET", Imported, Record.None, PortalPermission.ReadImports, Ok),
        new("imported.get", "GET", Imported + "/{id}", Record.ImportedIdentity, PortalPermission.ReadImports, Ok),
        new("imported.delete", "DELETE", Imported + "/{id}", Record.ImportedIdentity, PortalPermission.ImportDevices, NoContent),
        new("profiles.list", "GET", Profiles, Record.None, PortalPermission.ReadDevices, Ok),
        new("profiles.get", "GET", Profiles + "/{id}", Record.Profile, PortalPermission.ReadDevices, Ok),
        new("profiles.create", "POST", Profiles, Record.None, PortalPermission.ManageGroupsAndProfiles, Created,
            """{"@odata.type":"#microsoft.graph.azureADWindowsAutopilotDeploymentProfile","displayName":"Matrix {unique}"}"""),
        new("profiles.update", "PATCH", Profiles + "/{id}", Record.Profile, PortalPermission.ManageGroupsAndProfiles, NoContent,
            """{"displayName":"Matrix {unique} renamed"}"""),
        new("profiles.delete", "DELETE", Profiles + "/{id}", Record.Profile, PortalPermission.ManageGroupsAndProfiles, NoContent),
        new("profiles.assignments.list", "GET", Profiles + "/{id}/assignments", Record.AssignedProfile, PortalPermission.ReadDevices, Ok),
        new("profiles.assignments.create", "POST", Profiles + "/{id}/assignments", Record.Profile, PortalPermission.ManageGroupsAndProfiles, Created,
            """{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"{group}"}}"""),
        new("profiles.assignments.delete", "DELETE", Profiles + "/{id}/assignments/{id}_{group}_0", Record.AssignedProfile, PortalPermission.ManageGroupsAndProfiles, NoContent),
        new("profiles.assignedDevices", "GET", Profiles + "/{id}/assignedDevices", Record.Profile, PortalPermission.ReadDevices, Ok),
        new("managedDevices.list", "GET", Managed, Record.None, PortalPermission.ReadDevices, Ok),
        new("managedDevices.get", "GET", Managed + "/{id}", Record.ManagedDevice, PortalPermission.ReadDevices, Ok),
        new("managedDevices.delete", "DELETE", Managed + "/{id}", Record.ManagedDevice, PortalPermission.DeleteDevices, NoContent),
        new("devices.list", "GET", Beta + "/devices", Record.None, PortalPermission.ReadDevices, Ok),
        new("devices.get", "GET", Beta + "/devices/{id}", Record.DirectoryDevice, PortalPermission.ReadDevices, Ok),
        new("devices.delete", "DELETE", Beta + "/devices/{id}", Record.DirectoryDevice, PortalPermission.DeleteDevices, NoContent),
        new("groups.list", "GET", Beta + "/groups", Record.None, PortalPermission.ReadDevices, Ok),
        new("groups.get", "GET", Beta + "/groups/{id}", Record.Group, PortalPermission.ReadDevices, Ok),
        new("groups.create", "POST", Beta + "/groups", Record.None, PortalPermission.ManageGroupsAndProfiles, Created,
            """{"displayName":"Matrix {unique}","groupTypes":["DynamicMembership"],"membershipRule":"{rule}","mailEnabled":false,"securityEnabled":true}"""),
        new("groups.update", "PATCH", Beta + "/groups/{id}", Record.Group, PortalPermission.ManageGroupsAndProfiles, NoContent,
            """{"membershipRule":"{rule}"}"""),
        new("groups.delete", "DELETE", Beta + "/groups/{id}", Record.Group, PortalPermission.ManageGroupsAndProfiles, NoContent),
        new("groups.members.add", "POST", Beta + "/groups/{id}/members/$ref", Record.AssignedGroup, PortalPermission.ManageGroupsAndProfiles, NoContent,
            """{"@odata.id":"https://graph.microsoft.com/v1.0/directoryObjects/{group}"}"""),
        new("groups.members.remove", "DELETE", Beta + "/groups/{id}/members/{group}/$ref", Record.GroupMember, PortalPermission.ManageGroupsAndProfiles, NoContent),
    ];

    private static readonly PortalRole[] Roles = [PortalRole.Reader, PortalRole.HelpDesk, PortalRole.Admin];

    private static readonly string[] RefusedTokens = ["NoToken", "ExpiredToken", "OtherTenantToken", "RevokedClientToken"];

    private static int _seed = 47_000;

    /// <summary>Each operation by each role.</summary>
    public static TheoryData<string, PortalRole> RoleCells()
    {
        var cells = new TheoryData<string, PortalRole>();
        foreach (var operation in Operations)
        {
            foreach (var role in Roles)
            {
                cells.Add(operation.Name, role);
            }
        }

        return cells;
    }

    /// <summary>Each operation with each token the API must refuse.</summary>
    public static TheoryData<string, string> TokenCells()
    {
        var cells = new TheoryData<string, string>();
        foreach (var operation in Operations)
        {
            foreach (var token in RefusedTokens)
            {
                cells.Add(operation.Name, token);
            }
        }

        return cells;
    }

    /// <summary>Each operation that names a record by id.</summary>
    public static TheoryData<string> OperationsOnARecord()
    {
        var cells = new TheoryData<string>();
        foreach (var operation in Operations.Where(o => o.Record != Record.None))
        {
            cells.Add(operation.Name);
        }

        return cells;
    }

    [Fact]
    public void TheMatrixNamesEveryRouteTheApiMaps()
    {
        var mapped = portal.Services.GetServices<Microsoft.AspNetCore.Routing.EndpointDataSource>()
            .SelectMany(s => s.Endpoints)
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/beta/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Shape(e.RoutePattern.RawText!)}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var named = Operations.Select(o => $"{o.Method} {Shape(o.Path)}").Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.Equal(mapped, named);
    }

    [Theory]
    [MemberData(nameof(RoleCells))]
    public async Task EachRoleGetsTheAnswerThePermissionTableGivesIt(string operation, PortalRole role)
    {
        var op = Find(operation);
        var target = await portal.SeedAsync(op.Record, otherTenant: false);

        using var response = await SendAsync(op, target, await portal.TokenAsync(role));

        var body = await response.Content.ReadAsStringAsync();
        if (role.Grants(op.Permission))
        {
            Assert.True(op.Answers.Contains(response.StatusCode), $"{op.Name} as {role}: {(int)response.StatusCode} {body}");
        }
        else
        {
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{op.Name} as {role}: {(int)response.StatusCode} {body}");
            AssertGraphError(body, "Authorization_RequestDenied");
            Assert.True(await portal.ExistsAsync(op.Record, target), $"{op.Name} as {role} was refused but its record is gone.");
        }
    }

    [Theory]
    [MemberData(nameof(TokenCells))]
    public async Task ARefusedTokenIsA401BeforeTheOperationRuns(string operation, string token)
    {
        var op = Find(operation);
        var target = await portal.SeedAsync(op.Record, otherTenant: false);
        var bearer = token switch
        {
            "NoToken" => null,
            "ExpiredToken" => await portal.ExpiredTokenAsync(),
            "OtherTenantToken" => await portal.OtherTenantTokenAsync(),
            "RevokedClientToken" => await portal.RevokedClientTokenAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(token), token, null),
        };

        using var response = await SendAsync(op, target, bearer);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{op.Name} with {token}: {(int)response.StatusCode} {body}");
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        AssertGraphError(body, "InvalidAuthenticationToken");
        Assert.True(await portal.ExistsAsync(op.Record, target), $"{op.Name} with {token} was refused but its record is gone.");
    }

    [Theory]
    [MemberData(nameof(OperationsOnARecord))]
    public async Task AnotherTenantsRecordIsNotFoundAndUnchanged(string operation)
    {
        var op = Find(operation);
        var target = await portal.SeedAsync(op.Record, otherTenant: true);

        using var response = await SendAsync(op, target, await portal.TokenAsync(PortalRole.Admin));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{op.Name} on another tenant's record: {(int)response.StatusCode} {body}");
        AssertGraphError(body, op.Record is Record.Group or Record.DirectoryDevice or Record.AssignedGroup or Record.GroupMember ? "Request_ResourceNotFound" : "ResourceNotFound");
        Assert.True(await portal.ExistsAsync(op.Record, target), $"{op.Name} deleted another tenant's record.");
        Assert.True(await portal.UnchangedAsync(op.Record, target), $"{op.Name} changed another tenant's record.");
    }

    [Theory]
    [InlineData(PortalRole.Reader, false, HttpStatusCode.Forbidden)]
    [InlineData(PortalRole.HelpDesk, false, HttpStatusCode.NoContent)]
    [InlineData(PortalRole.Admin, true, HttpStatusCode.NotFound)]
    public async Task UpdateDevicePropertiesNamingNoPropertyIsCheckedAsOneThatNamesSome(PortalRole role, bool otherTenant, HttpStatusCode expected)
    {
        var op = Find("identities.updateDeviceProperties") with { Body = "{}" };
        var target = await portal.SeedAsync(Record.AutopilotDevice, otherTenant);

        using var response = await SendAsync(op, target, await portal.TokenAsync(role));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{{}} as {role}: {(int)response.StatusCode} {body}");
    }

    [Fact]
    public async Task AssigningAProfileToAnotherTenantsGroupIsRefusedAndAssignsNothing()
    {
        var profile = await portal.SeedAsync(Record.Profile, otherTenant: false);
        var foreign = await portal.SeedAsync(Record.Group, otherTenant: true);
        var target = profile with { GroupId = foreign.Id };

        using var response = await SendAsync(Find("profiles.assignments.create"), target, await portal.TokenAsync(PortalRole.Admin));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {body}");
        AssertGraphError(body, "BadRequest");
        Assert.True(await portal.UnchangedAsync(Record.Profile, target));
    }

    private static Operation Find(string name) => Operations.Single(o => o.Name == name);

    /// <summary>A route pattern with its parameter names left out, so that a listed path and a mapped one compare.</summary>
    private static string Shape(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, "\\{[^}]*\\}(_\\{[^}]*\\}_0)?", "{}").ToLowerInvariant();

    private async Task<HttpResponseMessage> SendAsync(Operation op, Target target, string? bearer)
    {
        using var http = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var unique = Interlocked.Increment(ref _seed).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string Fill(string text) => text
            .Replace("{id}", target.Id.ToString(), StringComparison.Ordinal)
            .Replace("{group}", target.GroupId.ToString(), StringComparison.Ordinal)
            .Replace("{unique}", unique, StringComparison.Ordinal)
            .Replace("{rule}", JsonEncodedText.Encode(Rule).ToString(), StringComparison.Ordinal)
            .Replace("{hash}", HardwareHashBuilder.Synthetic(new Random(Interlocked.Increment(ref _seed))).Build(), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(op.Method), Fill(op.Path));
        if (op.Body is not null)
        {
            request.Content = new StringContent(Fill(op.Body), Encoding.UTF8, "application/json");
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await http.SendAsync(request);
    }

    private static void AssertGraphError(string body, string code)
    {
        using var document = JsonDocument.Parse(body);
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.True(Guid.TryParse(error.GetProperty("innerError").GetProperty("request-id").GetString(), out _));
    }

    /// <summary>The record an operation names.</summary>
    public enum Record
    {
        None,
        AutopilotDevice,
        ImportedIdentity,
        Profile,
        AssignedProfile,
        ManagedDevice,
        DirectoryDevice,
        Group,

        /// <summary>An assigned group (the target's id) and a device not in it (its group id).</summary>
        AssignedGroup,

        /// <summary>An assigned group (the target's id) and a device in it (its group id).</summary>
        GroupMember,
    }

    private sealed record Operation(string Name, string Method, string Path, Record Record, PortalPermission Permission, HttpStatusCode[] Answers, string? Body = null);

    /// <summary>The record a call names (<see cref="Guid.Empty"/> when none) and, for a profile, the group it is or may be assigned to.</summary>
    public sealed record Target(Guid Id, Guid GroupId);

    /// <summary>One host and database for the class, with a token per role and the refused tokens made once.</summary>
    public sealed class Portal : PortalWebApplicationFactory
    {
        private const string Marker = "Matrix original";
        private const string GroupTag = "Matrix-original";
        private const string GroupRule = "(device.devicePhysicalIds -any (_ -eq \"[OrderId]:Matrix-original\"))";

        private readonly ConcurrentDictionary<PortalRole, Task<string>> _tokens = new();
        private readonly Lazy<Task<string>> _expired;
        private readonly Lazy<Task<string>> _otherTenant;
        private readonly Lazy<Task<string>> _revoked;

        public Portal()
        {
            _expired = new(() => IssueAsync(c => c, DateTimeOffset.UtcNow.AddHours(-2)));
            _otherTenant = new(() => IssueAsync(c => c with { TenantId = DatabaseInitializer.OtherTenantId }, DateTimeOffset.UtcNow));
            _revoked = new(RevokeAsync);
        }

        public Task<string> TokenAsync(PortalRole role) => _tokens.GetOrAdd(role, r => GraphClients.TokenAsync(this, r, $"matrix-{r}"));

        /// <summary>An administrator client's token whose hour ended an hour ago.</summary>
        public Task<string> ExpiredTokenAsync() => _expired.Value;

        /// <summary>An administrator client's token that names the other tenant as its <c>tid</c>.</summary>
        public Task<string> OtherTenantTokenAsync() => _otherTenant.Value;

        /// <summary>A token the token endpoint gave an administrator client that was revoked after.</summary>
        public Task<string> RevokedClientTokenAsync() => _revoked.Value;

        /// <summary>A fresh record of <paramref name="record"/>'s kind, in the test tenant or in the other one.</summary>
        public async Task<Target> SeedAsync(Record record, bool otherTenant)
        {
            var tenant = otherTenant ? DatabaseInitializer.OtherTenantId : TestTenant.Id;
            var seed = Interlocked.Increment(ref _seed);
            switch (record)
            {
                case Record.None:
                    return new(Guid.Empty, Guid.Empty);
                case Record.AutopilotDevice:
                    var outcome = await Services.GetRequiredService<DeviceRegistrationService>().RegisterAsync(tenant,
                        [RegistrationValidator.Prepare(new RegistrationRequest(2, null, null, HardwareHashBuilder.Synthetic(new Random(seed)).Build(), GroupTag))],
                        dryRun: false);
                    return new(outcome[0].AutopilotDeviceId ?? throw new InvalidOperationException(outcome[0].ToString()), Guid.Empty);
                case Record.Profile:
                case Record.AssignedProfile:
                    var profiles = Services.GetRequiredService<ProfileService>();
                    var profile = await profiles.CreateAsync(PortalCaller.System, new ProfileSettings { DisplayName = $"{Marker} {seed}" });
                    var group = await GroupAsync(seed, TestTenant.Id);
                    if (record == Record.AssignedProfile)
                    {
                        await profiles.AssignAsync(PortalCaller.System, profile.Id, group, AssignmentKind.Include);
                    }

                    if (otherTenant)
                    {
                        await using var db = await DbAsync();
                        await db.DeploymentProfiles.Where(p => p.Id == profile.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.TenantId, tenant));
                    }

                    return new(profile.Id, group);
                case Record.Group:
                    return new(await GroupAsync(seed, tenant), Guid.Empty);
                case Record.AssignedGroup:
                case Record.GroupMember:
                    var groups = Services.GetRequiredService<GroupService>();
                    var assigned = await groups.CreateAsync(PortalCaller.System, $"{Marker} {seed}", null, GroupMembershipType.Assigned, null);
                    var device = await SeedAsync(Record.DirectoryDevice, otherTenant: false);
                    if (record == Record.GroupMember)
                    {
                        await groups.AddMembersAsync(PortalCaller.System, assigned.Id, [device.Id]);
                    }

                    if (otherTenant)
                    {
                        await using var db = await DbAsync();
                        await db.Groups.Where(g => g.Id == assigned.Id).ExecuteUpdateAsync(s => s.SetProperty(g => g.TenantId, tenant));
                        await db.DirectoryDevices.Where(d => d.Id == device.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.TenantId, tenant));
                    }

                    return new(assigned.Id, device.Id);
                default:
                    await using (var db = await DbAsync())
                    {
                        var id = Guid.NewGuid();
                        var serial = $"MX-{seed}";
                        switch (record)
                        {
                            case Record.ImportedIdentity:
                                db.ImportedDeviceIdentities.Add(new ImportedDeviceIdentity
                                {
                                    Id = id,
                                    TenantId = tenant,
                                    ImportId = Guid.NewGuid(),
                                    SerialNumber = serial,
                                    GroupTag = Marker,
                                    HardwareIdentifier = HardwareHashBuilder.Synthetic(new Random(seed)).Build(),
                                    CreatedAt = DateTime.UtcNow,
                                });
                                break;
                            case Record.ManagedDevice:
                                db.ManagedDevices.Add(new ManagedDevice { Id = id, TenantId = tenant, DeviceName = Marker, SerialNumber = serial, EnrolledDateTime = DateTime.UtcNow });
                                break;
                            case Record.DirectoryDevice:
                                db.DirectoryDevices.Add(new DirectoryDevice
                                {
                                    Id = id,
                                    DeviceId = Guid.NewGuid(),
                                    TenantId = tenant,
                                    DisplayName = Marker,
                                    AccountEnabled = true,
                                    OperatingSystem = "Windows",
                                    CreatedAt = DateTime.UtcNow,
                                });
                                break;
                            default:
                                throw new ArgumentOutOfRangeException(nameof(record), record, null);
                        }

                        await db.SaveChangesAsync();
                        return new(id, Guid.Empty);
                    }
            }
        }

        /// <summary>Whether the record is still in the database, in whichever tenant it was made.</summary>
        public async Task<bool> ExistsAsync(Record record, Target target)
        {
            await using var db = await DbAsync();
            return record switch
            {
                Record.None => true,
                Record.AutopilotDevice => await db.AutopilotDevices.AnyAsync(d => d.Id == target.Id),
                Record.ImportedIdentity => await db.ImportedDeviceIdentities.AnyAsync(d => d.Id == target.Id),
                Record.Profile => await db.DeploymentProfiles.AnyAsync(p => p.Id == target.Id),
                Record.AssignedProfile => await db.DeploymentProfiles.AnyAsync(p => p.Id == target.Id)
                    && await db.ProfileAssignments.AnyAsync(a => a.ProfileId == target.Id && a.GroupId == target.GroupId),
                Record.ManagedDevice => await db.ManagedDevices.AnyAsync(d => d.Id == target.Id),
                Record.DirectoryDevice => await db.DirectoryDevices.AnyAsync(d => d.Id == target.Id),
                Record.Group => await db.Groups.AnyAsync(g => g.Id == target.Id),
                Record.AssignedGroup => await db.Groups.AnyAsync(g => g.Id == target.Id)
                    && !await db.GroupMembers.AnyAsync(m => m.GroupId == target.Id && m.DeviceObjectId == target.GroupId),
                Record.GroupMember => await db.GroupMembers.AnyAsync(m => m.GroupId == target.Id && m.DeviceObjectId == target.GroupId),
                _ => throw new ArgumentOutOfRangeException(nameof(record), record, null),
            };
        }

        /// <summary>Whether the record still holds what it was made with (the values the matrix's writes would change).</summary>
        public async Task<bool> UnchangedAsync(Record record, Target target)
        {
            await using var db = await DbAsync();
            return record switch
            {
                Record.AutopilotDevice => await db.AutopilotDevices.AnyAsync(d => d.Id == target.Id && d.GroupTag == GroupTag && d.UserPrincipalName == null),
                Record.Profile or Record.AssignedProfile => await db.DeploymentProfiles.AnyAsync(p => p.Id == target.Id && !p.DisplayName.Contains("renamed"))
                    && (await db.ProfileAssignments.AnyAsync(a => a.ProfileId == target.Id)) == (record == Record.AssignedProfile),
                Record.Group => await db.Groups.AnyAsync(g => g.Id == target.Id && g.MembershipRule != null && g.MembershipRule.Contains("Matrix-original")),
                _ => await ExistsAsync(record, target),
            };
        }

        private async Task<Guid> GroupAsync(int seed, Guid tenant)
        {
            var group = await Services.GetRequiredService<GroupService>().CreateAsync(PortalCaller.System, $"{Marker} {seed}", null, GroupMembershipType.Dynamic, GroupRule);
            if (tenant != TestTenant.Id)
            {
                await using var db = await DbAsync();
                await db.Groups.Where(g => g.Id == group.Id).ExecuteUpdateAsync(s => s.SetProperty(g => g.TenantId, tenant));
            }

            return group.Id;
        }

        private Task<PortalDbContext> DbAsync() => Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

        private async Task<string> IssueAsync(Func<ApiClientSummary, ApiClientSummary> shape, DateTimeOffset issuedAt)
        {
            var created = await Services.GetRequiredService<ApiClientService>().CreateAsync(PortalCaller.System, "matrix-issued", PortalRole.Admin, TimeSpan.FromDays(30));
            return await Services.GetRequiredService<GraphTokenIssuer>()
                .IssueAsync(shape(created.Client), $"http://localhost/{TestTenant.Id}/v2.0", issuedAt, CancellationToken.None);
        }

        private async Task<string> RevokeAsync()
        {
            const string Name = "matrix-revoked";
            var token = await GraphClients.TokenAsync(this, PortalRole.Admin, Name);
            var clients = Services.GetRequiredService<ApiClientService>();
            var client = (await clients.ListAsync(PortalCaller.System)).Single(c => c.DisplayName == Name);
            await clients.RevokeAsync(PortalCaller.System, client.ClientId);
            return token;
        }
    }
}
