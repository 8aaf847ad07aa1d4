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
using Samsara.Core.Channels.Sms;
using Samsara.Core.Data;
using Samsara.Core.Email;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Outreach.Sequences;
using Samsara.Core.Projects;
using Samsara.Core.Providers;
using Samsara.Core.Templates;
using Samsara.Sandbox;
using Samsara.Testing;

namespace Samsara.Tests.Usage;

/// <summary>
/// Everything that spends money, in plain hosts (not started: no background loops) over one database and one
/// loopback sandbox with one fake clock: the outreach engine (SMS and email through stored accounts), SMS delivery
/// polling, the email entry point and the AI call engine with Deepgram transcription. <see cref="NewNodeAsync"/> is
/// another process over the same database: a restart, or a second node.
/// </summary>
internal sealed class UsageRig : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The configured unit prices stored on the accounts (USD): what an estimate is made of.</summary>
    public const decimal SmsSegmentPrice = 0.01m, EmailPrice = 0.002m, CallMinutePrice = 0.30m, TranscriptionMinutePrice = 0.0043m;

    private readonly List<IHost> _hosts = [];
    private readonly TestDatabase _database;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "samsara-tests", Guid.NewGuid().ToString("N"));

    private UsageRig(TestDatabase database, SandboxServer sandbox, FakeTimeProvider time)
    {
        _database = database;
        Sandbox = sandbox;
        Time = time;
    }

    public FakeTimeProvider Time { get; }
    public SandboxServer Sandbox { get; }
    public IServiceProvider Services => _hosts[0].Services;
    public Dictionary<ProviderType, Guid> Accounts { get; } = [];

    public static async Task<UsageRig> StartAsync(DatabaseProvider provider)
    {
        var time = new FakeTimeProvider(Start);
        var database = await TestDatabase.CreateAsync(provider);
        var sandbox = await SandboxServer.StartAsync(time, ct: TestContext.Current.CancellationToken);
        var rig = new UsageRig(database, sandbox, time);
        await rig.NewNodeAsync("node-a");
        return rig;
    }

    public async Task<IServiceProvider> NewNodeAsync(string nodeId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(SandboxRegistration.ProviderSettings(Sandbox.BaseAddress));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Samsara:DataDirectory"] = _dataDirectory,
            ["Samsara:Database:Provider"] = _database.Provider.ToString(),
            ["ConnectionStrings:Samsara"] = _database.ConnectionString,
            ["Samsara:Outreach:NodeId"] = nodeId,
            ["Samsara:Outreach:RunInBackground"] = "false",
            ["Samsara:Outreach:Pacing:LongCode:SegmentsPerSecond"] = "100000",
            ["Samsara:Outreach:Pacing:LongCode:Burst"] = "100000",
            ["Samsara:Outreach:Pacing:LongCode:DailyCap"] = "0",
            ["Samsara:Calls:NodeId"] = nodeId,
            ["Samsara:Calls:RunInBackground"] = "false",
            ["Samsara:Sms:PollInBackground"] = "false",
            ["Samsara:Recruiter:Email"] = "rita@agency.test",
        });
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.AddCredentials();
        builder.AddEmail();
        builder.AddSamsaraCore();
        builder.AddChannels();
        builder.AddSmsDeliveryTracking();
        builder.AddTemplates();
        builder.AddOutreachEngine();
        builder.AddCalls();
        var host = builder.Build();
        _database.PrepareDataDirectory(_dataDirectory);
        await host.Services.InitializeDatabaseAsync(TestContext.Current.CancellationToken);
        _hosts.Add(host);
        return host.Services;
    }

    public T Service<T>(IServiceProvider? node = null) where T : notnull => (node ?? Services).GetRequiredService<T>();

    /// <summary>Stored accounts on the sandbox, each with the unit price the recruiter typed in Settings → Providers.</summary>
    public async Task StoreAccountsAsync()
    {
        var a = Sandbox.Options;
        await AddAsync(ProviderType.Twilio, $$"""{"accountSid":"{{a.TwilioAccountSid}}","fromNumber":"+15005550006","unitPrice":"{{SmsSegmentPrice}}"}""", "authToken", a.TwilioAuthToken);
        await AddAsync(ProviderType.SendGrid, $$"""{"fromAddress":"rita@agency.test","fromName":"Rita","replyAddress":"replies@agency.test","unitPrice":{{EmailPrice}}}""", "apiKey", a.SendGridApiKey);
        await AddAsync(ProviderType.Vapi, $$"""{"assistantId":"5b0a4a08-133c-4146-9315-0984f8c6be80","phoneNumberId":"9f2c3a51-7d1e-4c55-8a43-2b8e3c1d9e77","unitPrice":"{{CallMinutePrice}}"}""", "apiKey", a.VapiApiKey);
        await AddAsync(ProviderType.Deepgram, $$"""{"unitPrice":"{{TranscriptionMinutePrice}}"}""", "apiKey", a.DeepgramApiKey);
    }

    private async Task AddAsync(ProviderType type, string settings, string secret, string value)
    {
        var added = await Service<CredentialStore>().AddAsync(new ProviderAccountInput
        {
            ProviderType = type,
            ProviderName = $"{type} (agency)",
            SettingsJson = settings,
            Secrets = new() { [secret] = value },
        }, TestContext.Current.CancellationToken);
        Accounts[type] = added.Id;
    }

    /// <summary>A project whose default sequence sends an SMS and then, at once, an email.</summary>
    public async Task<Project> OutreachProjectAsync(string smsBody)
    {
        var project = await Service<ProjectService>().CreateAsync(new ProjectInput { Name = "Senior Backend Engineer", ClientName = "Acme Ltd" });
        var templates = Service<TemplateService>();
        var sms = await templates.CreateAsync(new TemplateInput { ProjectId = project.Id, Name = "SMS", Channel = MessageChannel.Sms, Body = smsBody });
        var email = await templates.CreateAsync(new TemplateInput
        {
            ProjectId = project.Id,
            Name = "Email",
            Channel = MessageChannel.Email,
            Subject = "A role with {{ project.client_name }}",
            Body = "Hi {{ candidate.first_name }},\n\nInterested?",
        });
        await Service<SequenceService>().CreateAsync(project.Id, new SequenceInput
        {
            Name = "Main",
            IsDefault = true,
            Steps = [new() { Channel = StepChannel.Sms, TemplateId = sms.Id }, new() { Channel = StepChannel.Email, TemplateId = email.Id }],
        });
        return project;
    }

    public async Task<Candidate> CandidateAsync(Guid projectId, string name, string? phone, string? email) =>
        (await Service<CandidateService>().AddAsync(projectId, new CandidateInput { FullName = name, Phone = phone, Email = email }))!;

    public async Task EnrolAsync(Guid projectId, Guid candidateId)
    {
        var enrolled = await Service<OutreachService>().EnrolAsync(projectId, new EnrolRequest([candidateId]), "recruiter");
        Assert.NotNull(enrolled);
    }

    /// <summary>Walks a candidate to AI_CALLING as a reply timeout would, so the call engine picks them up.</summary>
    public async Task ToAiCallingAsync(Guid projectId, Guid candidateId)
    {
        var outreach = Service<OutreachService>();
        foreach (var to in new[] { CandidateState.OutreachSent, CandidateState.AwaitingReply, CandidateState.Timeout, CandidateState.AiCalling })
        {
            Assert.Equal(TransitionOutcome.Moved, (await outreach.TransitionAsync(projectId, candidateId, to, "test walk to AI calling", "recruiter")).Outcome);
        }
    }

    public Task<EngineRunResult> RunOutreachAsync(IServiceProvider? node = null) =>
        Service<OutreachEngine>(node).RunOnceAsync(Time.GetUtcNow(), TestContext.Current.CancellationToken);

    public Task<CallPassResult> RunCallsAsync(IServiceProvider? node = null) =>
        Service<CallEngine>(node).RunOnceAsync(Time.GetUtcNow(), TestContext.Current.CancellationToken);

    public Task<int> PollDeliveryAsync(IServiceProvider? node = null) =>
        Service<SmsDeliveryTracker>(node).PollOnceAsync(TestContext.Current.CancellationToken);

    public async Task<SamsaraDbContext> DbAsync() => await Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync();

    public async Task<CallRecord> OnlyCallAsync()
    {
        await using var db = await DbAsync();
        return await db.CallRecords.AsNoTracking().SingleAsync();
    }

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
            // A lingering SQLite handle; the OS cleans the temp folder.
        }
    }
}
