namespace AutopilotPortal.Web.ApiAuth;

/// <summary>The names the portal's Graph-shaped API and its tokens share with Microsoft Graph and Entra.</summary>
public static class GraphApi
{
    /// <summary>The authentication scheme that reads the API's bearer tokens.</summary>
    public const string Scheme = "GraphBearer";

    /// <summary>
    /// The authentication scheme that reads Entra access tokens for the portal's app registration (Microsoft.Identity.Web),
    /// registered only when the <c>AzureAd</c> section is set.
    /// </summary>
    public const string EntraScheme = "EntraBearer";

    /// <summary>
    /// With the <c>AzureAd</c> section set, the scheme the API's policy names: it hands each request to
    /// <see cref="EntraScheme"/> when the bearer token's issuer is Entra's, otherwise to <see cref="Scheme"/>.
    /// </summary>
    public const string SelectorScheme = "GraphBearerOrEntra";

    /// <summary>The authorization policy that demands a bearer principal (<see cref="Scheme"/>, or <see cref="SelectorScheme"/> with Entra).</summary>
    public const string Policy = "GraphBearer";

    /// <summary>The tokens' audience: Microsoft Graph's resource id.</summary>
    public const string Audience = "https://graph.microsoft.com";

    /// <summary>The one scope the token endpoint grants (client credentials ask for a resource's <c>.default</c>).</summary>
    public const string DefaultScope = Audience + "/.default";

    /// <summary>How long an access token lives.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    /// <summary>The claims, as Entra names them in an application token.</summary>
    public static class Claims
    {
        public const string TenantId = "tid";
        public const string AppId = "appid";
        public const string AppDisplayName = "app_displayname";
        public const string Roles = "roles";
        public const string ObjectId = "oid";
        public const string AuthorizedParty = "azp";
        public const string Scope = "scp";
        public const string Upn = "upn";
        public const string PreferredUserName = "preferred_username";
        public const string UniqueName = "unique_name";
    }
}
