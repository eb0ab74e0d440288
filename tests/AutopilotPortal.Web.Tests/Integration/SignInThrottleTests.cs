using System.Net;

namespace AutopilotPortal.Web.Tests.Integration;

/// <summary>A portal with small sign-in limits and a window longer than the test, so no window ends in the middle of it.</summary>
public sealed class ThrottledPortalFactory : PortalWebApplicationFactory
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Accounts:SignInAttemptsPerUserName"] = "3",
        ["Accounts:SignInAttemptsPerAddress"] = "5",
        ["Accounts:SignInThrottleWindow"] = "01:00:00",
    };
}

public sealed class SignInThrottleTests(ThrottledPortalFactory factory) : IClassFixture<ThrottledPortalFactory>
{
    [Fact]
    public async Task SignInAttemptsAreThrottledPerUserNameAndThenPerClientAddress()
    {
        using var browser = new CookieSession(factory);
        var answers = new List<HttpStatusCode>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            using var wrong = await browser.PostLoginAsync(PortalTestSettings.AdminUserName, "Wrong-password-1");
            answers.Add(wrong.StatusCode);
        }

        using var fourthForTheName = await browser.PostLoginAsync(PortalTestSettings.AdminUserName, PortalTestSettings.AdminPassword);
        using var otherName = await browser.PostLoginAsync("someone-else", "Wrong-password-1");
        using var sixthFromTheAddress = await browser.PostLoginAsync("a-third-name", "Wrong-password-1");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], answers);
        Assert.Equal(HttpStatusCode.TooManyRequests, fourthForTheName.StatusCode);
        Assert.Contains("Too many sign-in attempts for this user name. Try again in", await fourthForTheName.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(browser.Cookies.ContainsKey("AutopilotPortal.Auth"), "A throttled attempt with the right password signed in.");
        Assert.Equal(HttpStatusCode.OK, otherName.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, sixthFromTheAddress.StatusCode);
        Assert.StartsWith("Too many sign-in attempts from your address. Try again in", await sixthFromTheAddress.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(sixthFromTheAddress.Headers.RetryAfter);
    }
}
