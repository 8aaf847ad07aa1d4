using Samsara.Core.Channels;
using Samsara.Core.Channels.Voice;
using Samsara.Sandbox;
using Samsara.Sandbox.Infrastructure;
using Samsara.Tests.Sandbox.Contract;

namespace Samsara.Tests.Sandbox;

public sealed class VoiceTests : IAsyncLifetime
{
    private const string Candidate = "+15551239001";
    private SandboxHarness _h = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _h = await SandboxHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    public static TheoryData<string> Providers => ["vapi", "bland", "retell"];

    private IScreeningCallClient Client(string provider) => provider switch
    {
        "vapi" => _h.Vapi(),
        "bland" => _h.Bland(),
        "retell" => _h.Retell(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    private void AssertContract(string provider)
    {
        var (spec, path) = provider switch
        {
            "vapi" => (ProviderSpecs.Vapi, SandboxRegistration.Paths.Vapi),
            "bland" => (ProviderSpecs.Bland, SandboxRegistration.Paths.Bland),
            _ => (ProviderSpecs.Retell, SandboxRegistration.Paths.Retell),
        };
        _h.AssertContract(spec, path);
    }

    private async Task<CallSnapshot> RunToEndAsync(IScreeningCallClient client, ScreeningCall call)
    {
        var started = await client.StartAsync(call, Ct);
        Assert.True(started.Succeeded, started.ToString());
        var first = await client.GetAsync(started.Value!, Ct);
        Assert.True(first.Succeeded, first.ToString());
        Assert.NotEqual(CallProgress.Ended, first.Value!.Progress);

        _h.Time.Advance(TimeSpan.FromMinutes(5));
        var last = await client.GetAsync(started.Value!, Ct);
        Assert.True(last.Succeeded, last.ToString());
        Assert.Equal(CallProgress.Ended, last.Value!.Progress);
        return last.Value;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StartAsync_CandidatePasses_EndsCompletedPassedWithTranscriptAndRecording(string provider)
    {
        _h.Server.Scripts.Set(new CandidateScript(Candidate, CandidateBehaviour.AnswerAndPass));

        var call = await RunToEndAsync(Client(provider), new ScreeningCall(Candidate, "ledger-1", "Screen for the backend role"));

        Assert.Equal(CallEnding.Completed, call.Ending);
        Assert.True(call.ScreeningPassed ?? (provider == "bland" ? true : null), "screening should pass");
        Assert.Contains("This call is recorded", call.Transcript, StringComparison.Ordinal);
        Assert.NotNull(call.RecordingUrl);
        Assert.Equal(TimeSpan.FromSeconds(60), call.Duration);
        AssertContract(provider);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StartAsync_CandidateFails_EndsCompletedNotPassed(string provider)
    {
        _h.Server.Scripts.Set(new CandidateScript(Candidate, CandidateBehaviour.AnswerAndFail));

        var call = await RunToEndAsync(Client(provider), new ScreeningCall(Candidate, "ledger-2"));

        Assert.Equal(CallEnding.Completed, call.Ending);
        Assert.NotEqual(true, call.ScreeningPassed);
        Assert.Contains("not interested", call.Transcript, StringComparison.Ordinal);
        AssertContract(provider);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StartAsync_CandidateDoesNotAnswer_EndsNoAnswer(string provider)
    {
        _h.Server.Scripts.Set(new CandidateScript(Candidate, CandidateBehaviour.NoAnswer));

        var call = await RunToEndAsync(Client(provider), new ScreeningCall(Candidate, "ledger-3"));

        Assert.Equal(CallEnding.NoAnswer, call.Ending);
        Assert.Null(call.RecordingUrl);
        AssertContract(provider);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StartAsync_Voicemail_EndsVoicemail(string provider)
    {
        _h.Server.Scripts.Set(new CandidateScript(Candidate, CandidateBehaviour.Voicemail));

        var call = await RunToEndAsync(Client(provider), new ScreeningCall(Candidate, "ledger-4"));

        Assert.Equal(CallEnding.Voicemail, call.Ending);
        AssertContract(provider);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StartAsync_NotE164_PermanentWithoutRequest(string provider)
    {
        var result = await Client(provider).StartAsync(new ScreeningCall("555-1234", "ledger-5"), Ct);

        Assert.Equal(ProviderOutcome.Permanent, result.Outcome);
        Assert.Empty(_h.Server.Log.Entries());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StartAsync_DroppedAfterPlacing_UnknownOutcomeReconciledWithoutSecondCall(string provider)
    {
        _h.Server.Faults.Add(new FaultRule(provider, FaultKind.DropAfterProcessing, Method: "POST"));
        var client = Client(provider);
        var call = new ScreeningCall(Candidate, "ledger-6");
        var attemptedAt = _h.Time.GetUtcNow();

        var started = await client.StartAsync(call, Ct);
        Assert.Equal(ProviderOutcome.UnknownOutcome, started.Outcome);

        var reconciled = await client.ReconcileAsync(call, attemptedAt, Ct);
        Assert.True(reconciled.Succeeded, reconciled.ToString());
        Assert.NotNull(reconciled.Value);
        Assert.Equal(1, _h.Server.Calls.CountTo(provider, Candidate));
        AssertContract(provider);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ReconcileAsync_NoCallPlaced_FindsNothing(string provider)
    {
        var reconciled = await Client(provider).ReconcileAsync(new ScreeningCall(Candidate, "ledger-7"), _h.Time.GetUtcNow(), Ct);

        Assert.True(reconciled.Succeeded, reconciled.ToString());
        Assert.Null(reconciled.Value);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StartAsync_RateLimited_RateLimitedWithRetryAfter(string provider)
    {
        _h.Server.Faults.Add(new FaultRule(provider, FaultKind.RateLimited, RetryAfter: TimeSpan.FromSeconds(12)));

        var result = await Client(provider).StartAsync(new ScreeningCall(Candidate, "ledger-8"), Ct);

        Assert.Equal(ProviderOutcome.RateLimited, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(12), result.Failure!.RetryAfter);
        Assert.Equal(0, _h.Server.Calls.CountTo(provider, Candidate));
    }

    [Theory]
    [InlineData("vapi", "customer-busy")]
    [InlineData("bland", "busy; answered by no-answer")]
    [InlineData("retell", "dial_busy")]
    public async Task GetAsync_Busy_ProvidersOwnEndReasonVerbatim(string provider, string reason)
    {
        _h.Server.Scripts.Set(new CandidateScript(Candidate, CandidateBehaviour.Busy));

        var ended = await RunToEndAsync(Client(provider), new ScreeningCall(Candidate, "ref-busy-" + provider));

        Assert.Equal((CallEnding.Busy, reason), (ended.Ending, ended.EndReason));
        AssertContract(provider);
    }

    [Theory]
    [InlineData("vapi")]
    [InlineData("bland")]
    public async Task EndAsync_CallNeverEnds_EndedAtTheProvider(string provider)
    {
        _h.Server.Scripts.Set(new CandidateScript(Candidate, CandidateBehaviour.NeverEnds));
        var client = Client(provider);
        var started = await client.StartAsync(new ScreeningCall(Candidate, "ref-end-" + provider), Ct);
        _h.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(CallProgress.InProgress, (await client.GetAsync(started.Value!, Ct)).Value!.Progress);

        var end = await client.EndAsync(started.Value!, Ct);
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        var after = await client.GetAsync(started.Value!, Ct);

        Assert.True(end.Succeeded, end.ToString());
        Assert.Equal(CallProgress.Ended, after.Value!.Progress);
        AssertContract(provider);
    }

    [Fact]
    public async Task EndAsync_Retell_RefusedWithAReasonAndNoRequest()
    {
        var end = await _h.Retell().EndAsync("call-1", Ct);

        Assert.Equal(ProviderOutcome.Permanent, end.Failure!.Outcome);
        Assert.Contains("no request to end a call", end.Failure.Reason, StringComparison.Ordinal);
        Assert.Empty(_h.Server.Log.Entries("retell"));
    }

    [Fact]
    public async Task StartAsync_AssistantNamed_ThatAssistantSentInsteadOfTheAccountDefault()
    {
        _h.Server.Scripts.Set(new CandidateScript(Candidate, CandidateBehaviour.AnswerAndPass));

        await _h.Vapi().StartAsync(new ScreeningCall(Candidate, "ref-asst", AssistantId: "asst-project"), Ct);
        await _h.Retell().StartAsync(new ScreeningCall(Candidate, "ref-agent", AssistantId: "agent-project"), Ct);

        Assert.Contains("\"assistantId\":\"asst-project\"", Assert.Single(_h.Server.Log.Entries("vapi"), e => e.Method == "POST").Body, StringComparison.Ordinal);
        Assert.Contains("\"override_agent_id\":\"agent-project\"", Assert.Single(_h.Server.Log.Entries("retell"), e => e.Method == "POST").Body, StringComparison.Ordinal);
        AssertContract("vapi");
        AssertContract("retell");
    }
}
