using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Samsara.Bench.Outreach;

/// <summary>Samsara.Sandbox.Host as its own process on a loopback port, as the engine would see a real provider.</summary>
internal sealed class SandboxProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private SandboxProcess(Process process, Uri root)
    {
        _process = process;
        Root = root;
        _http = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromMinutes(2) };
    }

    public Uri Root { get; }

    public Uri Twilio => new(Root, "twilio");

    /// <param name="port">0 picks a free one, so two benchmarks never share (or lose) a simulator.</param>
    public static async Task<SandboxProcess> StartAsync(int port)
    {
        if (port == 0)
        {
            using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var dll = Path.Combine(Paths.RepoRoot, "src", "Samsara.Sandbox.Host", "bin", Paths.Configuration, "net10.0", "Samsara.Sandbox.Host.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the solution (or the bench project) in {Paths.Configuration} first.");
        }

        var root = new Uri($"http://127.0.0.1:{port}/");
        // The admin endpoints want the host's per-start secret, which it writes (owner-only) to the file named here.
        var secretFile = Path.Combine(Path.GetTempPath(), $"samsara-bench-sandbox-{Guid.NewGuid():N}.secret");
        var info = new ProcessStartInfo("dotnet", [dll, "--urls", root.ToString().TrimEnd('/'), "--Logging:LogLevel:Default=Warning", $"--Samsara:Sandbox:AdminSecretFile={secretFile}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var sandbox = new SandboxProcess(process, root);
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if (!sandbox._http.DefaultRequestHeaders.Contains("X-Samsara-Sandbox-Secret"))
                {
                    if (!File.Exists(secretFile))
                    {
                        await Task.Delay(100);
                        continue;
                    }

                    sandbox._http.DefaultRequestHeaders.Add("X-Samsara-Sandbox-Secret", await File.ReadAllTextAsync(secretFile));
                    File.Delete(secretFile);
                }

                using var response = await sandbox._http.GetAsync("sandbox/faults");
                if (response.IsSuccessStatusCode)
                {
                    return sandbox;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        await sandbox.DisposeAsync();
        throw new InvalidOperationException($"The sandbox did not start on {root}.");
    }

    public async Task ResetAsync() => (await _http.PostAsync("sandbox/reset", null)).EnsureSuccessStatusCode();

    /// <summary>The To of every SMS create request the sandbox received, repeats kept.</summary>
    public async Task<IReadOnlyList<string>> ReceivedSmsAsync()
    {
        var entries = await _http.GetFromJsonAsync<List<JsonElement>>("sandbox/log?provider=twilio") ?? [];
        return
        [
            .. entries
                .Where(e => e.GetProperty("method").GetString() == "POST" && e.GetProperty("path").GetString()!.EndsWith("/Messages.json", StringComparison.Ordinal))
                .Select(e => QueryHelpers.ParseQuery(e.GetProperty("body").GetString()!)["To"].ToString()),
        ];
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
