using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Samsara.Core;
using Samsara.Core.Candidates;
using Samsara.Core.Channels;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Projects;
using Samsara.Core.Templates;
using Samsara.Sandbox;
using Samsara.Testing;

namespace Samsara.Tests.Outreach.Engine;

/// <summary>The hosted loop registered by AddOutreachEngine, in a started host.</summary>
public sealed class OutreachEngineWorkerTests : IAsyncDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "samsara-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(EngineRig.Start);
    private SandboxServer? _sandbox;
    private IHost? _host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Worker_TwilioConfigured_SendsTheQueuedStepAsTimeAdvances()
    {
        _sandbox = await SandboxServer.StartAsync(_time, ct: Ct);
        await StartHostAsync(new()
        {
            ["Samsara:Providers:Twilio:BaseUrl"] = _sandbox.Url(SandboxRegistration.Paths.Twilio).ToString(),
            ["Samsara:Providers:Twilio:AccountSid"] = _sandbox.Options.TwilioAccountSid,
            ["Samsara:Providers:Twilio:AuthToken"] = _sandbox.Options.TwilioAuthToken,
            ["Samsara:Providers:Twilio:FromNumber"] = EngineRig.OurNumber,
        });
        var candidateId = await EnrolAsync();

        var state = CandidateState.Pending;
        for (var i = 0; i < 200 && state == CandidateState.Pending; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(25, Ct);
            state = await StateAsync(candidateId);
        }

        Assert.Equal(CandidateState.AwaitingReply, state);
    }

    [Fact]
    public async Task Worker_NoTwilioConfigured_StartsAndLeavesTheSendQueued()
    {
        await StartHostAsync([]);
        var candidateId = await EnrolAsync();

        for (var i = 0; i < 20; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10, Ct);
        }

        Assert.Equal(CandidateState.Pending, await StateAsync(candidateId));
        await using var db = await Db().CreateDbContextAsync(Ct);
        var send = await db.OutreachSends.SingleAsync(Ct);
        Assert.Equal(SendStatus.Pending, send.Status);
        Assert.Equal(0, send.Attempts); // never tried, rather than tried against a provider that is not there
        Assert.Null(send.MessageId);
    }

    private async Task StartHostAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        settings["Samsara:DataDirectory"] = _dataDirectory;
        settings["Samsara:Outreach:PollInterval"] = "00:00:01";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.AddSamsaraCore();
        builder.AddChannels();
        builder.AddTemplates();
        builder.AddOutreachEngine();
        _host = builder.Build();
        (await TestDatabase.CreateAsync(DatabaseProvider.Sqlite)).PrepareDataDirectory(_dataDirectory);
        await _host.Services.InitializeDatabaseAsync(Ct);
        await _host.StartAsync(Ct);
    }

    private IDbContextFactory<SamsaraDbContext> Db() => _host!.Services.GetRequiredService<IDbContextFactory<SamsaraDbContext>>();

    private async Task<Guid> EnrolAsync()
    {
        var services = _host!.Services;
        var project = await services.GetRequiredService<ProjectService>().CreateAsync(new ProjectInput { Name = "Platform Engineer" });
        await services.GetRequiredService<TemplateService>().CreateAsync(new TemplateInput { ProjectId = project.Id, Name = "Hello", Channel = MessageChannel.Sms, Body = "Hi {{ candidate.first_name }}" });
        var candidate = await services.GetRequiredService<CandidateService>().AddAsync(project.Id, new CandidateInput { FullName = "Grace Hopper", Phone = "+447700900123" });
        await services.GetRequiredService<OutreachService>().EnrolAsync(project.Id, new EnrolRequest(All: true), "recruiter", Ct);
        return candidate!.Id;
    }

    private async Task<CandidateState> StateAsync(Guid candidateId)
    {
        await using var db = await Db().CreateDbContextAsync(Ct);
        return await db.OutreachSequences.Where(s => s.CandidateId == candidateId).Select(s => s.Status).SingleAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None);
            _host.Dispose();
        }

        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder.
        }
    }
}
