using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Samsara.Core;
using Samsara.Core.Calls;
using Samsara.Core.Calls.Engine;
using Samsara.Core.Candidates;
using Samsara.Core.Channels;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Projects;
using Samsara.Core.Providers;
using Samsara.Sandbox;
using Samsara.Testing;

namespace Samsara.Tests.Calls;

/// <summary>
/// Samsara's core, channels and call engine in plain hosts (not started, so no background loop) over one database,
/// pointed at a loopback sandbox; all share one fake clock. Each <see cref="NewNodeAsync"/> is another process: a
/// restart, or a second node.
/// </summary>
internal sealed class CallRig : IAsyncDisposable
{
    /// <summary>Tuesday 10:00 in London: inside the default allowed hours.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private readonly List<IHost> _hosts = [];
    private readonly TestDatabase _database;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    private CallRig(TestDatabase database, SandboxServer sandbox, FakeTimeProvider time, IReadOnlyDictionary<string, string?> settings)
    {
        _database = database;
        Sandbox = sandbox;
        Time = time;
        _settings = settings;
    }

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "samsara-tests", Guid.NewGuid().ToString("N"));
    public FakeTimeProvider Time { get; }
    public SandboxServer Sandbox { get; }
    public IServiceProvider Services => _hosts[0].Services;
    public CallEngine Engine => Service<CallEngine>();

    public static async Task<CallRig> StartAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var time = new FakeTimeProvider(Start);
        var database = await TestDatabase.CreateAsync(provider);
        var sandbox = await SandboxServer.StartAsync(time, ct: TestContext.Current.CancellationToken);
        var rig = new CallRig(database, sandbox, time, settings ?? new Dictionary<string, string?>());
        await rig.NewNodeAsync("node-a");
        return rig;
    }

    /// <param name="settings">This node's own configuration on top of the rig's (e.g. a smaller batch).</param>
    public async Task<CallEngine> NewNodeAsync(string nodeId, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(SandboxRegistration.ProviderSettings(Sandbox.BaseAddress));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Samsara:DataDirectory"] = DataDirectory,
            ["Samsara:Database:Provider"] = _database.Provider.ToString(),
            ["ConnectionStrings:Samsara"] = _database.ConnectionString,
            ["Samsara:Calls:NodeId"] = nodeId,
            ["Samsara:Calls:RunInBackground"] = "false",
        });
        builder.Configuration.AddInMemoryCollection(_settings);
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.AddSamsaraCore();
        builder.AddChannels();
        builder.AddCredentials();
        builder.AddCalls();
        var host = builder.Build();
        _database.PrepareDataDirectory(DataDirectory);
        await host.Services.InitializeDatabaseAsync(TestContext.Current.CancellationToken);
        _hosts.Add(host);
        return host.Services.GetRequiredService<CallEngine>();
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public Task<CallPassResult> RunAsync(CallEngine? engine = null) => (engine ?? Engine).RunOnceAsync(Time.GetUtcNow(), TestContext.Current.CancellationToken);

    /// <summary>Moves the clock in poll-sized steps, running a pass after each, as the background loop would.</summary>
    public async Task AdvanceAsync(TimeSpan by, TimeSpan? step = null, CallEngine? engine = null)
    {
        var each = step ?? TimeSpan.FromSeconds(5);
        for (var done = TimeSpan.Zero; done < by; done += each)
        {
            Time.Advance(each);
            await RunAsync(engine);
        }
    }

    /// <summary>A project with one candidate per phone, each moved by the recruiter to AI_CALLING (as a reply timeout would).</summary>
    public Task<(Project Project, IReadOnlyList<Candidate> Candidates)> ReachAiCallingAsync(params string[] phones) => ReachAsync(CandidateState.AiCalling, phones);

    /// <summary>A project with one candidate per phone, each moved by the recruiter along the reply-timeout path up to <paramref name="last"/>.</summary>
    public async Task<(Project Project, IReadOnlyList<Candidate> Candidates)> ReachAsync(CandidateState last, params string[] phones)
    {
        var project = await Service<ProjectService>().CreateAsync(new ProjectInput { Name = "Warehouse Supervisor", ClientName = "Acme Ltd" });
        var candidates = new List<Candidate>();
        for (var i = 0; i < phones.Length; i++)
        {
            candidates.Add((await Service<CandidateService>().AddAsync(project.Id, new CandidateInput { FullName = $"Grace Hopper{i}", Email = $"grace{i}@example.test", Phone = phones[i] }))!);
        }

        var outreach = Service<OutreachService>();
        await outreach.EnrolAsync(project.Id, new EnrolRequest(All: true), "recruiter");
        foreach (var c in candidates)
        {
            CandidateState[] path = [CandidateState.OutreachSent, CandidateState.AwaitingReply, CandidateState.Timeout, CandidateState.AiCalling];
            foreach (var to in path[..(Array.IndexOf(path, last) + 1)])
            {
                var moved = await outreach.TransitionAsync(project.Id, c.Id, to, "test walk to AI calling", "recruiter");
                Assert.Equal(TransitionOutcome.Moved, moved.Outcome);
            }
        }

        return (project, candidates);
    }

    public async Task<CandidateState> StateAsync(Guid candidateId)
    {
        await using var db = await DbAsync();
        return await db.OutreachSequences.Where(s => s.CandidateId == candidateId).Select(s => s.Status).SingleAsync();
    }

    public async Task<List<CallRecord>> CallsAsync()
    {
        await using var db = await DbAsync();
        return await db.CallRecords.AsNoTracking().OrderBy(c => c.CreatedAt).ThenBy(c => c.Attempt).ToListAsync();
    }

    public async Task<CallRecord> OnlyCallAsync() => Assert.Single(await CallsAsync());

    public async Task<SamsaraDbContext> DbAsync() => await Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync();

    /// <summary>Create requests the voice simulator accepted for a number: the ground truth for "called once".</summary>
    public int CallsPlacedTo(string phone) => Sandbox.Calls.CountTo("vapi", phone);

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }

        await Sandbox.DisposeAsync();
        await _database.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A lingering SQLite handle; the OS cleans the temp folder.
        }
    }
}
