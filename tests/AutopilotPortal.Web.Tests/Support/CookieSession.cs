using System.Net;
using System.Text.RegularExpressions;
using AutopilotPortal.Tests.Shared;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AutopilotPortal.Web.Tests.Support;

/// <summary>
/// A browser's view of the portal over HTTP: the cookies it was given (which a test can copy to
/// another client, as a stolen cookie would be), the antiforgery token of the last page, and the
/// real login form. Redirects are not followed, so each answer can be checked.
/// </summary>
public sealed partial class CookieSession(WebApplicationFactory<Program> factory) : IDisposable
{
    private readonly HttpClient _client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>Cookie name to value, as the portal last set them.</summary>
    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    /// <summary>A session that starts with a copy of this one's cookies.</summary>
    public CookieSession Copy()
    {
        var copy = new CookieSession(factory);
        foreach (var (name, value) in Cookies)
        {
            copy.Cookies[name] = value;
        }

        return copy;
    }

    /// <summary>Posts the login form (with its antiforgery token) and returns the answer.</summary>
    public async Task<HttpResponseMessage> PostLoginAsync(string userName, string password, string returnUrl = "/devices")
    {
        var query = $"?ReturnUrl={Uri.EscapeDataString(returnUrl)}";
        var token = await TokenOfAsync($"/account/login{query}");
        return await PostFormAsync($"/account/login{query}", new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
    }

    /// <summary>Signs in and fails the test unless the portal answers with its redirect.</summary>
    public async Task SignInAsync(string userName, string password)
    {
        using var response = await PostLoginAsync(userName, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in as {userName} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The antiforgery token in the first form of a page.</summary>
    public async Task<string> TokenOfAsync(string path)
    {
        using var page = await GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, $"{path} answered {(int)page.StatusCode} with no antiforgery token in a form.");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    public async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request);
    }

    public async Task<HttpResponseMessage> PostFormAsync(string path, IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

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
