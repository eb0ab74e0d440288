using System.Net;
using System.Text.RegularExpressions;
using AutopilotPortal.Tests.Shared;

namespace AutopilotPortal.E2E.Tests.Infrastructure;

/// <summary>
/// A browser's view of a server over plain HTTP: the cookies it was given, sent back on every request, and the real
/// login form with its antiforgery token. Redirects are not followed, so each answer can be checked.
/// </summary>
internal sealed partial class HttpSession(Uri baseUrl) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = baseUrl,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Cookie name to value, as the server last set them.</summary>
    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    /// <summary>Posts the login form (with its antiforgery token) and returns the answer.</summary>
    public async Task<HttpResponseMessage> PostLoginAsync(string userName, string password, string returnUrl = "/devices")
    {
        var path = $"/account/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}";
        string token;
        using (var page = await GetAsync(path))
        {
            var html = await page.Content.ReadAsStringAsync();
            var field = AntiforgeryField().Match(html);
            Assert.True(field.Success, $"{path} answered {(int)page.StatusCode} with no antiforgery token in a form.");
            token = WebUtility.HtmlDecode(field.Groups[1].Value);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = token,
                ["Input.UserName"] = userName,
                ["Input.Password"] = password,
            }),
        };
        return await SendAsync(request);
    }

    public async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (CookieJar.Header(Cookies) is { } cookie)
        {
            request.Headers.Add("Cookie", cookie);
        }

        var response = await _client.SendAsync(request);
        CookieJar.Keep(Cookies, response);
        return response;
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
