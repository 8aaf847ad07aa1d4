using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Samsara.Core;
using Samsara.Core.Candidates;
using Samsara.Core.Channels;
using Samsara.Core.Data;
using Samsara.Core.Email;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Projects;
using Samsara.Core.Providers;
using Samsara.Core.Scheduling;
using Samsara.Core.Templates;
using Samsara.Sandbox;
using Samsara.Testing;

namespace Samsara.Tests.Outreach.Engine;

/// <summary>
/// Samsara's core, channels, templates and outreach engine in a plain host (not started, so no background loop),
/// pointed at a loopback sandbox; both share one fake clock. Each <see cref="NewNodeAsync"/> is another process
/// over the same database: a restart, or a second node.
/// </summary>
internal sealed class EngineRig : IAsyncDisposable
{
    public const string OurNumber = "+15005550006";
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private readonly List<IHost> _hosts = [];
    private readonly TestDatabase _database;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "samsara-tests", Guid.NewGuid().ToString("N"));

    /// <summary>
    /// Scenario tests are about one candidate's path, not the sender's pace: unless a test asks for the real
    /// defaults, the long code may send as fast as the engine goes.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> Unthrottled = new Dictionary<string, string?>
    {
        ["Samsara:Outreach:Pacing:LongCode:SegmentsPerSecond"] = "100000",
        ["Samsara:Outreach:Pacing:LongCode:Burst"] = "100000",
        ["Samsara:Outreach:Pacing:LongCode:DailyCap"] = "0",
    };

    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly bool _realMail;

    private EngineRig(TestDatabase database, SandboxServer sandbox, FakeTimeProvider time, IReadOnlyDictionary<string, string?> settings, bool realMail)
    {
        _settings = settings;
        _realMail = realMail;
        _database = database;
        Sandbox = sandbox;
        Time = time;
        Mail = new RecordingEmailSender(time);
    }

    /// <summary>The email transport every node sends through (see <see cref="RecordingEmailSender"/>).</summary>
    public RecordingEmailSender Mail { get; }

    public FakeTimeProvider Time { get; }
    public SandboxServer Sandbox { get; }

    /// <summary>The first node's services (any node would do: they share the database).</summary>
    public IServiceProvider Services => _hosts[0].Services;

    /// <param name="settings">Extra configuration for every node; null means <see cref="Unthrottled"/>.</param>
    /// <param name="realMail">
    /// Email through Samsara's own path (stored accounts, <c>OutboundEmailSender</c>, the IMAP watcher) instead of
    /// <see cref="Mail"/>; the test stores the accounts (see <c>EngineRigMail</c>).
    /// </param>
    public static async Task<EngineRig> StartAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null, bool realMail = false)
    {
        var time = new FakeTimeProvider(Start);
        var database = await TestDatabase.CreateAsync(provider);
        var sandbox = await SandboxServer.StartAsync(time, ct: TestContext.Current.CancellationToken);
        var rig = new EngineRig(database, sandbox, time, settings ?? Unthrottled, realMail);
        await rig.NewNodeAsync("node-a");
        return rig;
    }

    /// <summary>A fresh host with its own engine over the same database and sandbox.</summary>
    /// <param name="settings">Configuration for this node only, on top of the rig's (e.g. another sender number).</param>
    public async Task<OutreachEngine> NewNodeAsync(string nodeId, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Samsara:DataDirectory"] = _dataDirectory,
            ["Samsara:Database:Provider"] = _database.Provider.ToString(),
            ["ConnectionStrings:Samsara"] = _database.ConnectionString,
            ["Samsara:Providers:Twilio:BaseUrl"] = Sandbox.Url(SandboxRegistration.Paths.Twilio).ToString(),
            ["Samsara:Providers:Twilio:AccountSid"] = Sandbox.Options.TwilioAccountSid,
            ["Samsara:Providers:Twilio:AuthToken"] = Sandbox.Options.TwilioAuthToken,
            ["Samsara:Providers:Twilio:FromNumber"] = OurNumber,
            ["Samsara:Outreach:NodeId"] = nodeId,
            ["Samsara:Outreach:RunInBackground"] = "false",
        });
        builder.Configuration.AddInMemoryCollection(_settings);
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddSingleton<TimeProvider>(Time);
        if (_realMail)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Samsara:Recruiter:Email"] = "rita@agency.test" });
            builder.AddCredentials();
            builder.AddEmail();
        }
        else
        {
            builder.Services.AddSingleton<IOutreachEmailSender>(Mail);
        }

        builder.AddSamsaraCore();
        builder.AddChannels();
        builder.AddTemplates();
        builder.AddOutreachEngine();
        // Recruiter calls ride on the engine's passes (offered times, confirmations, reminders).
        builder.AddScheduling();
        var host = builder.Build();
        _database.PrepareDataDirectory(_dataDirectory);
        await host.Services.InitializeDatabaseAsync(TestContext.Current.CancellationToken);
        _hosts.Add(host);
        return host.Services.GetRequiredService<OutreachEngine>();
    }

    public OutreachEngine Engine => Services.GetRequiredService<OutreachEngine>();

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public Task<EngineRunResult> RunAsync() => Engine.RunOnceAsync(Time.GetUtcNow(), TestContext.Current.CancellationToken);

    /// <summary>Moves the clock and runs one engine pass at the new time.</summary>
    public async Task<EngineRunResult> AdvanceAndRunAsync(TimeSpan by)
    {
        Time.Advance(by);
        return await RunAsync();
    }

    /// <summary>A project with one SMS template, and one candidate per phone, all enrolled.</summary>
    public async Task<(Project Project, IReadOnlyList<Candidate> Candidates)> EnrolAsync(
        string templateBody = "Hi {{ candidate.first_name }}, are you open to a role with {{ project.client_name }}? Reply to chat.",
        params string[] phones)
    {
        var project = await Service<ProjectService>().CreateAsync(new ProjectInput { Name = "Senior Backend Engineer", ClientName = "Acme Ltd" });
        await Service<TemplateService>().CreateAsync(new TemplateInput { ProjectId = project.Id, Name = "First touch", Channel = MessageChannel.Sms, Body = templateBody });
        var candidates = new List<Candidate>();
        for (var i = 0; i < phones.Length; i++)
        {
            candidates.Add((await Service<CandidateService>().AddAsync(project.Id, new CandidateInput { FullName = $"Ada Lovelace{i}", Phone = phones[i] }))!);
        }

        await Service<OutreachService>().EnrolAsync(project.Id, new EnrolRequest(All: true), "recruiter");
        return (project, candidates);
    }

    public async Task<CandidateState> StateAsync(Guid candidateId)
    {
        await using var db = await DbAsync();
        return await db.OutreachSequences.Where(s => s.CandidateId == candidateId).Select(s => s.Status).SingleAsync();
    }

    public async Task<SamsaraDbContext> DbAsync() =>
        await Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync();

    /// <summary>SMS create requests the sandbox received (the ground truth for "sent at most once").</summary>
    public IReadOnlyList<string> SmsPostedTo() =>
        [.. Sandbox.Sms.Snapshot().Where(m => m.Direction != "inbound").Select(m => m.To)];

    public int SmsPosts() => Sandbox.Log.Entries("twilio").Count(e => e.Method == "POST");

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
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Not created (PostgreSQL runs), or a lingering SQLite handle; the OS cleans the temp folder.
        }
    }
}
