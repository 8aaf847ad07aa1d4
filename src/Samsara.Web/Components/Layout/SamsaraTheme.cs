using MudBlazor;

namespace Samsara.Web.Components.Layout;

internal static class SamsaraTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#5b3cc4",
            Secondary = "#e0803a",
            AppbarBackground = "#2d1f66",
            Background = "#f6f5fb",
        },
    };
}
