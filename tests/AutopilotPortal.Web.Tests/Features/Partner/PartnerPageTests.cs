using AutopilotPortal.Core.Partner;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Web.Features.Partner;
using AutopilotPortal.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Web.Tests.Features.Partner;

public sealed class PartnerPageTests : PortalComponentTest
{
    [Fact]
    public async Task RegisteringACatalogTupleShowsTheZtdidAndWritesNoIntuneRow()
    {
        var device = await AddCatalogDeviceAsync(1, new DateOnly(2023, 4, 5));
        RenderProviders();
        var cut = Render<PartnerPage>();

        cut.Find("input[data-testid=partner-manufacturer]").Input(device.Manufacturer);
        cut.Find("input[data-testid=partner-model]").Input(device.Model);
        cut.Find("input[data-testid=partner-serial]").Input(device.SerialNumber);
        cut.Find("[data-testid=partner-register]").Click();

        var result = cut.WaitForElement("[data-testid=partner-result]", Wait);
        var ztdid = await QueryAsync(db => db.Registrations.Select(r => r.Ztdid).SingleAsync());
        Assert.Contains($"Registered {device.SerialNumber}", result.TextContent, StringComparison.Ordinal);
        Assert.Equal(ztdid.ToString(), cut.Find("[data-testid=partner-result-ztdid]").TextContent.Trim());
        Assert.Equal(0, await QueryAsync(db => db.AutopilotDevices.CountAsync()));
    }

    [Fact]
    public async Task ATupleWithTheWrongCaseShows812AndItsMessage()
    {
        var device = await AddCatalogDeviceAsync(2, new DateOnly(2023, 4, 5));
        RenderProviders();
        var cut = Render<PartnerPage>();

        cut.Find("input[data-testid=partner-manufacturer]").Input(device.Manufacturer.ToUpperInvariant() == device.Manufacturer ? device.Manufacturer.ToLowerInvariant() : device.Manufacturer.ToUpperInvariant());
        cut.Find("input[data-testid=partner-model]").Input(device.Model);
        cut.Find("input[data-testid=partner-serial]").Input(device.SerialNumber);
        cut.Find("[data-testid=partner-register]").Click();

        cut.WaitForElement("[data-testid=partner-result]", Wait);
        Assert.Equal("812 ZtdDeviceNotFound", cut.Find("[data-testid=partner-result-code]").TextContent.Trim());
        Assert.Contains("capitals included", cut.Find("[data-testid=partner-result]").TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await QueryAsync(db => db.Registrations.CountAsync()));
    }

    [Fact]
    public void AReaderSeesTheRefusalInsteadOfTheForm()
    {
        Caller = PortalCaller.WithRoles("rita", PortalRole.Reader);
        RenderProviders();
        var cut = Render<PartnerPage>();

        Assert.NotNull(cut.FindComponent<AccessRefused>());
        Assert.Empty(cut.FindAll("[data-testid=partner-register]"));
    }

    private async Task<OemCatalogDevice> AddCatalogDeviceAsync(int n, DateOnly builtOn)
    {
        var device = OemCatalogSeeder.Synthetic(n);
        device.ManufacturedOn = builtOn;
        await QueryAsync(async db =>
        {
            db.OemCatalogDevices.Add(device);
            return await db.SaveChangesAsync();
        });
        return device;
    }
}
