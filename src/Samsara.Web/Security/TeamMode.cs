using System.Net;

namespace Samsara.Web.Security;

/// <summary><c>Samsara:TeamMode</c>: whether sign-in is required.</summary>
public enum TeamModeSetting
{
    /// <summary>Team mode when the app listens beyond loopback or runs on PostgreSQL (the README's team set-up).</summary>
    Auto,
    On,
    Off,
}

/// <summary>
/// Decided once at start, from configuration only, so every registration (authorization, the start gate, the bridge)
/// agrees. Local mode (off) is the app as it always was: loopback, one recruiter, no sign-in.
/// </summary>
public sealed record TeamMode(bool On, string Reason)
{
    public const string Key = "Samsara:TeamMode";

    public static TeamMode From(IConfiguration configuration)
    {
        var setting = configuration.GetValue<TeamModeSetting?>(Key) ?? TeamModeSetting.Auto;
        switch (setting)
        {
            case TeamModeSetting.On:
                return new TeamMode(true, "Samsara:TeamMode is On");
            case TeamModeSetting.Off:
                return new TeamMode(false, "Samsara:TeamMode is Off");
            case TeamModeSetting.Auto:
                if (string.Equals(configuration["Samsara:Database:Provider"], "Postgres", StringComparison.OrdinalIgnoreCase))
                {
                    return new TeamMode(true, "the database is PostgreSQL");
                }

                var exposed = ListeningAddresses(configuration).FirstOrDefault(a => !IsLoopback(a));
                return exposed is null
                    ? new TeamMode(false, "the app listens on loopback only")
                    : new TeamMode(true, $"the app listens on {exposed}");
            default:
                throw new InvalidOperationException($"Unknown {Key} '{setting}'.");
        }
    }

    // Every way Kestrel can be told where to listen: Urls (ASPNETCORE_URLS, --urls), HTTP(S)_PORTS and Kestrel endpoints.
    private static IEnumerable<string> ListeningAddresses(IConfiguration configuration)
    {
        foreach (var url in (configuration["Urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            yield return url;
        }

        foreach (var key in new[] { "HTTP_PORTS", "HTTPS_PORTS" })
        {
            if (!string.IsNullOrWhiteSpace(configuration[key]))
            {
                yield return $"every address, port {configuration[key]}";
            }
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                yield return url;
            }
        }
    }

    internal static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
