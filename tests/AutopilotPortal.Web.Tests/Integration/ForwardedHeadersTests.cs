using System.Net;
using System.Text.RegularExpressions;
using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Integration;

/// <summary>
/// Behind the proxy the client's address comes from X-Forwarded-For, but only from a trusted proxy: a request
/// from loopback (or a listed proxy) is taken as the address it forwards; any other keeps its own.
/// </summary>
public sealed partial class ForwardedHeadersTests
{
    [Theory]
    [InlineData("127.0.0.1", null, "203.0.113.7")]
    [InlineData("198.51.100.9", null, "198.51.100.9")]
    [InlineData("198.51.100.9", "198.51.100.9", "203.0.113.7")]
    public async Task AFailedSignInIsAuditedWithTheAddressATrustedProxyForwarded(string from, string? listedProxy, string audited)
    {
        await using var factory = new ProxiedPortalFactory(listedProxy);
        var sender = IPAddress.Parse(from);

        // The login page's antiforgery cookie and token, then the form with a wrong password, each as the proxy sends it.
        var page = await factory.Server.SendAsync(c =>
        {
            Arrange(c, sender, "GET");
        });
        var html = await new StreamReader(page.Response.Body).ReadToEndAsync();
        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(html).Groups[1].Value);
        var cookies = string.Join("; ", page.Response.Headers.SetCookie.Select(c => c!.Split(';')[0]));
        var post = await factory.Server.SendAsync(c =>
        {
            Arrange(c, sender, "POST");
            c.Request.Headers.Cookie = cookies;
            c.Request.ContentType = "application/x-www-form-urlencoded";
            var form = $"_handler=login&__RequestVerificationToken={Uri.EscapeDataString(token)}&Input.UserName=admin&Input.Password=wrong-{from}";
            c.Request.Body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(form));
        });

        Assert.Equal(StatusCodes.Status200OK, post.Response.StatusCode);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var failed = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == AuditActions.SignInFailed);
        Assert.Equal(audited, failed.RemoteAddress);
    }

    private static void Arrange(HttpContext context, IPAddress sender, string method)
    {
        context.Request.Method = method;
        context.Request.Path = "/account/login";
        context.Request.QueryString = new QueryString("?ReturnUrl=%2Fdevices");
        context.Connection.RemoteIpAddress = sender;
        context.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    private sealed class ProxiedPortalFactory(string? listedProxy) : PortalWebApplicationFactory
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = listedProxy is null
            ? new Dictionary<string, string?>()
            : new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = listedProxy };
    }
}
