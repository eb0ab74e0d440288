using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutopilotPortal.E2E.Tests.Pages;

/// <summary>/devices: the device grid, its toolbar, the details pane and the edit dialog.</summary>
public sealed class DevicesPage(IPage page)
{
    public ILocator SearchBox => page.GetByRole(AriaRole.Textbox, new PageGetByRoleOptions { Name = "Search by serial number" });

    public ILocator Empty => page.GetByTestId("devices-empty");

    public ILocator EditGroupTagButton => page.GetByTestId("devices-edit-group-tag");

    /// <summary>The device pane: a modal dialog at the side.</summary>
    public ILocator Pane => page.GetByRole(AriaRole.Dialog, new PageGetByRoleOptions { Name = "Device details" });

    public ILocator PaneTitle => Pane.GetByTestId("device-pane-title");

    public ILocator PaneHardware => Pane.GetByTestId("device-hardware");

    public ILocator PanePhysicalIds => Pane.GetByTestId("entra-physical-ids");

    public ILocator PaneEditGroupTagButton => Pane.GetByTestId("pane-edit-group-tag");

    /// <summary>The dialog open over the list or the pane (an edit, a confirmation), not the pane itself.</summary>
    public ILocator Dialog => page.GetByRole(AriaRole.Dialog).Filter(new LocatorFilterOptions { HasNot = page.GetByTestId("device-pane-title") });

    public Task GotoAsync() => page.GotoInteractiveAsync("devices");

    public ILocator SerialLink(string serial) => page.GetByTestId($"device-serial-{serial}");

    public ILocator GroupTagCell(string serial) => page.GetByTestId($"device-group-tag-{serial}");

    /// <summary>A property of the device in the pane, by its test id suffix (<c>serial</c>, <c>group-tag</c>, <c>hw-serial</c>…).</summary>
    public ILocator PaneProperty(string name) => Pane.GetByTestId($"prop-{name}");

    public ILocator Row(string serial) =>
        page.GetByTestId("devices-table").GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { Has = SerialLink(serial) });

    /// <summary>Types into the search box and waits until the grid shows that search's rows (after its debounce).</summary>
    public async Task SearchAsync(string text)
    {
        await SearchBox.FillAsync(text);
        await Expect(page.GetByTestId("devices-table")).ToHaveAttributeAsync("data-loaded-search", text.Trim());
    }

    public async Task OpenAsync(string serial)
    {
        await SerialLink(serial).ClickAsync();
        await Expect(PaneTitle).ToHaveTextAsync(serial);
    }

    public Task SelectAsync(string serial) => Row(serial).GetByRole(AriaRole.Checkbox).CheckAsync();

    /// <summary>Fills the open edit dialog and saves; waits until it has closed.</summary>
    public async Task SaveDialogAsync(string value)
    {
        await Expect(Dialog).ToBeVisibleAsync();
        await Dialog.GetByTestId("edit-value").FillAsync(value);
        await Dialog.GetByTestId("edit-save").ClickAsync();
        await Expect(Dialog).ToBeHiddenAsync();
    }
}
