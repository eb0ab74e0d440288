using MudBlazor;

namespace AutopilotPortal.Web.Layout;

/// <summary>
/// The portal's palettes. Every colour that carries text or meaning (primary, success, warning, error,
/// info, the secondary text) reaches WCAG AA (4.5:1) against the background and surface of its own
/// mode, and so does the text drawn on it: white on the light palette's colours, near-black on the
/// dark palette's lighter ones.
/// </summary>
public static class PortalTheme
{
    /// <summary>The cookie that remembers a browser's choice: <c>light</c>, <c>dark</c>, or absent to follow the system.</summary>
    public const string CookieName = "portal-color-scheme";

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#594ae2",              // 6.0:1 on white
            Secondary = "#c2185b",            // 5.9:1
            Tertiary = "#00796b",             // 5.3:1
            Info = "#01579b",                 // 7.4:1
            Success = "#2e7d32",              // 5.1:1
            Warning = "#9a5b00",              // 5.4:1
            Error = "#c62828",                // 5.6:1
            Dark = "#424242",
            TextPrimary = "rgba(0,0,0,0.87)",
            TextSecondary = "rgba(0,0,0,0.64)", // 5.6:1 on white
            ActionDefault = "rgba(0,0,0,0.64)",
            AppbarBackground = "#594ae2",
            AppbarText = "#ffffff",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#a49cff",              // 7.2:1 on the background, 4.9:1 on the surface
            PrimaryContrastText = "#1a1a27",
            Secondary = "#f48fb1",
            SecondaryContrastText = "#1a1a27",
            Tertiary = "#4db6ac",
            TertiaryContrastText = "#1a1a27",
            Info = "#64b5f6",
            InfoContrastText = "#1a1a27",
            Success = "#81c784",
            SuccessContrastText = "#1a1a27",
            Warning = "#ffb74d",
            WarningContrastText = "#1a1a27",
            Error = "#ff8a80",
            ErrorContrastText = "#1a1a27",
            Black = "#1a1a27",
            Background = "#1a1a27",
            BackgroundGray = "#22222e",
            Surface = "#27272f",
            DrawerBackground = "#27272f",
            DrawerText = "rgba(255,255,255,0.87)",
            DrawerIcon = "rgba(255,255,255,0.74)",
            AppbarBackground = "#27272f",
            AppbarText = "rgba(255,255,255,0.87)",
            TextPrimary = "rgba(255,255,255,0.87)",
            TextSecondary = "rgba(255,255,255,0.70)",
            ActionDefault = "rgba(255,255,255,0.74)",
            LinesDefault = "rgba(255,255,255,0.16)",
            TableLines = "rgba(255,255,255,0.12)",
            Divider = "rgba(255,255,255,0.12)",
        },
    };

    /// <summary>The mode a cookie value asks for; <c>null</c> (follow the system) for a missing or unknown value.</summary>
    public static bool? DarkFromCookie(string? value) => value switch
    {
        "dark" => true,
        "light" => false,
        _ => null,
    };
}
