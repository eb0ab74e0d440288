using AutopilotPortal.Core.ApiClients;
using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AutopilotPortal.Web.Features.ApiClients;

/// <summary>API clients of the portal's tenant: create one, rotate its secret, revoke it. Secrets are shown once, in a dialog.</summary>
public partial class ApiClientsPage
{
    // A stray click beside the secret must not close the only view of it.
    private static readonly DialogOptions SecretDialogOptions = new() { BackdropClick = false };

    private IReadOnlyList<ApiClientSummary>? _clients;

    [CascadingParameter] public PortalCaller Caller { get; set; } = default!;

    [Inject] private ApiClientService Clients { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private TimeProvider Clock { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        if (Caller.Can(PortalPermission.ManageApiClients))
        {
            await ReloadAsync();
        }
    }

    private bool IsExpired(ApiClientSummary client) => client.SecretExpiresAt <= Clock.GetUtcNow().UtcDateTime;

    private async Task ReloadAsync() => _clients = await Clients.ListAsync(Caller);

    private async Task NewClientAsync()
    {
        var dialog = await Dialogs.ShowAsync<NewApiClientDialog>("New API client", new DialogParameters<NewApiClientDialog> { { d => d.Caller, Caller } });
        if (await dialog.Result is { Canceled: false, Data: ApiClientSecret created })
        {
            await ReloadAsync();
            await ShowSecretAsync(created, rotated: false);
        }
    }

    private async Task RotateAsync(ApiClientSummary client)
    {
        var dialog = await Dialogs.ShowAsync<RotateSecretDialog>($"Rotate the secret of {client.DisplayName}",
            new DialogParameters<RotateSecretDialog> { { d => d.Caller, Caller }, { d => d.Client, client } });
        if (await dialog.Result is { Canceled: false, Data: ApiClientSecret rotated })
        {
            await ReloadAsync();
            await ShowSecretAsync(rotated, rotated: true);
        }
    }

    private async Task RevokeAsync(ApiClientSummary client)
    {
        var dialog = await Dialogs.ShowAsync<RevokeApiClientDialog>($"Revoke {client.DisplayName}",
            new DialogParameters<RevokeApiClientDialog> { { d => d.Caller, Caller }, { d => d.Client, client } });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"{client.DisplayName} is revoked.", Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task ShowSecretAsync(ApiClientSecret secret, bool rotated)
    {
        var dialog = await Dialogs.ShowAsync<ApiClientSecretDialog>(secret.Client.DisplayName,
            new DialogParameters<ApiClientSecretDialog> { { d => d.Secret, secret }, { d => d.Rotated, rotated } }, SecretDialogOptions);
        await dialog.Result;
    }
}
