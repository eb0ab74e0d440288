using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace AutopilotPortal.Proxy;

/// <summary>
/// Sends a request that could not reach its instance to another instance, and takes the failing one out of rotation
/// at once. Without this, requests between an instance's death and the next active health check would be answered 502.
/// A request is sent again only when that cannot do anything twice: after a refused connection (nothing of it reached
/// an instance) whatever the method, and after a connection that broke before any answer (a pooled connection to a
/// process being killed) only for GET, HEAD and OPTIONS, which change nothing.
/// </summary>
internal sealed class ConnectFailover(IDestinationHealthUpdater health, IOptions<ProxyOptions> options, ILogger<ConnectFailover> logger)
{
    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var proxy = context.GetReverseProxyFeature();

        // Session affinity narrows AvailableDestinations to the sticky instance; a retry starts from the full list.
        var candidates = proxy.AvailableDestinations;
        var refused = new List<DestinationState>();
        while (true)
        {
            await next();
            if (context.Features.Get<IForwarderErrorFeature>() is not { } error
                || !CanSendAgain(context.Request, error)
                || context.Response.HasStarted
                || proxy.ProxiedDestination is not { } destination)
            {
                return;
            }

            refused.Add(destination);
            if (context.GetRouteModel().Cluster is { } cluster)
            {
                health.SetPassive(cluster, destination, DestinationHealth.Unhealthy, options.Value.ReactivationPeriod);
            }

            var remaining = candidates.Where(d => !refused.Contains(d)).ToList();
            if (remaining.Count == 0)
            {
                return;
            }

            logger.LogWarning(error.Exception, "{Destination} could not be reached for {Method} {Path}; sending it to another instance.", destination.DestinationId, context.Request.Method, context.Request.Path);

            // Undo what the forwarder set for the failure (the 502 and the error) and choose again.
            context.Response.Clear();
            context.Features.Set<IForwarderErrorFeature>(null);
            proxy.AvailableDestinations = remaining;
        }
    }

    private static bool CanSendAgain(HttpRequest request, IForwarderErrorFeature error) =>
        error.Error == ForwarderError.Request
        && error.Exception is HttpRequestException failure
        && (failure.HttpRequestError == HttpRequestError.ConnectionError
            || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
}
