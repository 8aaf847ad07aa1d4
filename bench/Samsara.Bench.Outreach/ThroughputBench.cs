using System.Diagnostics;
using System.Globalization;
using Samsara.Core.Outreach.Engine;

namespace Samsara.Bench.Outreach;

/// <summary>
/// N candidates enrolled in a one-step SMS sequence; the engine's background loop sends them all to the sandbox
/// (its own process, over loopback). The baseline, in the same run and against the same sandbox process, is a bare HTTP loop.
/// </summary>
internal static class ThroughputBench
{
    public static async Task<int> RunAsync(Args args)
    {
        var sends = args.Int("--sends", 10_000);
        var concurrency = args.Int("--concurrency", 16);
        var port = args.Int("--port", 0);
        await using var sandbox = await SandboxProcess.StartAsync(port);
        await using var database = await BenchDatabase.CreateAsync(args.String("--db", "sqlite"));

        var bare = await BareLoop.SendsPerSecondAsync(sandbox.Twilio, sends, concurrency);
        Console.WriteLine(Invariant($"baseline bare HTTP loop: {bare:F0} sends/s ({sends} sends, {concurrency} in flight)"));
        await sandbox.ResetAsync();

        var extra = new Dictionary<string, string?>
        {
            ["Samsara:Outreach:BatchSize"] = args.String("--batch", "500"),
            ["Samsara:Outreach:SendConcurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
        };
        using var host = await EngineHost.BuildAsync(database.Settings(), sandbox.Twilio, "bench-node", runInBackground: true, extra);
        var project = await Seed.ProjectAsync(host, "Throughput");
        var phones = await Seed.EnrolledCandidatesAsync(host, project.Id, sends, DateTimeOffset.UtcNow);

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        await host.StartAsync();
        int sent;
        while ((sent = await host.CountSendsAsync(SendStatus.Sent)) < sends)
        {
            if (stopwatch.Elapsed > TimeSpan.FromMinutes(10))
            {
                Console.WriteLine($"timed out with {sent} of {sends} sent");
                return 1;
            }

            await Task.Delay(50);
        }

        var elapsed = stopwatch.Elapsed;
        // CPU time is steadier than the wall clock on a shared machine: what a send costs this process, whoever else runs.
        var cpuPerSend = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / sends;
        await host.StopAsync();
        var received = await sandbox.ReceivedSmsAsync();
        var engine = sends / elapsed.TotalSeconds;
        Console.WriteLine(Invariant($"engine ({database.Provider}): {engine:F0} sends/s ({sends} sent in {elapsed.TotalSeconds:F2} s, {cpuPerSend:F2} ms of CPU per send; sandbox received {received.Count} requests for {received.Distinct().Count()} numbers)"));
        Console.WriteLine(Invariant($"| {DateTime.UtcNow:yyyy-MM-dd HH:mm} | {database.Provider} | {sends:N0} | {bare:N0} sends/s | {engine:N0} sends/s | {engine / bare:P0} | load {Load()} |"));
        return received.Count == sends && received.Distinct().Count() == phones.Count ? 0 : 1;
    }

    public static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
