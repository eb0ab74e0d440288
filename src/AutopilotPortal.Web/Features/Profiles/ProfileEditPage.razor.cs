using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AutopilotPortal.Web.Features.Profiles;

/// <summary>
/// Creates or edits a profile. The rules run as the person types (the same rules the service
/// enforces on save); the name template is previewed for a real device. A field shows its error once
/// it, or a field its rule reads, was changed or left, and every field does once Save was pressed.
/// </summary>
public partial class ProfileEditPage
{
    /// <summary>Random digits of the preview: the same seed every time, so the preview does not flicker.</summary>
    private const int PreviewSeed = 1234;

    /// <summary>The fields each field's rules read (see <see cref="ProfileRules.Validate"/>), the field itself first.</summary>
    private static readonly Dictionary<string, string[]> RuleInputs = new()
    {
        [nameof(ProfileSettings.DisplayName)] = [nameof(ProfileSettings.DisplayName)],
        [nameof(ProfileSettings.Description)] = [nameof(ProfileSettings.Description)],
        [nameof(ProfileSettings.DeploymentMode)] = [nameof(ProfileSettings.DeploymentMode), nameof(ProfileSettings.JoinType)],
        [nameof(ProfileSettings.Language)] = [nameof(ProfileSettings.Language), nameof(ProfileSettings.DeploymentMode)],
        [nameof(ProfileSettings.DeviceNameTemplate)] = [nameof(ProfileSettings.DeviceNameTemplate), nameof(ProfileSettings.JoinType)],
    };

    private ProfileSettings _form = new();
    private IReadOnlyList<ProfileValidationError> _errors = [];
    private readonly HashSet<string> _touched = [];
    private bool _submitted;
    private string? _nameWarning;
    private IReadOnlyList<AssignedGroup> _assignments = [];
    private IReadOnlyList<string> _previewSerials = [];
    private string? _previewSerial;
    private string? _savedName;
    private bool _loaded;
    private bool _notFound;
    private bool _saving;
    private ProfileException? _deleteRefusal;
    private ProfileDevicesTable? _devices;

    [Parameter] public Guid? Id { get; set; }

    [CascadingParameter] public PortalCaller Caller { get; set; } = default!;

    [Inject] private ProfileService Profiles { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private bool IsNew => Id is null;

    private bool CanManage => Caller.Can(PortalPermission.ManageGroupsAndProfiles);

    private string DownloadHref => $"/api/profiles/{Id}/AutopilotConfigurationFile.json";

    private IEnumerable<(string Value, string Label)> LanguageChoices =>
        ProfileDisplay.Languages.Any(l => l.Value == _form.Language)
            ? ProfileDisplay.Languages
            : ProfileDisplay.Languages.Append((_form.Language, _form.Language));

    private string PreviewText
    {
        get
        {
            if (string.IsNullOrWhiteSpace(_form.DeviceNameTemplate))
            {
                return "No template: the device keeps the name its manufacturer gave it.";
            }

            var name = _previewSerial is null ? null : DeviceNameTemplate.Expand(_form.DeviceNameTemplate, _previewSerial, new Random(PreviewSeed));
            return name is null ? "Fix the template to see a preview." : $"e.g. {name}";
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        if (!Caller.Can(PortalPermission.ReadDevices) || (IsNew && !CanManage))
        {
            return;
        }

        _previewSerials = await Profiles.SearchSerialNumbersAsync(Caller, null, 10);
        _previewSerial = _previewSerials.FirstOrDefault();
        if (Id is { } id)
        {
            var details = await Profiles.GetAsync(Caller, id);
            if (details is null)
            {
                _notFound = true;
                return;
            }

            _form = ProfileSettings.From(details.Profile);
            _savedName = details.Profile.DisplayName;
            _assignments = details.Assignments;
        }
        else
        {
            _form = new ProfileSettings();
        }

        _loaded = true;
        Validate();
    }

    private void Validate()
    {
        var errors = ProfileRules.Validate(Settings.Normalized()).ToList();
        if (errors.All(e => e.Field != nameof(ProfileSettings.DeviceNameTemplate)) && _previewSerial is not null
            && DeviceNameTemplate.Expand(_form.DeviceNameTemplate, _previewSerial, new Random(PreviewSeed)) is { } name
            && DeviceNameTemplate.CheckName(name) is { } problem)
        {
            // Only this device's name is wrong, not the template: shown, but it does not block saving.
            _nameWarning = problem;
        }
        else
        {
            _nameWarning = null;
        }

        _errors = errors;
    }

    /// <summary>Marks a field the person changed and checks the form again.</summary>
    private void Changed(string field)
    {
        _touched.Add(field);
        Validate();
    }

    /// <summary>Marks a field the person left; its error, if any, shows from then on.</summary>
    private void Touch(string field) => _touched.Add(field);

    /// <summary>Whether the errors of <paramref name="field"/> are shown: after Save was pressed, or once it or a field its rules read was touched.</summary>
    private bool IsShown(string field) =>
        _submitted || (RuleInputs.TryGetValue(field, out var inputs) ? inputs : [field]).Any(_touched.Contains);

    private bool HasError(string field) =>
        IsShown(field) && (_errors.Any(e => e.Field == field) || (field == nameof(ProfileSettings.DeviceNameTemplate) && _nameWarning is not null));

    private string? ErrorFor(string field) => !IsShown(field)
        ? null
        : _errors.Where(e => e.Field == field).Select(e => e.Message).DefaultIfEmpty(field == nameof(ProfileSettings.DeviceNameTemplate) ? _nameWarning : null).First();

    private static Dictionary<string, object?> Attrs(string testId, string label) => new() { ["data-testid"] = testId, ["aria-label"] = label };

    private async Task SaveAsync()
    {
        _submitted = true;
        Validate();
        if (_errors.Count > 0)
        {
            return;
        }

        _saving = true;
        try
        {
            var settings = Settings;
            if (Id is { } id)
            {
                await Profiles.UpdateAsync(Caller, id, settings);
                _savedName = settings.Normalized().DisplayName;
                Snackbar.Add($"'{_savedName}' saved.", Severity.Success);
                await ReloadAsync();
            }
            else
            {
                var created = await Profiles.CreateAsync(Caller, settings);
                Snackbar.Add($"'{created.DisplayName}' created. Assign it to groups to target devices.", Severity.Success);
                Navigation.NavigateTo($"/profiles/{created.Id}");
            }
        }
        catch (ProfileValidationException ex)
        {
            _errors = ex.Errors;
        }
        catch (Exception ex) when (ex is ProfileException or AccessDeniedException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task DeleteAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Delete '{_savedName}'?",
            "The profile is deleted for good. A profile that is assigned to groups cannot be deleted.", yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        try
        {
            await Profiles.DeleteAsync(Caller, Id!.Value);
            Snackbar.Add($"'{_savedName}' deleted.", Severity.Success);
            Navigation.NavigateTo("/profiles");
        }
        catch (ProfileException ex)
        {
            _deleteRefusal = ex;
        }
        catch (AccessDeniedException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }

    private async Task OnAssignmentsChangedAsync()
    {
        await ReloadAsync();
        if (_devices is not null)
        {
            await _devices.ReloadAsync();
        }
    }

    private async Task ReloadAsync()
    {
        if (await Profiles.GetAsync(Caller, Id!.Value) is { } details)
        {
            _assignments = details.Assignments;
            _deleteRefusal = null;
        }
    }

    /// <summary>A copy of what the form holds, to validate or save (a cleared name field binds null).</summary>
    private ProfileSettings Settings => _form with { DisplayName = _form.DisplayName ?? string.Empty };
}
