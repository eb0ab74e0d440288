using System.Net;
using System.Text.Json;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Integration;

/// <summary>Every refusal of the API is an RFC 7807 problem with the service library's sentence as its detail.</summary>
public sealed class ProblemDetailsTests(PortalWebApplicationFactory factory) : IClassFixture<PortalWebApplicationFactory>
{
    [Fact]
    public async Task ACallerWithoutTheRoleGetsA403Problem()
    {
        using var nobody = factory.CreateClientAs("nobody@contoso.com");

        using var response = await nobody.GetAsync("/api/devices/export.csv");

        using var problem = await AssertProblemAsync(response, HttpStatusCode.Forbidden, "Access denied");
        Assert.Contains("no portal role", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(response.Content.Headers.ContentDisposition);
    }

    [Fact]
    public async Task AnExportWithAFilterItCannotReadGetsA400ProblemNamingIt()
    {
        using var admin = factory.CreateClientAs("admin", PortalRoles.Admin);

        using var response = await admin.GetAsync("/api/devices/export.csv?groupTag=Lab&enrollmentState=Sleeping");

        using var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "The export's filters cannot be read.");
        Assert.Contains("enrollmentState=Sleeping is not an enrollment state", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(response.Content.Headers.ContentDisposition);
    }

    [Fact]
    public async Task AnUnknownDeviceGetsA404Problem()
    {
        using var admin = factory.CreateClientAs("admin", PortalRoles.Admin);

        using var response = await admin.PostAsync($"/api/devices/{Guid.NewGuid()}/simulate-deployment", content: null);

        using var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound, "Device not found");
        Assert.Contains("no longer exists", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APathTheApiDoesNotHaveGetsA404Problem()
    {
        using var admin = factory.CreateClientAs("admin", PortalRoles.Admin);

        using var response = await admin.GetAsync($"/api/devices/{Guid.NewGuid()}/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnUnknownImportGetsA404Problem()
    {
        using var admin = factory.CreateClientAs("admin", PortalRoles.Admin);

        using var response = await admin.GetAsync($"/api/imports/{Guid.NewGuid()}/errors.csv");

        using var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound, "Import not found");
        Assert.StartsWith("There is no import with id", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWriteThatLosesToAnotherGetsA409ProblemAndWritesNothing()
    {
        var deviceId = await RegisterAsync(seed: 91);
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        // Another writer stored the key first: the run's save hits a duplicate primary key.
        const string Copy = """INSERT INTO "Tenants" ("Id", "DisplayName", "Domain", "CreatedAt") SELECT "Id", "DisplayName", "Domain", "CreatedAt" FROM "Tenants" LIMIT 1;""";
        await db.Database.ExecuteSqlRawAsync(AutopilotPortal.Tests.Shared.TestDatabase.OnPostgres
            ? $$"""
                CREATE FUNCTION lose_the_race() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN {{Copy}} RETURN NEW; END $f$;
                CREATE TRIGGER lose_the_race BEFORE INSERT ON "IntuneDeploymentEvents" FOR EACH ROW EXECUTE FUNCTION lose_the_race();
                """
            : $"CREATE TRIGGER lose_the_race BEFORE INSERT ON IntuneDeploymentEvents BEGIN {Copy} END;");
        using var admin = factory.CreateClientAs("admin", PortalRoles.Admin);
        try
        {
            using var response = await admin.PostAsync($"/api/devices/{deviceId}/simulate-deployment", content: null);

            using var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict, "Write conflict");
            Assert.Contains("Nothing was saved", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync(AutopilotPortal.Tests.Shared.TestDatabase.OnPostgres
                ? "DROP TRIGGER lose_the_race ON \"IntuneDeploymentEvents\"; DROP FUNCTION lose_the_race();"
                : "DROP TRIGGER lose_the_race;");
        }

        Assert.False(await db.DeploymentEvents.AnyAsync(e => e.AutopilotDeviceId == deviceId));
    }

    private static async Task<JsonDocument> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string title)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(title, problem.RootElement.GetProperty("title").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
        return problem;
    }

    private async Task<Guid> RegisterAsync(int seed)
    {
        var hash = HardwareHashBuilder.Synthetic(new Random(seed)).Build();
        var outcome = Assert.Single(await factory.Services.GetRequiredService<DeviceRegistrationService>().RegisterAsync(TestTenant.Id,
            [RegistrationValidator.Prepare(new RegistrationRequest(2, null, null, hash, null))], dryRun: false));
        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        return outcome.AutopilotDeviceId!.Value;
    }
}
