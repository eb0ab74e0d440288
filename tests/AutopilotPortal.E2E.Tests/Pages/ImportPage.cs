using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutopilotPortal.E2E.Tests.Pages;

/// <summary>/import: choose a CSV, read its preview, confirm; then the job page it lands on.</summary>
public sealed partial class ImportPage(IPage page)
{
    public ILocator FileInput => page.GetByTestId("import-file");

    public ILocator Error => page.GetByTestId("import-error");

    public ILocator Preview => page.GetByTestId("import-preview");

    public ILocator ConfirmButton => page.GetByTestId("import-confirm");

    public ILocator JobRegistered => page.GetByTestId("job-registered");

    public ILocator JobFailed => page.GetByTestId("job-failed");

    public Task GotoAsync() => page.GotoInteractiveAsync("import");

    public Task UploadAsync(string path) => FileInput.SetInputFilesAsync(path);

    public Task UploadAsync(string fileName, byte[] content) =>
        FileInput.SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = "text/csv", Buffer = content });

    /// <summary>The preview row of the device with this serial number.</summary>
    public ILocator PreviewRow(string serial) =>
        page.GetByTestId("preview-table").GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = serial });

    /// <summary>Confirms the import and waits for the job page it navigates to.</summary>
    public async Task ConfirmAsync()
    {
        await ConfirmButton.ClickAsync();
        await Expect(page).ToHaveURLAsync(JobUrl());
    }

    /// <summary>Imports a file start to end: the import page, the upload, the preview, the confirmation, the job page.</summary>
    public async Task ImportFileAsync(string path)
    {
        await GotoAsync();
        await UploadAsync(path);
        await ConfirmAsync();
    }

    [GeneratedRegex("/imports/[0-9a-f-]{36}$")]
    private static partial Regex JobUrl();
}
