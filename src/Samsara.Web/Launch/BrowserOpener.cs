using System.ComponentModel;
using System.Diagnostics;

namespace Samsara.Web.Launch;

/// <summary>Opens an address in the recruiter's default browser; a machine without one (a server, CI) just carries on.</summary>
internal static class BrowserOpener
{
    public static bool TryOpen(LaunchOptions options, string url, Action<string>? report = null)
    {
        if (!options.OpenBrowser)
        {
            return false;
        }

        try
        {
            var start = options.BrowserCommand is { Length: > 0 } command ? new ProcessStartInfo(command, [url])
                : OperatingSystem.IsWindows() ? new ProcessStartInfo(url) { UseShellExecute = true }
                : OperatingSystem.IsMacOS() ? new ProcessStartInfo("open", [url])
                : new ProcessStartInfo("xdg-open", [url]);
            start.RedirectStandardOutput = start.RedirectStandardError = !start.UseShellExecute;
            using var process = Process.Start(start);
            return process is not null;
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or FileNotFoundException)
        {
            report?.Invoke($"Could not open a browser ({e.Message}); open {url} yourself.");
            return false;
        }
    }
}
