using AutopilotPortal.Web.Features.Users;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AutopilotPortal.Web.Tests.Features.Users;

public sealed class NewUserDialogTests : PortalComponentTest
{
    [Fact]
    public async Task TheUserNameShowsItsErrorOnlyOnceLeftOrSubmitted()
    {
        var dialogs = await OpenAsync();
        Assert.Empty(dialogs.FindAll("[data-testid=new-user-dialog] .mud-input-error"));

        dialogs.Find("input[data-testid=new-user-name]").Blur();

        dialogs.WaitForAssertion(() => Assert.Equal(["Required"], FieldErrors(dialogs)), Wait);
    }

    [Fact]
    public async Task CreatingWithAnUntouchedUserNameShowsTheServicesRefusalOnTheField()
    {
        var dialogs = await OpenAsync();

        dialogs.Find("[data-testid=new-user-create]").Click();

        dialogs.WaitForAssertion(() => Assert.Equal(["Enter a user name."], FieldErrors(dialogs)), Wait);
        Assert.Empty(dialogs.FindAll("[data-testid=new-user-error]"));
        Assert.NotNull(dialogs.Find("[data-testid=new-user-dialog]"));
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync()
    {
        var dialogs = RenderProviders();
        var service = Services.GetRequiredService<IDialogService>();
        await dialogs.InvokeAsync(() => service.ShowAsync<NewUserDialog>("New user", new DialogParameters<NewUserDialog> { { d => d.Caller, Caller } }));
        dialogs.WaitForElement("input[data-testid=new-user-name]", Wait);
        return dialogs;
    }

    private static string[] FieldErrors(IRenderedComponent<MudDialogProvider> dialogs) =>
        dialogs.FindAll("[data-testid=new-user-dialog] .mud-input-helper-text.mud-input-error").Select(e => e.TextContent.Trim()).ToArray();
}
