namespace Samsara.Web.Launch;

/// <summary>Switches a recruiter types that are not configuration keys (the configuration parser would reject them).</summary>
internal static class LaunchArguments
{
    public const string NoBrowser = "--no-browser";

    /// <summary>The arguments without <c>--no-browser</c>, which becomes <c>Samsara:OpenBrowser=false</c>.</summary>
    public static string[] Normalise(string[] args) =>
        [.. args.Select(a => string.Equals(a, NoBrowser, StringComparison.OrdinalIgnoreCase) ? "--Samsara:OpenBrowser=false" : a)];
}
