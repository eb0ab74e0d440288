using AutopilotPortal.Web.Layout;
using MudBlazor;
using MudBlazor.Utilities;

namespace AutopilotPortal.Web.Tests.Layout;

/// <summary>
/// The palettes' colours against WCAG AA (4.5:1 for text), computed as the browser composes them:
/// a colour with transparency is laid over the background it is drawn on.
/// </summary>
public sealed class PortalThemeTests
{
    private const double AA = 4.5;

    public static TheoryData<string> Modes => new() { "light", "dark" };

    [Theory]
    [MemberData(nameof(Modes))]
    public void TextAndMeaningColoursReachAAOnTheBackgroundAndTheSurface(string mode)
    {
        var palette = Palette(mode);
        var failures = new List<string>();
        foreach (var ground in new[] { ("background", palette.Background), ("surface", palette.Surface) })
        {
            foreach (var (name, colour) in Meaningful(palette))
            {
                var ratio = Contrast(colour, ground.Item2);
                if (ratio < AA)
                {
                    failures.Add($"{name} on {ground.Item1}: {ratio:F2}:1");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{mode}: {string.Join("; ", failures)}");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void TextOnAFilledColourReachesAA(string mode)
    {
        var palette = Palette(mode);
        var pairs = new (string, MudColor, MudColor)[]
        {
            ("primary", palette.Primary, palette.PrimaryContrastText),
            ("secondary", palette.Secondary, palette.SecondaryContrastText),
            ("info", palette.Info, palette.InfoContrastText),
            ("success", palette.Success, palette.SuccessContrastText),
            ("warning", palette.Warning, palette.WarningContrastText),
            ("error", palette.Error, palette.ErrorContrastText),
            ("app bar", palette.AppbarBackground, palette.AppbarText),
        };
        var failures = pairs
            .Select(p => (p.Item1, Ratio: Contrast(p.Item3, p.Item2)))
            .Where(p => p.Ratio < AA)
            .Select(p => $"text on {p.Item1}: {p.Ratio:F2}:1")
            .ToList();

        Assert.True(failures.Count == 0, $"{mode}: {string.Join("; ", failures)}");
    }

    [Fact]
    public void TheContrastOfTheOldSuccessGreenOnWhiteIsBelowAA()
    {
        // The check itself: MudBlazor's default success green is 2.2:1 on white, as browsers measure it.
        Assert.InRange(Contrast(new MudColor("#00c853"), new MudColor("#ffffff")), 2.1, 2.3);
        Assert.Equal(21, Contrast(new MudColor("#000000"), new MudColor("#ffffff")), 1);
    }

    [Theory]
    [InlineData("dark", true)]
    [InlineData("light", false)]
    [InlineData("system", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("DARK; path=/", null)]
    public void TheCookieNamesTheModeOrFollowsTheSystem(string? value, bool? dark) =>
        Assert.Equal(dark, PortalTheme.DarkFromCookie(value));

    private static Palette Palette(string mode) =>
        mode == "dark" ? PortalTheme.Theme.PaletteDark : PortalTheme.Theme.PaletteLight;

    private static IEnumerable<(string, MudColor)> Meaningful(Palette palette) =>
    [
        ("primary", palette.Primary),
        ("secondary", palette.Secondary),
        ("info", palette.Info),
        ("success", palette.Success),
        ("warning", palette.Warning),
        ("error", palette.Error),
        ("text", palette.TextPrimary),
        ("secondary text", palette.TextSecondary),
        ("icons", palette.ActionDefault),
        ("drawer text", palette.DrawerText),
    ];

    private static double Contrast(MudColor foreground, MudColor background)
    {
        var ground = Over(background, new MudColor(255, 255, 255, 255));
        var a = Luminance(Over(foreground, ground));
        var b = Luminance(ground);
        return (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);
    }

    /// <summary>The opaque colour a (possibly transparent) colour shows over an opaque one.</summary>
    private static (double R, double G, double B) Over(MudColor colour, (double R, double G, double B) ground)
    {
        var alpha = colour.A / 255.0;
        return (colour.R * alpha + ground.R * (1 - alpha), colour.G * alpha + ground.G * (1 - alpha), colour.B * alpha + ground.B * (1 - alpha));
    }

    private static (double R, double G, double B) Over(MudColor colour, MudColor ground) => Over(colour, (ground.R, ground.G, ground.B));

    private static double Luminance((double R, double G, double B) colour)
    {
        static double Channel(double value)
        {
            var c = value / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return 0.2126 * Channel(colour.R) + 0.7152 * Channel(colour.G) + 0.0722 * Channel(colour.B);
    }
}
