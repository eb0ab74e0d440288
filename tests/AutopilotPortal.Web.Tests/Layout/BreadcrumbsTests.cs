using AutopilotPortal.Web.Shared;
using Bunit;

namespace AutopilotPortal.Web.Tests.Layout;

public sealed class BreadcrumbsTests : BunitContext
{
    public BreadcrumbsTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    [Fact]
    public void TheStepsAboveAreLinksAndThePageItselfIsTheCurrentText()
    {
        var trail = Render<Breadcrumbs>(p => p.Add(c => c.Trail, new Crumb[] { new("Groups", "/groups"), new("Sales laptops") }));

        var nav = trail.Find("nav");
        Assert.Equal("Breadcrumb", nav.GetAttribute("aria-label"));
        var items = trail.FindAll("li");
        Assert.Equal(2, items.Count);
        Assert.Equal("/groups", items[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Null(items[1].QuerySelector("a"));
        var current = items[1].QuerySelector("[aria-current=page]")!;
        Assert.Equal("Sales laptops", current.TextContent);
        Assert.Equal("Sales laptops", current.GetAttribute("title"));
    }
}
