using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace AutopilotPortal.Web.Security;

/// <summary>
/// The signed-in user of this circuit as the service library sees them. Pages pass it to every
/// call; the library checks it. The client's address is captured when the circuit starts
/// (see <c>Routes.razor</c>), because a circuit has no HTTP request of its own.
/// </summary>
public sealed class CurrentCaller(AuthenticationStateProvider authentication)
{
    /// <summary>The client's IP address, set once when the circuit starts.</summary>
    public string? RemoteAddress { get; set; }

    public async Task<PortalCaller> GetAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return PortalCaller.FromPrincipal(state.User, RemoteAddress);
    }
}
