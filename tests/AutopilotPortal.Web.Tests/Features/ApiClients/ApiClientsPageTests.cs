using AutopilotPortal.Core.ApiClients;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Tests.Shared;
using AutopilotPortal.Web.Features.ApiClients;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Features.ApiClients;

public sealed class ApiClientsPageTests : PortalComponentTest
{
    private ApiClientService Clients => Services.GetRequiredService<ApiClientService>();

    [Fact]
    public async Task CreatingAClientShowsItsSecretOnceThenTheListShowsTheClientWithoutIt()
    {
        var dialogs = RenderProviders();
        var page = Render<ApiClientsPage>();
        var empty = page.WaitForElement("[data-testid=api-clients-empty]", Wait);
        Assert.Contains("No API clients yet", empty.TextContent, StringComparison.Ordinal);
        Assert.Contains("docs/api.md", empty.TextContent, StringComparison.Ordinal);

        page.Find("[data-testid=api-clients-new]").Click();
        var name = dialogs.WaitForElement("input[data-testid=new-api-client-name]", Wait);
        AssertFocused(dialogs, "input[data-testid=new-api-client-name]");
        name.Input("Nightly export");
        Assert.Equal("180", dialogs.Find("input[data-testid=new-api-client-days]").GetAttribute("value"));
        dialogs.Find("[data-testid=new-api-client-create]").Click();

        dialogs.WaitForElement("[data-testid=api-client-secret-dialog]", Wait);
        AssertFocused(dialogs, "input[data-testid=api-client-tenant-id]");
        var secret = dialogs.Find("input[data-testid=api-client-secret-value]").GetAttribute("value")!;
        var clientId = Guid.Parse(dialogs.Find("input[data-testid=api-client-client-id]").GetAttribute("value")!);
        Assert.Equal(TestTenant.Id.ToString(), dialogs.Find("input[data-testid=api-client-tenant-id]").GetAttribute("value"));
        Assert.Contains("will not be shown again", dialogs.Find("[data-testid=api-client-secret-warning]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(dialogs.Find("[data-testid=api-client-secret-value-copy]"));
        Assert.Equal("Nightly export", (await Clients.VerifyAsync(clientId, secret))?.DisplayName);

        dialogs.Find("[data-testid=api-client-secret-done]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=api-client-secret-dialog]")), Wait);
        page.WaitForElement($"[data-testid=api-client-name-{clientId}]", Wait);
        Assert.DoesNotContain(secret, page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, dialogs.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=api-clients-empty]"));
    }

    [Fact]
    public async Task TheListShowsEachClientsIdRoleExpiryCreatorAndStatus()
    {
        var created = await Clients.CreateAsync(Caller, "Inventory sync", PortalRole.HelpDesk, TimeSpan.FromDays(30));
        var id = created.Client.ClientId;

        var page = Render<ApiClientsPage>();

        var row = page.WaitForElement($"[data-testid=api-client-name-{id}]", Wait).ParentElement!;
        Assert.Equal("Inventory sync", row.QuerySelector($"[data-testid=api-client-name-{id}]")!.TextContent.Trim());
        Assert.Equal(id.ToString(), row.QuerySelector($"[data-testid=api-client-id-{id}]")!.TextContent);
        Assert.Equal("Copy client id", row.QuerySelector($"[data-testid=api-client-id-copy-{id}]")!.GetAttribute("aria-label"));
        Assert.Equal("Help desk", row.QuerySelector($"[data-testid=api-client-role-{id}]")!.TextContent.Trim());
        Assert.Contains(Display(created.Client.SecretExpiresAt), row.QuerySelector($"[data-testid=api-client-expires-{id}]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("by test-admin", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("Active", row.QuerySelector($"[data-testid=api-client-status-{id}]")!.TextContent.Trim());
        Assert.DoesNotContain(created.Secret, page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotatingAsksThenShowsANewSecretAndTheOldOneNoLongerVerifies()
    {
        var created = await Clients.CreateAsync(Caller, "Nightly export", PortalRole.Reader, TimeSpan.FromDays(30));
        var id = created.Client.ClientId;
        var dialogs = RenderProviders();
        var page = Render<ApiClientsPage>();

        page.WaitForElement($"[data-testid=api-client-rotate-{id}]", Wait).Click();

        var message = dialogs.WaitForElement("[data-testid=rotate-secret-message]", Wait);
        Assert.Contains("stops working at once", message.TextContent, StringComparison.Ordinal);
        AssertFocused(dialogs, "input[data-testid=rotate-secret-days]");
        Assert.NotNull(await Clients.VerifyAsync(id, created.Secret));
        dialogs.Find("[data-testid=rotate-secret-confirm]").Click();

        dialogs.WaitForElement("[data-testid=api-client-secret-dialog]", Wait);
        var secret = dialogs.Find("input[data-testid=api-client-secret-value]").GetAttribute("value")!;
        Assert.NotEqual(created.Secret, secret);
        Assert.Contains("New secret of Nightly export", dialogs.Markup, StringComparison.Ordinal);
        Assert.Null(await Clients.VerifyAsync(id, created.Secret));
        Assert.NotNull(await Clients.VerifyAsync(id, secret));

        dialogs.Find("[data-testid=api-client-secret-done]").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=api-client-secret-dialog]")), Wait);
        Assert.DoesNotContain(secret, page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokingAsksNamingTheClientThenMarksItRevoked()
    {
        var created = await Clients.CreateAsync(Caller, "Old script", PortalRole.Admin, TimeSpan.FromDays(30));
        var id = created.Client.ClientId;
        var dialogs = RenderProviders();
        var page = Render<ApiClientsPage>();

        page.WaitForElement($"[data-testid=api-client-revoke-{id}]", Wait).Click();

        var message = dialogs.WaitForElement("[data-testid=revoke-api-client-message]", Wait);
        Assert.Contains("Old script", message.TextContent, StringComparison.Ordinal);
        Assert.Contains("stop working on their", message.TextContent, StringComparison.Ordinal);
        Assert.Contains("next request", message.TextContent, StringComparison.Ordinal);
        AssertFocused(dialogs, "[data-testid=revoke-api-client-cancel]");
        var confirm = dialogs.Find("[data-testid=revoke-api-client-confirm]");
        Assert.Contains("mud-button-filled-error", confirm.ClassName, StringComparison.Ordinal);
        Assert.NotNull(await Clients.FindActiveAsync(id));
        confirm.Click();

        page.WaitForAssertion(() => Assert.StartsWith("Revoked", page.Find($"[data-testid=api-client-status-{id}]").TextContent.Trim(), StringComparison.Ordinal), Wait);
        Assert.Empty(page.FindAll($"[data-testid=api-client-revoke-{id}]"));
        Assert.Empty(page.FindAll($"[data-testid=api-client-rotate-{id}]"));
        Assert.Null(await Clients.FindActiveAsync(id));
    }

    [Fact]
    public async Task ABadNameShowsTheServicesMessageOnTheFieldOnceTouchedOrSubmitted()
    {
        var dialogs = RenderProviders();
        var page = Render<ApiClientsPage>();
        page.WaitForElement("[data-testid=api-clients-empty]", Wait);
        page.Find("[data-testid=api-clients-new]").Click();
        var name = dialogs.WaitForElement("input[data-testid=new-api-client-name]", Wait);
        Assert.DoesNotContain("Enter a name", dialogs.Markup, StringComparison.Ordinal);

        name.Blur();

        dialogs.WaitForAssertion(() => Assert.Contains("Enter a name for the API client.", FieldError(dialogs), StringComparison.Ordinal), Wait);

        dialogs.Find("input[data-testid=new-api-client-name]").Input(new string('n', 257));
        dialogs.Find("[data-testid=new-api-client-create]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("The name may have at most 256 characters.", FieldError(dialogs), StringComparison.Ordinal), Wait);
        Assert.Empty(dialogs.FindAll("[data-testid=new-api-client-error]"));
        Assert.Empty(await Clients.ListAsync(Caller));

        dialogs.Find("input[data-testid=new-api-client-name]").Input("   ");
        dialogs.Find("[data-testid=new-api-client-create]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Enter a name for the API client.", FieldError(dialogs), StringComparison.Ordinal), Wait);
        Assert.Empty(await Clients.ListAsync(Caller));
    }

    [Fact]
    public void SubmittingAnUntouchedEmptyNameShowsTheServicesRefusalOnTheField()
    {
        var dialogs = RenderProviders();
        var page = Render<ApiClientsPage>();
        page.WaitForElement("[data-testid=api-clients-empty]", Wait);
        page.Find("[data-testid=api-clients-new]").Click();
        dialogs.WaitForElement("input[data-testid=new-api-client-name]", Wait);

        dialogs.Find("[data-testid=new-api-client-create]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Enter a name for the API client.", FieldError(dialogs), StringComparison.Ordinal), Wait);
        Assert.Empty(dialogs.FindAll("[data-testid=new-api-client-error]"));
        Assert.NotNull(dialogs.Find("[data-testid=new-api-client-dialog]"));
    }

    [Fact]
    public void AHelpDeskUserOpeningThePageIsRefusedAndSeesNoClients()
    {
        Caller = PortalCaller.WithRoles("hal", PortalRole.HelpDesk);

        var page = Render<ApiClientsPage>();

        Assert.Contains("does not allow you to manage API clients", page.Find("[data-testid=access-refused]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=api-clients-new]"));
        Assert.Empty(page.FindAll("[data-testid=api-clients-table]"));
        Assert.Empty(page.FindAll("[data-testid=api-clients-empty]"));
    }

    // Components focus through Blazor's ElementReference.FocusAsync; the reference's id is on the rendered element.
    private void AssertFocused(IRenderedComponent<MudBlazor.MudDialogProvider> dialogs, string selector) => dialogs.WaitForAssertion(() =>
    {
        var id = dialogs.Find(selector).GetAttribute("blazor:elementReference");
        Assert.Contains(JSInterop.Invocations, i => i.Identifier == "Blazor._internal.domWrapper.focus"
            && i.Arguments.FirstOrDefault() is Microsoft.AspNetCore.Components.ElementReference reference && reference.Id == id);
    }, Wait);

    private string Display(DateTime utc) => Services.GetRequiredService<AutopilotPortal.Web.Shared.ViewerClock>().Format(utc);

    private static string FieldError(IRenderedComponent<MudBlazor.MudDialogProvider> dialogs) =>
        string.Join(" | ", dialogs.FindAll("[data-testid=new-api-client-dialog] .mud-input-error").Select(e => e.TextContent));
}
