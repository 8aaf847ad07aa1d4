using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Samsara.Core;
using Samsara.Web.Sandbox;

namespace Samsara.Web.Launch;

/// <summary>
/// One Samsara per data folder: a running instance writes <c>samsara.instance</c> (its address and process id) into the
/// data folder once it listens and removes it when it stops. A second start reads it and asks that address's
/// <c>/health</c>: if it answers, the second start opens the browser there and exits 0 instead of failing on the port;
/// a file left by a killed process answers nothing and is replaced.
/// </summary>
internal static partial class RunningInstance
{
    public const string FileName = "samsara.instance";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string PathIn(IConfiguration configuration)
    {
        var options = configuration.GetSection(SamsaraOptions.Section).Get<SamsaraOptions>() ?? new SamsaraOptions();
        return Path.Combine(options.ResolveDataDirectory(), FileName);
    }

    /// <summary>The address of a live instance on the same data folder, or null.</summary>
    public static async Task<string?> FindAsync(IConfiguration configuration, CancellationToken ct = default)
    {
        var path = PathIn(configuration);
        InstanceRecord? record;
        try
        {
            record = JsonSerializer.Deserialize<InstanceRecord>(await File.ReadAllTextAsync(path, ct), Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }

        if (record?.Url is not { Length: > 0 } url || !Uri.TryCreate(url, UriKind.Absolute, out var address) || !address.IsLoopback)
        {
            return null;
        }

        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
            using var health = await http.GetAsync(new Uri(address, "/health"), ct);
            return health.IsSuccessStatusCode ? url : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Writes the instance file once the server listens (not under the test host, which has no address) and removes it on stop.</summary>
    public static void Announce(WebApplication app)
    {
        var lifetime = app.Lifetime;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RunningInstance));
        var path = PathIn(app.Configuration);
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            if (addresses is not { Count: > 0 })
            {
                return;
            }

            var url = DemoModeRegistration.OwnAddress(string.Join(';', addresses)) + "/";
            Write(path, new InstanceRecord(url, Environment.ProcessId));
            LogListening(logger, url);
            BrowserOpener.TryOpen(LaunchOptions.From(app.Configuration), url, message => LogNoBrowser(logger, message));
        });
        lifetime.ApplicationStopped.Register(() =>
        {
            try
            {
                // Only our own file: a second instance on another data folder has its own.
                if (File.Exists(path) && JsonSerializer.Deserialize<InstanceRecord>(File.ReadAllText(path), Json)?.Pid == Environment.ProcessId)
                {
                    File.Delete(path);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                // A stale file is harmless: the next start finds nobody answering at its address.
            }
        });
    }

    private static void Write(string path, InstanceRecord record)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temp, options))
        {
            JsonSerializer.Serialize(file, record, Json);
        }

        File.Move(temp, path, overwrite: true);
    }

    private sealed record InstanceRecord(string Url, int Pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Samsara is running at {Url}")]
    private static partial void LogListening(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Message}")]
    private static partial void LogNoBrowser(ILogger logger, string message);
}
