using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutopilotPortal.E2E.Tests.Pages;

/// <summary>/groups/new and /groups/{id}: the rule editor, its preview, the members.</summary>
public sealed partial class GroupPages(IPage page)
{
    public ILocator RuleText => page.GetByLabel("Membership rule");

    public ILocator RuleError => page.GetByTestId("rule-error");

    public ILocator RuleValid => page.GetByTestId("rule-valid");

    public ILocator PreviewSummary => page.GetByTestId("rule-preview-summary");

    public ILocator MemberCount => page.GetByTestId("group-member-count");

    public ILocator Member(string name) => page.GetByTestId($"group-member-{name}");

    public async Task StartNewAsync(string name)
    {
        await page.GotoInteractiveAsync("groups/new");
        await page.GetByLabel("Group name").FillAsync(name);
    }

    /// <summary>Creates the group and waits for its page.</summary>
    public async Task CreateAsync()
    {
        await page.GetByTestId("group-create").ClickAsync();
        await Expect(page).ToHaveURLAsync(GroupUrl());
    }

    [GeneratedRegex("/groups/[0-9a-f-]{36}$")]
    private static partial Regex GroupUrl();
}
