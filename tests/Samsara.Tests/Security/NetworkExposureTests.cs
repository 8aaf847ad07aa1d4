using System.Diagnostics;
using Samsara.Tests.Launch;

namespace Samsara.Tests.Security;

/// <summary>
/// Issue 10: "Bind 127.0.0.1". The real app, started as the README says (no --urls, so appsettings.json's default
/// address), inside a network namespace of its own (<c>unshare --net</c>, as root) that has a non-loopback interface,
/// a veth with 198.18.0.1 (the benchmarking range, which exists nowhere else here). From inside that namespace:
/// /health answers on 127.0.0.1 and the connection to 198.18.0.1 is refused. The control, the same app told to listen
/// on 0.0.0.0, is reachable at 198.18.0.1, so the probe can tell the difference. No packet leaves the namespace.
/// </summary>
public sealed class NetworkExposureTests : IDisposable
{
    private readonly string home = Path.Combine(Path.GetTempPath(), "samsara-exposure-tests", Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Start_DefaultSettings_AnswersOnLoopbackOnlyAndRefusesTheMachinesOtherAddress()
    {
        var byDefault = await ProbeInOwnNetworkAsync();

        Assert.Equal("200", byDefault["loopback"]);
        Assert.Equal("7", byDefault["other_exit"]); // curl: failed to connect (refused), not an HTTP answer
        Assert.Equal("http://127.0.0.1:5170", byDefault["listening"]);

        // Listening everywhere is team mode, which wants an admin first; this control is about the socket, not sign-in.
        var everywhere = await ProbeInOwnNetworkAsync("--urls=http://0.0.0.0:5170", "--Samsara:TeamMode=Off");

        Assert.Equal("200", everywhere["loopback"]);
        Assert.Equal("0", everywhere["other_exit"]); // connected and answered (400: 198.18.0.1 is not an allowed host)
        Assert.Equal("400", everywhere["other"]);
    }

    /// <summary>Starts the app in a fresh network namespace and reports what curl saw, as key=value lines.</summary>
    private async Task<Dictionary<string, string>> ProbeInOwnNetworkAsync(params string[] appArguments)
    {
        Directory.CreateDirectory(home);
        var web = SecondStartTests.WebDll();
        const string script = """
            set -u
            ip link set lo up
            ip link add samsara0 type veth peer name samsara1
            ip addr add 198.18.0.1/24 dev samsara0
            ip link set samsara0 up
            ip link set samsara1 up
            "$DOTNET" "$WEB" "$@" > "$HOME/app.log" 2>&1 &
            app=$!
            i=0
            until curl -fsS -o /dev/null --max-time 5 http://127.0.0.1:5170/health; do
              i=$((i + 1)); [ $i -lt 360 ] || break; sleep 0.5
            done
            echo "loopback=$(curl -s -o /dev/null --max-time 5 -w '%{http_code}' http://127.0.0.1:5170/health)"
            other=$(curl -s -o /dev/null --max-time 5 -w '%{http_code}' http://198.18.0.1:5170/health); echo "other_exit=$?"
            echo "other=$other"
            echo "listening=$(grep -o 'Now listening on: .*' "$HOME/app.log" | sed 's/Now listening on: //' | tr '\n' ' ' | sed 's/ $//')"
            kill $app; wait $app
            exit 0
            """;
        var info = new ProcessStartInfo("unshare", ["--net", "sh", "-c", script, "probe", .. appArguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(web)!,
        };
        info.Environment["HOME"] = home;
        info.Environment["DOTNET"] = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        info.Environment["WEB"] = web;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var key in new[] { "XDG_DATA_HOME", "ASPNETCORE_URLS", "DOTNET_URLS", "URLS", "ASPNETCORE_HTTP_PORTS", "DOTNET_HTTP_PORTS" })
        {
            info.Environment.Remove(key);
        }

        // The app's own background loops are quiet here; no browser on a test machine.
        info.Environment["Samsara__OpenBrowser"] = "false";
        info.Environment["Samsara__Matching__Semantic"] = "false";
        using var probe = Process.Start(info)!;
        var output = probe.StandardOutput.ReadToEndAsync(Ct);
        var errors = probe.StandardError.ReadToEndAsync(Ct);
        await probe.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromMinutes(4), Ct);
        Assert.True(probe.ExitCode == 0, $"unshare --net (needs root, as ./test.sh runs) failed with {probe.ExitCode}: {await errors}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1]);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(home, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Never created.
        }
    }
}
