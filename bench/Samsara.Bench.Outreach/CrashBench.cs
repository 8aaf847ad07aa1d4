using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Samsara.Core;
using Samsara.Core.Outreach.Engine;
using Samsara.Testing.Bench;

namespace Samsara.Bench.Outreach;

/// <summary>
/// <c>kill -9</c> of engine processes at random moments during one run of N sends, restarting them each time, then
/// the sandbox's received log is compared with the outbox (<see cref="OutboxAudit"/>): 0 duplicates, 0 lost.
/// With two nodes (PostgreSQL) each trial kills one of them or both.
/// </summary>
internal static class CrashBench
{
    public static async Task<int> RunAsync(Args args)
    {
        var sends = args.Int("--sends", 5_000);
        var trials = args.Int("--trials", 20);
        var nodes = args.Int("--nodes", 1);
        var random = new Random(args.Int("--seed", Environment.TickCount));
        await using var sandbox = await SandboxProcess.StartAsync(args.Int("--port", 0));
        await using var database = await BenchDatabase.CreateAsync(args.String("--db", "sqlite"));
        if (nodes > 1 && database.Provider != DatabaseProvider.Postgres)
        {
            throw new ArgumentException("Several nodes share work only on PostgreSQL.");
        }

        IReadOnlyList<string> phones;
        using (var seedHost = await EngineHost.BuildAsync(database.Settings(), sandbox.Twilio, "seed", runInBackground: false))
        {
            var project = await Seed.ProjectAsync(seedHost, "Crash");
            phones = await Seed.EnrolledCandidatesAsync(seedHost, project.Id, sends, DateTimeOffset.UtcNow);
        }

        var logDir = Path.Combine(database.DataDirectory, "logs");
        Directory.CreateDirectory(logDir);
        var running = new Process?[nodes];
        var starts = 0;
        void Start(int i) => running[i] = StartNode(database, sandbox.Twilio, $"node-{i}", Path.Combine(logDir, $"node-{i}-{starts++}.log"));
        for (var i = 0; i < nodes; i++)
        {
            Start(i);
        }

        var stopwatch = Stopwatch.StartNew();
        var kills = 0;
        var trial = 0;
        // Recorded sends at each kill: shows the kills landed while the run was sending, not before or after it.
        var progress = new List<int>();
        for (; trial < trials; trial++)
        {
            // Odd trials kill at any moment (start-up included: a kill there once hung every later start); even ones wait
            // until the restarted node is sending, so the kill lands among requests in flight and commits.
            if (trial % 2 == 0)
            {
                await SendingAgainAsync(database, progress.LastOrDefault());
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 600)));
            }
            else
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(300, 2500)));
            }

            var victims = nodes == 1 ? [0] : random.Next(3) switch { 0 => [0], 1 => [1], _ => new[] { 0, 1 } };
            foreach (var v in victims)
            {
                running[v]!.Kill();
                await running[v]!.WaitForExitAsync();
                running[v]!.Dispose();
                kills++;
            }

            var sentAtKill = await CountSentAsync(database);
            progress.Add(sentAtKill);
            var done = sentAtKill >= sends;
            foreach (var v in victims)
            {
                Start(v);
            }

            if (done)
            {
                Console.WriteLine($"all sends were done after trial {trial + 1}; stopping the trials early");
                trial++;
                break;
            }
        }

        int sent;
        while ((sent = await CountSentAsync(database)) < sends && stopwatch.Elapsed < TimeSpan.FromMinutes(15))
        {
            await Task.Delay(500);
        }

        foreach (var process in running)
        {
            process!.Kill();
            await process.WaitForExitAsync();
            process.Dispose();
        }

        var received = await sandbox.ReceivedSmsAsync();
        var verdict = OutboxAudit.Compare(phones.ToList(), received.ToList(), await RecordedSentAsync(database));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"crash ({database.Provider}, {nodes} node(s)): {trial} trials, {kills} kill -9, {starts} engine starts, {stopwatch.Elapsed.TotalSeconds:F0} s; {sent} of {sends} recorded sent"));
        Console.WriteLine($"recorded sent at each kill: {string.Join(", ", progress)}");
        Console.WriteLine($"verdict: {verdict}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {DateTime.UtcNow:yyyy-MM-dd HH:mm} | {database.Provider} | {nodes} | {sends:N0} | {trial} trials, {kills} kills | {verdict.Received:N0} | {verdict.Duplicates.Count} | {verdict.Lost.Count} | {(verdict.Passed ? "PASS" : "FAIL")} | load {ThroughputBench.Load()} |"));
        if (!verdict.Passed)
        {
            // The run's folder goes with the database; a failure's node logs are the only way to find its cause.
            var kept = Path.Combine(Path.GetTempPath(), $"samsara-crash-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
            Directory.CreateDirectory(kept);
            foreach (var file in Directory.GetFiles(logDir))
            {
                File.Copy(file, Path.Combine(kept, Path.GetFileName(file)));
            }

            Console.WriteLine($"node logs kept in {kept}");
        }

        return verdict.Passed ? 0 : 1;
    }

    private static Process StartNode(BenchDatabase database, Uri twilio, string nodeId, string log)
    {
        var info = new ProcessStartInfo("dotnet",
        [
            Paths.SelfDll, "node", "--provider", database.Provider.ToString(), "--connection", database.ConnectionString ?? "",
            "--data", database.DataDirectory, "--twilio", twilio.ToString(), "--node-id", nodeId,
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info)!;
        var writer = new StreamWriter(log) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(writer, e.Data);
        process.ErrorDataReceived += (_, e) => Write(writer, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Write(StreamWriter writer, string? line)
    {
        if (line is not null)
        {
            lock (writer)
            {
                writer.WriteLine(line);
            }
        }
    }

    /// <summary>Until more sends are recorded than at the last kill (at most 10 s: a node may have nothing left to do).</summary>
    private static async Task SendingAgainAsync(BenchDatabase database, int sentAtLastKill)
    {
        var waited = Stopwatch.StartNew();
        while (await CountSentAsync(database) <= sentAtLastKill && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }
    }

    private static async Task<int> CountSentAsync(BenchDatabase database)
    {
        await using var db = Context(database);
        return await db.OutreachSends.CountAsync(s => s.Status == SendStatus.Sent);
    }

    private static async Task<List<string>> RecordedSentAsync(BenchDatabase database)
    {
        await using var db = Context(database);
        return await (
            from s in db.OutreachSends
            where s.Status == SendStatus.Sent
            join m in db.Messages on s.MessageId equals m.Id
            select m.Recipient).ToListAsync();
    }

    private static Samsara.Core.Data.SamsaraDbContext Context(BenchDatabase database)
    {
        var options = new DbContextOptionsBuilder<Samsara.Core.Data.SamsaraDbContext>();
        Samsara.Core.Data.DataRegistration.Configure(options, database.Provider, database.ConnectionString, database.DataDirectory);
        return new Samsara.Core.Data.SamsaraDbContext(options.Options);
    }
}
