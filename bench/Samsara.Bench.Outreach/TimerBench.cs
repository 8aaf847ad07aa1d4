using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Samsara.Core;

namespace Samsara.Bench.Outreach;

/// <summary>
/// N pending reply timers coming due evenly across a window, fired in real time; lateness = fired_at − due_at.
/// Baseline in the same run, over the same rows: a bare loop that selects due rows and marks them fired (no state
/// moves, no events, no quiet hours); then the rows are reset and re-planned and the engine's own loop fires them.
/// </summary>
internal static class TimerBench
{
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(Args args)
    {
        var count = args.Int("--timers", 100_000);
        var window = TimeSpan.FromSeconds(args.Int("--window-seconds", 120));
        await using var sandbox = await SandboxProcess.StartAsync(args.Int("--port", 0));
        await using var database = await BenchDatabase.CreateAsync(args.String("--db", "sqlite"));
        var extra = new Dictionary<string, string?> { ["Samsara:Outreach:BatchSize"] = args.String("--batch", "2000") };
        using var host = await EngineHost.BuildAsync(database.Settings(), sandbox.Twilio, "bench-timers", runInBackground: true, extra);

        var seedWatch = Stopwatch.StartNew();
        var project = await Seed.ProjectAsync(host, "Timers");
        var farFuture = DateTimeOffset.UtcNow.AddYears(1);
        await Seed.AwaitingTimersAsync(host, project.Id, count, DateTimeOffset.UtcNow, farFuture, window);
        Console.WriteLine(Invariant($"seeded {count} awaiting candidates and timers in {seedWatch.Elapsed.TotalSeconds:F1} s"));

        await ShiftAsync(host, database.Provider, DateTimeOffset.UtcNow + Lead - farFuture);
        var bare = await BareLoopAsync(host, count, window);
        Console.WriteLine($"baseline bare loop: {bare}");

        await using (var db = await host.DbAsync())
        {
            var firstDue = await db.OutreachTimers.MinAsync(t => t.DueAt);
            await db.OutreachTimers.ExecuteUpdateAsync(t => t.SetProperty(x => x.FiredAt, (DateTimeOffset?)null));
            await ShiftAsync(host, database.Provider, DateTimeOffset.UtcNow + Lead - firstDue);
        }

        await host.StartAsync();
        var engine = await WaitAllFiredAsync(host, count, window);
        await host.StopAsync();
        Console.WriteLine($"engine: {engine}");
        Console.WriteLine(Invariant($"| {DateTime.UtcNow:yyyy-MM-dd HH:mm} | {database.Provider} | {count:N0} over {window.TotalSeconds:0} s | bare loop {bare} | engine {engine} | load {ThroughputBench.Load()} |"));
        return engine.Fired == count ? 0 : 1;
    }

    private sealed record Lateness(int Fired, double P50, double P99, double Max)
    {
        public override string ToString() => Invariant($"{Fired} fired, lateness p50 {P50:F3} s, p99 {P99:F3} s, max {Max:F3} s");
    }

    /// <summary>Select due, mark fired, repeat: the floor any timer engine on this database pays.</summary>
    private static async Task<Lateness> BareLoopAsync(IHost host, int count, TimeSpan window)
    {
        var deadline = DateTimeOffset.UtcNow + Lead + window + TimeSpan.FromMinutes(5);
        var fired = 0;
        while (fired < count && DateTimeOffset.UtcNow < deadline)
        {
            await using var db = await host.DbAsync();
            var now = DateTimeOffset.UtcNow;
            var ids = await db.OutreachTimers.Where(t => t.FiredAt == null && t.CancelledAt == null && t.DueAt <= now)
                .OrderBy(t => t.DueAt).Select(t => t.Id).Take(2000).ToListAsync();
            if (ids.Count == 0)
            {
                await Task.Delay(5);
                continue;
            }

            fired += await db.OutreachTimers.Where(t => ids.Contains(t.Id)).ExecuteUpdateAsync(t => t.SetProperty(x => x.FiredAt, DateTimeOffset.UtcNow));
        }

        return await MeasureAsync(host);
    }

    private static async Task<Lateness> WaitAllFiredAsync(IHost host, int count, TimeSpan window)
    {
        var deadline = DateTimeOffset.UtcNow + Lead + window + TimeSpan.FromMinutes(5);
        while (DateTimeOffset.UtcNow < deadline)
        {
            await using (var db = await host.DbAsync())
            {
                if (await db.OutreachTimers.CountAsync(t => t.FiredAt != null) >= count)
                {
                    break;
                }
            }

            await Task.Delay(500);
        }

        return await MeasureAsync(host);
    }

    private static async Task<Lateness> MeasureAsync(IHost host)
    {
        await using var db = await host.DbAsync();
        var rows = await db.OutreachTimers.Where(t => t.FiredAt != null).Select(t => new { t.DueAt, t.FiredAt }).ToListAsync();
        var late = rows.Select(r => Math.Max(0, (r.FiredAt!.Value - r.DueAt).TotalSeconds)).Order().ToArray();
        return late.Length == 0
            ? new Lateness(0, double.NaN, double.NaN, double.NaN)
            : new Lateness(late.Length, late[(int)(late.Length * 0.50)], late[Math.Min(late.Length - 1, (int)(late.Length * 0.99))], late[^1]);
    }

    /// <summary>Moves every timer's due time by <paramref name="by"/> (one statement; the seed runs before the clock starts).</summary>
    private static async Task ShiftAsync(IHost host, DatabaseProvider provider, TimeSpan by)
    {
        await using var db = await host.DbAsync();
        // SQLite stores instants as UTC ticks; PostgreSQL as timestamptz.
        var sql = provider == DatabaseProvider.Sqlite
            ? "UPDATE outreach_timers SET due_at = due_at + {0}"
            : "UPDATE outreach_timers SET due_at = due_at + make_interval(secs => {0})";
        object amount = provider == DatabaseProvider.Sqlite ? by.Ticks : by.TotalSeconds;
        await db.Database.ExecuteSqlRawAsync(sql, amount);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
