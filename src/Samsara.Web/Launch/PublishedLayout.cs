namespace Samsara.Web.Launch;

/// <summary>
/// Where a published Samsara finds its appsettings.json and wwwroot. ASP.NET Core takes the current directory as the
/// content root, which is right for <c>dotnet run</c> (the project folder) but not for a recruiter who starts the
/// downloaded file from a file manager or a terminal elsewhere: the settings (allowed hosts, log levels) would be
/// skipped and every stylesheet and script would answer empty. A published folder is recognised by its wwwroot beside
/// the executable (a build output has none; the test host sets its own content root).
/// </summary>
internal static class PublishedLayout
{
    /// <summary>The executable's folder when it is a published app, else null (the default: the current directory).</summary>
    public static string? ContentRoot(string[] args)
    {
        var directory = AppContext.BaseDirectory;
        var chosen = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is { Length: > 0 }
            || Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT") is { Length: > 0 };
        return !chosen && Directory.Exists(Path.Combine(directory, "wwwroot")) ? directory : null;
    }
}
