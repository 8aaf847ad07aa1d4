using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Samsara.Core;
using Samsara.Core.Candidates;
using Samsara.Core.Channels;
using Samsara.Core.Channels.Sms;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Projects;
using Samsara.Core.Providers;
using Samsara.Core.Templates;
using Samsara.Sandbox;
using Samsara.Testing;

namespace Samsara.Tests.Providers;

/// <summary>
/// Core, credentials, channels, templates, the outreach engine and SMS delivery tracking in a plain host (background
/// loops off), pointed by configuration at a loopback sandbox that may accept different credentials; one fake clock.
/// </summary>
internal sealed class ProviderRig : IAsyncDisposable
{
    public const string OurNumber = "+15005550006";
    public const string ConfiguredAccountSid = "AC00000000000000000000000000000001";
    public const string ConfiguredAuthToken = "configured-token";

    private readonly TestDatabase database;
    private readonly IHost host;
    private readonly string dataDirectory;

    private ProviderRig(TestDatabase database, SandboxServer sandbox, FakeTimeProvider time, IHost host, string dataDirectory)
    {
        this.database = database;
        Sandbox = sandbox;
        Time = time;
        this.host = host;
        this.dataDirectory = dataDirectory;
    }

    public SandboxServer Sandbox { get; }
    public FakeTimeProvider Time { get; }

    /// <param name="sandboxAccepts">The Twilio account the sandbox accepts; the configured one when null.</param>
    public static async Task<ProviderRig> StartAsync(DatabaseProvider provider, (string Sid, string Token)? sandboxAccepts = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        var database = await TestDatabase.CreateAsync(provider);
        var accepts = sandboxAccepts ?? (ConfiguredAccountSid, ConfiguredAuthToken);
        var sandbox = await SandboxServer.StartAsync(time, configure: o =>
        {
            o.TwilioAccountSid = accepts.Sid;
            o.TwilioAuthToken = accepts.Token;
        }, ct: TestContext.Current.CancellationToken);

        var dataDirectory = Path.Combine(Path.GetTempPath(), "samsara-tests", Guid.NewGuid().ToString("N"));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Samsara:DataDirectory"] = dataDirectory,
            ["Samsara:Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:Samsara"] = database.ConnectionString,
            ["Samsara:Providers:Twilio:BaseUrl"] = sandbox.Url(SandboxRegistration.Paths.Twilio).ToString(),
            ["Samsara:Providers:Twilio:AccountSid"] = ConfiguredAccountSid,
            ["Samsara:Providers:Twilio:AuthToken"] = ConfiguredAuthToken,
            ["Samsara:Providers:Twilio:FromNumber"] = OurNumber,
            ["Samsara:Outreach:RunInBackground"] = "false",
            ["Samsara:Sms:PollInBackground"] = "false",
        });
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.AddSamsaraCore();
        builder.AddCredentials();
        builder.AddChannels();
        builder.AddTemplates();
        builder.AddOutreachEngine();
        builder.AddSmsDeliveryTracking();
        var host = builder.Build();
        database.PrepareDataDirectory(dataDirectory);
        await host.Services.InitializeDatabaseAsync(TestContext.Current.CancellationToken);
        return new ProviderRig(database, sandbox, time, host, dataDirectory);
    }

    public T Service<T>() where T : notnull => host.Services.GetRequiredService<T>();

    public Task<ProviderAccountSummary> StoreTwilioAccountAsync(string accountSid, string authToken) =>
        Service<CredentialStore>().AddAsync(new ProviderAccountInput
        {
            ProviderType = ProviderType.Twilio,
            ProviderName = "Stored Twilio",
            SettingsJson = $$"""{"accountSid":"{{accountSid}}","fromNumber":"{{OurNumber}}"}""",
            Secrets = new() { ["authToken"] = authToken },
        }, TestContext.Current.CancellationToken);

    /// <summary>A project with an SMS template and one enrolled candidate per phone, then one engine pass (the first SMS).</summary>
    public async Task SendFirstSmsAsync(params string[] phones)
    {
        var project = await Service<ProjectService>().CreateAsync(new ProjectInput { Name = "Platform Engineer", ClientName = "Acme Ltd" });
        await Service<TemplateService>().CreateAsync(new TemplateInput { ProjectId = project.Id, Name = "Intro", Channel = MessageChannel.Sms, Body = "Hi {{ candidate.first_name }}, a role at {{ project.client_name }}?" });
        foreach (var phone in phones)
        {
            await Service<CandidateService>().AddAsync(project.Id, new CandidateInput { FullName = "Grace Hopper", Phone = phone });
        }

        await Service<OutreachService>().EnrolAsync(project.Id, new EnrolRequest(All: true), "recruiter");
        await Service<OutreachEngine>().RunOnceAsync(Time.GetUtcNow(), TestContext.Current.CancellationToken);
    }

    public async Task<List<Message>> OutboundMessagesAsync()
    {
        await using var db = await Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync();
        return await db.Messages.AsNoTracking().Where(m => m.Direction == MessageDirection.Outbound).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        host.Dispose();
        await Sandbox.DisposeAsync();
        await database.DisposeAsync();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A lingering SQLite handle; the OS cleans the temp folder.
        }
    }
}
