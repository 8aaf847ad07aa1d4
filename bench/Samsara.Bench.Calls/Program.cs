using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Samsara.Core;
using Samsara.Core.Calls;
using Samsara.Core.Candidates;
using Samsara.Core.Channels;
using Samsara.Core.Channels.Voice;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Projects;
using Samsara.Sandbox;
using Samsara.Sandbox.Infrastructure;

// 1,000 active AI calls polled every 5 s by the call engine (real background loop, SQLite), against a bare loop that
// polls the same calls through the same client in the same run. Lateness = gap between two polls of one call at the
// provider (the sandbox's request log) minus the interval. Usage: dotnet run -c Release --project bench/Samsara.Bench.Calls [calls] [seconds]
var calls = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1000;
var window = TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 60);
var interval = TimeSpan.FromSeconds(5);

await using var sandbox = await SandboxServer.StartAsync();
var data = Path.Combine(Path.GetTempPath(), "samsara-bench-calls-" + Guid.NewGuid().ToString("N"));
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Configuration.AddInMemoryCollection(SandboxRegistration.ProviderSettings(sandbox.BaseAddress));
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Samsara:DataDirectory"] = data,
    ["Samsara:Calls:MaxConcurrentPerProvider"] = Math.Min(calls, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
    ["Samsara:Calls:BatchSize"] = "2000",
});
builder.AddSamsaraCore();
builder.AddChannels();
builder.AddCalls();
using var host = builder.Build();
await host.Services.InitializeDatabaseAsync();

// Candidates already in AI_CALLING, each a sandbox number whose call never ends.
var dbFactory = host.Services.GetRequiredService<IDbContextFactory<SamsaraDbContext>>();
await using (var db = await dbFactory.CreateDbContextAsync())
{
    var now = DateTimeOffset.UtcNow;
    var project = new Project { Id = Guid.NewGuid(), Name = "Bench", QuietHoursStartMinute = 0, QuietHoursEndMinute = 24 * 60, CreatedAt = now, UpdatedAt = now, LastActivityAt = now };
    db.Projects.Add(project);
    for (var i = 0; i < calls; i++)
    {
        var phone = $"+1415555{i:0000}";
        sandbox.Scripts.Set(new CandidateScript(phone, CandidateBehaviour.NeverEnds));
        var candidate = new Candidate { Id = Guid.NewGuid(), ProjectId = project.Id, FullName = $"Bench {i}", Phone = phone, CreatedAt = now, UpdatedAt = now };
        db.Candidates.Add(candidate);
        db.OutreachSequences.Add(new OutreachSequence { Id = Guid.NewGuid(), ProjectId = project.Id, CandidateId = candidate.Id, Status = CandidateState.AiCalling, StateChangedAt = now, CreatedAt = now, UpdatedAt = now });
    }

    await db.SaveChangesAsync();
}

await host.StartAsync();
var placedBy = DateTime.UtcNow.AddMinutes(2);
while (await Count(dbFactory) < calls && DateTime.UtcNow < placedBy)
{
    await Task.Delay(500);
}

Console.WriteLine($"{await Count(dbFactory)} calls active; measuring the engine for {window.TotalSeconds} s");
var engine = await MeasureAsync(sandbox, window, interval);
await host.StopAsync();

var ids = await (await dbFactory.CreateDbContextAsync()).CallRecords.Where(c => c.ProviderCallId != null).Select(c => c.ProviderCallId!).ToListAsync();
var client = host.Services.GetRequiredService<VapiClient>();
using var stop = new CancellationTokenSource();
var bare = Task.Run(async () =>
{
    // The floor: every call polled every interval, 32 at a time, no database.
    while (!stop.IsCancellationRequested)
    {
        var started = DateTime.UtcNow;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (id, ct) => await client.GetAsync(id, ct));
        var rest = interval - (DateTime.UtcNow - started);
        if (rest > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(rest, stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
});
Console.WriteLine("measuring the bare polling loop");
var floor = await MeasureAsync(sandbox, window, interval);
await stop.CancelAsync();
await bare;

Console.WriteLine($"| loop | calls | polls | lateness p50 | p99 | max | CPU (% of one core, incl. sandbox) |");
Console.WriteLine(engine.Row("call engine", ids.Count));
Console.WriteLine(floor.Row("bare loop", ids.Count));
Console.WriteLine($"engine CPU over bare loop: {engine.CpuPercent - floor.CpuPercent:0.0} points of one core; p99 ratio {engine.P99 / Math.Max(floor.P99, 0.001):0.0}x");
try
{
    Directory.Delete(data, recursive: true);
}
catch (IOException)
{
    // A lingering SQLite handle; the OS cleans the temp folder.
}

static async Task<int> Count(IDbContextFactory<SamsaraDbContext> f)
{
    await using var db = await f.CreateDbContextAsync();
    return await db.CallRecords.CountAsync(c => c.Stage == CallStage.Poll && c.ProviderCallId != null);
}

static async Task<Result> MeasureAsync(SandboxServer sandbox, TimeSpan window, TimeSpan interval)
{
    sandbox.Log.Clear();
    var process = Process.GetCurrentProcess();
    var cpu = process.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    await Task.Delay(window);
    process.Refresh();
    var cpuPercent = (process.TotalProcessorTime - cpu).TotalMilliseconds / wall.Elapsed.TotalMilliseconds * 100;
    var gets = sandbox.Log.Entries("vapi").Where(e => e.Method == "GET" && e.Path.Contains("/call/", StringComparison.Ordinal)).ToList();
    var late = gets.GroupBy(e => e.Path).SelectMany(g =>
    {
        var times = g.Select(e => e.ReceivedAt).OrderBy(t => t).ToList();
        return times.Zip(times.Skip(1), (a, b) => Math.Max(0, (b - a - interval).TotalSeconds));
    }).OrderBy(x => x).ToList();
    double P(double q) => late.Count == 0 ? double.NaN : late[Math.Min(late.Count - 1, (int)Math.Ceiling(q * late.Count) - 1)];
    return new Result(gets.Count, P(0.5), P(0.99), late.Count == 0 ? double.NaN : late[^1], cpuPercent);
}

internal sealed record Result(int Polls, double P50, double P99, double Max, double CpuPercent)
{
    public string Row(string name, int calls) => $"| {name} | {calls} | {Polls} | {P50:0.000} s | {P99:0.000} s | {Max:0.000} s | {CpuPercent:0.0} |";
}
