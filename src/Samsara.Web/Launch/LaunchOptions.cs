namespace Samsara.Web.Launch;

/// <summary>How Samsara behaves when a recruiter starts it: settings under <c>Samsara</c>.</summary>
public sealed class LaunchOptions
{
    /// <summary><c>Samsara:OpenBrowser</c>: open the default browser on the dashboard once listening (off with <c>--no-browser</c> and in tests).</summary>
    public bool OpenBrowser { get; set; } = true;

    /// <summary><c>Samsara:BrowserCommand</c>: a program to open the address with instead of the platform's opener (xdg-open, open, the shell).</summary>
    public string? BrowserCommand { get; set; }

    public static LaunchOptions From(IConfiguration configuration) =>
        new()
        {
            OpenBrowser = configuration.GetValue("Samsara:OpenBrowser", true),
            BrowserCommand = configuration["Samsara:BrowserCommand"],
        };
}
