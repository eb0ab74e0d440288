namespace AutopilotPortal.Web.ApiAuth;

/// <summary>The names the portal's Graph-shaped API and its tokens share with Microsoft Graph and Entra.</summary>
public static class GraphApi
{
    /// <summary>The authentication scheme that reads the API's bearer tokens.</summary>
    public const string Scheme = "GraphBearer";

    /// <summary>The authorization policy that demands a <see cref="Scheme"/> principal.</summary>
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
    }
}
