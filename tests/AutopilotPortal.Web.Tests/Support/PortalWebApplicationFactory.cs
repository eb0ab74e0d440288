using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AutopilotPortal.Web.Tests.Support;

/// <summary>The real host (its Program migrates the database at start) over a fresh SQLite file.</summary>
public sealed class PortalWebApplicationFactory : WebApplicationFactory<Program>
{
    private readonly TempDatabase _database = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _database.Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _database.Dispose();
    }
}
