using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Samsara.Tests.Launch;

namespace Samsara.Tests.Security.TeamMode;

/// <summary>
/// The real app process in team mode: it refuses to start until an admin exists, <c>users add-admin</c> makes one (the
/// password piped on stdin, or generated and printed once), and then it starts and wants sign-in.
/// </summary>
public sealed class TeamStartTests : IDisposable
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "samsara-team-tests", Guid.NewGuid().ToString("N"));
    private readonly List<Process> started = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_TeamModeWithoutAdmin_RefusesUntilUsersAddAdmin()
    {
        var port = FreePort();

        var refused = await RunAsync(port, stdin: null, "--Samsara:TeamMode=On");
        var added = await RunAsync(port, stdin: "a long enough passphrase\n", "users", "add-admin", "boss@agency.test", "--Samsara:TeamMode=On");
        var again = await RunAsync(port, stdin: "another long passphrase\n", "users", "add-admin", "boss@agency.test", "--Samsara:TeamMode=On");
        var app = Start(port, "--Samsara:TeamMode=On");
        await HealthyAsync(port);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var home = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/"), Ct);

        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("users add-admin EMAIL", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, added.ExitCode);
        Assert.Contains("Admin boss@agency.test created.", added.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("a long enough passphrase", added.Output, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.False(app.HasExited);
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/account/sign-in", home.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task UsersAddAdmin_NoPasswordPiped_GeneratesOneAndPrintsItOnce()
    {
        var port = FreePort();

        var added = await RunAsync(port, stdin: null, "users", "add-admin", "boss@agency.test", "--Samsara:TeamMode=On");

        Assert.Equal(0, added.ExitCode);
        var line = Assert.Single(added.Output.Split('\n'), l => l.StartsWith("Password (shown once", StringComparison.Ordinal));
        Assert.True(line.Split(": ")[1].Trim().Length >= 20, line);
    }

    [Fact]
    public async Task UsersAddAdmin_ShortPassword_IsRefusedByThePolicy()
    {
        var added = await RunAsync(FreePort(), stdin: "short\n", "users", "add-admin", "boss@agency.test");

        Assert.Equal(1, added.ExitCode);
        Assert.Contains("at least 12 characters", added.Error, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(int port, string? stdin, params string[] args)
    {
        var process = Launch(port, redirectInput: stdin is not null || args.Contains("add-admin"), args);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        if (process.StartInfo.RedirectStandardInput)
        {
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromMinutes(3), Ct);
        return (process.ExitCode, await output, await error);
    }

    private Process Start(int port, params string[] args)
    {
        var process = Launch(port, redirectInput: false, args);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private Process Launch(int port, bool redirectInput, string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [SecondStartTests.WebDll(), .. args, $"--urls=http://127.0.0.1:{port}", $"--Samsara:DataDirectory={dataDirectory}",
            "--Samsara:Matching:Semantic=false", "--Samsara:OpenBrowser=false", "--Logging:LogLevel:Default=Warning"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(info)!;
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
