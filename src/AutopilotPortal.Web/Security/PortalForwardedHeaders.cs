using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Security;

/// <summary>
/// Behind a reverse proxy (several instances, <c>src/AutopilotPortal.Proxy</c>), the client's address and scheme
/// come from <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, taken only from a proxy the portal trusts:
/// loopback (the proxy on the same machine), and the addresses listed in <c>ForwardedHeaders:KnownProxies</c>.
/// A request from anywhere else keeps its own address, whatever headers it sends, so a client cannot pose as
/// another to the sign-in limits or the audit log. The host comes from the <c>Host</c> header, which the
/// proxy passes on unchanged.
/// </summary>
internal static class PortalForwardedHeaders
{
    public const string KnownProxiesSetting = "ForwardedHeaders:KnownProxies";

    public static IServiceCollection AddPortalForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var listed = configuration.GetSection(KnownProxiesSetting).Get<string[]>() ?? [];
        var proxies = new List<IPAddress>();
        foreach (var text in listed)
        {
            proxies.Add(IPAddress.TryParse(text, out var address)
                ? address
                : throw new Microsoft.Extensions.Options.OptionsValidationException(KnownProxiesSetting, typeof(ForwardedHeadersOptions),
                    [$"{KnownProxiesSetting}: '{text}' is not an IP address."]));
        }

        return services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // The defaults trust loopback only; the listed proxies are added to them.
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(proxy);
            }
        });
    }
}
