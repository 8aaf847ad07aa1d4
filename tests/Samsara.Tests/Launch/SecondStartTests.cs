using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Samsara.Tests.Launch;

/// <summary>
/// Issue 19: the real app process started twice on one data folder. The second start finds the first through the
/// instance file and its /health, opens the browser there and exits 0 instead of failing on the port; a file left by a
/// killed instance does not stop the next start.
/// </summary>
public sealed class SecondStartTests : IDisposable
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "samsara-launch-tests", Guid.NewGuid().ToString("N"));
    private readonly List<Process> started = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task SecondStart_SameDataFolderWhileRunning_OpensTheRunningOneAndExits0()
    {
        var port = FreePort();
        var first = Start(port, "--no-browser");
        await HealthyAsync(port);
        var record = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dataDirectory, "samsara.instance"), Ct)).RootElement;
        Assert.Equal($"http://127.0.0.1:{port}/", record.GetProperty("url").GetString());
        Assert.Equal(first.Id, record.GetProperty("pid").GetInt32());

        // The same command again (same port), with a stand-in browser that writes down what it was asked to open.
        var opened = Path.Combine(dataDirectory, "opened.txt");
        var browser = Path.Combine(dataDirectory, "browser.sh");
        await File.WriteAllTextAsync(browser, $"#!/bin/sh\necho \"$1\" > '{opened}'\n", Ct);
        File.SetUnixFileMode(browser, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var second = Start(port, $"--Samsara:BrowserCommand={browser}");
        var output = second.StandardOutput.ReadToEndAsync(Ct);
        await second.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromMinutes(3), Ct);

        Assert.Equal(0, second.ExitCode);
        Assert.Contains($"already running at http://127.0.0.1:{port}/", await output, StringComparison.Ordinal);
        await WaitForFileAsync(opened);
        Assert.Equal($"http://127.0.0.1:{port}/", (await File.ReadAllTextAsync(opened, Ct)).Trim());
        Assert.False(first.HasExited);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"), Ct)).StatusCode);
    }

    [Fact]
    public async Task Start_InstanceFileLeftByAKilledProcess_StartsAndServes()
    {
        var port = FreePort();
        var first = Start(port, "--no-browser");
        await HealthyAsync(port);
        first.Kill(entireProcessTree: true);
        await first.WaitForExitAsync(Ct);
        Assert.True(File.Exists(Path.Combine(dataDirectory, "samsara.instance")));

        var next = Start(port, "--no-browser");
        await HealthyAsync(port);

        Assert.False(next.HasExited);
        var record = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dataDirectory, "samsara.instance"), Ct)).RootElement;
        Assert.Equal(next.Id, record.GetProperty("pid").GetInt32());
    }

    private Process Start(int port, params string[] extra)
    {
        var info = new ProcessStartInfo("dotnet", [WebDll(), $"--urls=http://127.0.0.1:{port}", $"--Samsara:DataDirectory={dataDirectory}",
            "--Samsara:Matching:Semantic=false", "--Logging:LogLevel:Default=Warning", .. extra])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        started.Add(process);
        return process;
    }

    private static async Task HealthyAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"), Ct)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"Samsara did not answer /health on port {port} within 3 minutes.");
            await Task.Delay(250, Ct);
        }
    }

    private static async Task WaitForFileAsync(string path)
    {
        for (var i = 0; i < 100 && !File.Exists(path); i++)
        {
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>The app as built beside this test run (same configuration), started as a recruiter would.</summary>
    internal static string WebDll()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Samsara.sln")))
        {
            root = root.Parent;
        }

        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(root!.FullName, "src", "Samsara.Web", "bin", configuration, "net10.0", "Samsara.Web.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution first.");
        return dll;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        foreach (var process in started)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans temp folders.
        }
    }
}
