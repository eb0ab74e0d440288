using System.Net.Http.Headers;
using AutopilotPortal.Tests.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Support;

/// <summary>
/// The real host (its Program runs the database initializer at start) over a fresh test database, with a
/// test authentication handler as the default scheme: <see cref="CreateClientAs"/> signs requests in.
/// </summary>
public class PortalWebApplicationFactory : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database = TestDatabase.Create();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in PortalTestSettings.For(_database).Concat(ExtraSettings))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddAuthentication(TestAuthHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.SchemeName, _ => { });
            services.PostConfigure<AuthenticationOptions>(options =>
            {
                // Authenticate with the test headers; challenge (and sign in) as the portal does.
                options.DefaultAuthenticateScheme = TestAuthHandler.SchemeName;
                options.DefaultChallengeScheme = Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme;
            });
        });
    }

    /// <summary>The folder that holds the test database's file and nothing else.</summary>
    internal string DatabaseFolder => _database.Folder;

    /// <summary>The test database's SQLite file.</summary>
    internal string DatabaseFile => _database.FilePath;

    /// <summary>The settings that point a portal at the test database (provider, connection string, uploads).</summary>
    internal IReadOnlyDictionary<string, string?> DatabaseSettings => _database.Settings;

    /// <summary>The test database's connection string, on whichever provider the tests run.</summary>
    internal string DatabaseConnectionString => _database.ConnectionString;

    /// <summary>Settings a test class's own factory adds to (or changes in) the test database's.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>();

    /// <summary>A client whose requests are signed in as <paramref name="user"/> with the given role claim values.</summary>
    public HttpClient CreateClientAs(string user, params string[] roles)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(TestAuthHandler.UserHeader, user);
        client.DefaultRequestHeaders.Add(TestAuthHandler.RolesHeader, string.Join(',', roles));
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _database.Dispose();
    }
}
