using Microsoft.EntityFrameworkCore;
using Samsara.Core;
using Samsara.Core.Calls;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Providers;
using Samsara.Core.Usage;
using Samsara.Sandbox;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Tests.Calls;

/// <summary>AI screening calls end to end against the loopback sandbox, once per database (see the derived classes).</summary>
public abstract class CallEngineTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Phone = "+447700900123";
    private CallRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await CallRig.StartAsync(provider);

    public async ValueTask DisposeAsync() => await _rig.DisposeAsync();

    private void Script(string phone, CandidateBehaviour behaviour) => _rig.Sandbox.Scripts.Set(new CandidateScript(phone, behaviour));

    [Fact]
    public async Task RunOnce_CandidatePasses_RecordingTranscriptAndScheduling()
    {
        Script(Phone, CandidateBehaviour.AnswerAndPass);
        var (project, candidates) = await _rig.ReachAiCallingAsync(Phone);

        await _rig.RunAsync();
        Assert.Equal(CallStage.Poll, (await _rig.OnlyCallAsync()).Stage);
        await _rig.AdvanceAsync(TimeSpan.FromMinutes(2));

        var call = await _rig.OnlyCallAsync();
        Assert.Equal((CallStatus.Completed, CallStage.Done, ScreeningOutcome.Pass), (call.Status, call.Stage, call.ScreeningOutcome));
        Assert.Equal(CandidateState.Scheduling, await _rig.StateAsync(candidates[0].Id));
        Assert.Equal(1, _rig.CallsPlacedTo(Phone));

        // The recording is a local copy whose length is the call's talk time (60 s in the sandbox).
        var path = Path.Combine(_rig.DataDirectory, call.RecordingPath!);
        Assert.Equal(60, call.DurationSeconds);
        Assert.Equal(60, RecordingFiles.WavLength(path)!.Value.TotalSeconds, precision: 1);
        Assert.Equal(new FileInfo(path).Length, call.RecordingBytes);

        var transcript = await _rig.Service<CallService>().TranscriptAsync(call.Id);
        Assert.Contains(transcript!.Turns, t => t.Speaker == CallTurn.Candidate && t.Text == "Yes, I do.");
        Assert.Equal(CallTurn.Agent, transcript.Turns[0].Speaker);
        Assert.True(transcript.Turns[^1].End <= 60.01 && transcript.Turns.Zip(transcript.Turns.Skip(1)).All(p => p.First.End <= p.Second.Start + 0.01));

        var view = await _rig.Service<CallService>().GetAsync(call.Id);
        Assert.All(view!.Verdict!.Answers, a => Assert.Equal(AnswerVerdict.Passed, a.Verdict));
        await using var db = await _rig.DbAsync();
        var minutes = await db.UsageEvents.SingleAsync(u => u.Kind == UsageKind.CallMinutes);
        Assert.Equal((1.00m, project.Id, call.Id), (minutes.Quantity, minutes.ProjectId!.Value, minutes.ReferenceId!.Value));
        Assert.NotNull(minutes.Cost);
    }

    [Fact]
    public async Task RunOnce_KnockOutAnsweredNo_FailedAndRejectedWithTheAnswerAsReason()
    {
        Script(Phone, CandidateBehaviour.AnswerAndFail);
        var (_, candidates) = await _rig.ReachAiCallingAsync(Phone);

        await _rig.RunAsync();
        await _rig.AdvanceAsync(TimeSpan.FromMinutes(2));

        var call = await _rig.OnlyCallAsync();
        Assert.Equal(ScreeningOutcome.Fail, call.ScreeningOutcome);
        Assert.Equal(CandidateState.Rejected, await _rig.StateAsync(candidates[0].Id));
        var verdict = (await _rig.Service<CallService>().GetAsync(call.Id))!.Verdict!;
        Assert.Contains("\"Are you open to a new role?\" was answered \"No, I'm not interested in moving right now.\"", verdict.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnce_HedgedAnswersButProviderSaysPassed_UnclearAndNeedsYou()
    {
        Script(Phone, CandidateBehaviour.AnswerUnclear);
        var (project, candidates) = await _rig.ReachAiCallingAsync(Phone);

        await _rig.RunAsync();
        await _rig.AdvanceAsync(TimeSpan.FromMinutes(2));

        var call = await _rig.OnlyCallAsync();
        Assert.Equal(ScreeningOutcome.Unclear, call.ScreeningOutcome);
        Assert.Equal(CandidateState.Screened, await _rig.StateAsync(candidates[0].Id));
        var row = Assert.Single((await _rig.Service<CallService>().ListAsync(project.Id))!);
        Assert.True(row.NeedsYou);
        Assert.Equal(1, await _rig.Service<CallService>().NeedsYouCountAsync(project.Id));
    }

    [Fact]
    public async Task RunOnce_OptedOutWhileQueued_NotCalled()
    {
        var (_, candidates) = await _rig.ReachAiCallingAsync(Phone);
        await using (var db = await _rig.DbAsync())
        {
            // A STOP read in another project: the ledger applies across projects and channels.
            ConsentLedger.Record(db, Phone, ConsentChannel.Phone, ConsentKind.OptOut, ConsentSource.StopKeyword, "STOP", null, _rig.Time.GetUtcNow());
            await db.SaveChangesAsync();
        }

        await _rig.RunAsync();
        await _rig.AdvanceAsync(TimeSpan.FromMinutes(1));

        var call = await _rig.OnlyCallAsync();
        Assert.Equal((CallStatus.Cancelled, CallStage.Done), (call.Status, call.Stage));
        Assert.StartsWith("Not called: Opted out: +447700900123 (STOP by SMS", call.Detail, StringComparison.Ordinal);
        Assert.Equal(0, _rig.CallsPlacedTo(Phone));
        Assert.Equal(CandidateState.AiCalling, await _rig.StateAsync(candidates[0].Id));
    }

    [Fact]
    public async Task RunOnce_OutsideAllowedHours_WaitsAndCallsAtEightInTheCandidatesZone()
    {
        Script(Phone, CandidateBehaviour.AnswerAndPass);
        _rig.Time.Advance(TimeSpan.FromHours(12)); // 22:00 in London
        await _rig.ReachAiCallingAsync(Phone);

        await _rig.RunAsync();
        var waiting = await _rig.OnlyCallAsync();
        Assert.Equal(CallStage.Place, waiting.Stage);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero), waiting.DueAt);
        Assert.StartsWith("Waiting for allowed hours: outside 08:00-21:00", waiting.Detail, StringComparison.Ordinal);

        _rig.Time.Advance(TimeSpan.FromHours(9) + TimeSpan.FromMinutes(59));
        await _rig.RunAsync();
        Assert.Equal(0, _rig.CallsPlacedTo(Phone));

        await _rig.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(1, _rig.CallsPlacedTo(Phone));
        await using var db = await _rig.DbAsync();
        Assert.Single(await db.OutreachLedger.Where(e => e.Detail.Contains("Waiting for allowed hours")).ToListAsync());
    }

    [Fact]
    public async Task RunOnce_ElevenCallsDue_TenPlacedAndTheEleventhWaitsForAFreeLine()
    {
        var phones = Enumerable.Range(0, 11).Select(i => $"+4477009002{i:00}").ToArray();
        foreach (var p in phones)
        {
            Script(p, CandidateBehaviour.AnswerAndPass);
        }

        await _rig.ReachAiCallingAsync(phones);

        await _rig.RunAsync();
        Assert.Equal(10, phones.Sum(_rig.CallsPlacedTo));
        var waiting = Assert.Single(await _rig.CallsAsync(), c => c.Stage == CallStage.Place);
        Assert.Equal("Waiting for a free line: 10 calls in progress on vapi (limit 10).", waiting.Detail);

        await _rig.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(10, phones.Sum(_rig.CallsPlacedTo));

        await _rig.AdvanceAsync(TimeSpan.FromMinutes(3));
        Assert.All(phones, p => Assert.Equal(1, _rig.CallsPlacedTo(p)));
        Assert.All(await _rig.CallsAsync(), c => Assert.Equal(ScreeningOutcome.Pass, c.ScreeningOutcome));
    }

    [Fact]
    public async Task RunOnce_AccountAllowsThreeAtOnceOnTwoNodes_ThreePlacedTheRestWaitThenGoOnTheNextAccount()
    {
        var phones = Enumerable.Range(0, 5).Select(i => $"+4477009004{i:00}").ToArray();
        foreach (var p in phones)
        {
            Script(p, CandidateBehaviour.AnswerAndPass);
        }

        var store = _rig.Service<CredentialStore>();
        var small = await store.AddAsync(VapiAccount("Vapi small", """{"maxConcurrentCalls":"3"}"""));
        await _rig.ReachAiCallingAsync(phones);
        // Small batches, so both nodes hold some of the due calls at once and race for the account's last line.
        var twoAtATime = new Dictionary<string, string?> { ["Samsara:Calls:BatchSize"] = "2" };
        var a = await _rig.NewNodeAsync("node-a2", twoAtATime);
        var b = await _rig.NewNodeAsync("node-b", twoAtATime);
        for (var pass = 0; pass < 3; pass++)
        {
            await Task.WhenAll(_rig.RunAsync(a), _rig.RunAsync(b));
        }

        Assert.Equal(3, phones.Sum(_rig.CallsPlacedTo));
        var calls = await _rig.CallsAsync();
        Assert.Equal(3, calls.Count(c => c.ProviderAccountId == small.Id && c.AttemptedAt != null));
        var waiting = calls.Where(c => c.Stage == CallStage.Place).ToList();
        Assert.Equal(2, waiting.Count);
        Assert.All(waiting, c => Assert.Equal("Waiting for a free line: 3 calls in progress on vapi account \"Vapi small\" (limit 3).", c.Detail));

        // Another account becomes active (no limit set: 10 at once); the small one's calls do not count against it.
        var big = await store.AddAsync(VapiAccount("Vapi big", null));
        _rig.Time.Advance(TimeSpan.FromSeconds(15));
        for (var pass = 0; pass < 3; pass++)
        {
            await Task.WhenAll(_rig.RunAsync(a), _rig.RunAsync(b));
        }

        Assert.Equal(5, phones.Sum(_rig.CallsPlacedTo));
        calls = await _rig.CallsAsync();
        Assert.Equal((3, 2), (calls.Count(c => c.ProviderAccountId == small.Id), calls.Count(c => c.ProviderAccountId == big.Id)));

        // The small account's calls are still followed to the end (on the account they were placed on).
        for (var i = 0; i < 24; i++)
        {
            _rig.Time.Advance(TimeSpan.FromSeconds(5));
            await Task.WhenAll(_rig.RunAsync(a), _rig.RunAsync(b));
        }

        Assert.All(phones, p => Assert.Equal(1, _rig.CallsPlacedTo(p)));
        Assert.All(await _rig.CallsAsync(), c => Assert.Equal((CallStatus.Completed, ScreeningOutcome.Pass), (c.Status, c.ScreeningOutcome)));
    }

    /// <summary>A Vapi account with the key the sandbox accepts, so calls placed on it really go through.</summary>
    private ProviderAccountInput VapiAccount(string name, string? settingsJson) => new()
    {
        ProviderType = ProviderType.Vapi,
        ProviderName = name,
        SettingsJson = settingsJson,
        Secrets = new() { ["apiKey"] = SandboxRegistration.ProviderSettings(_rig.Sandbox.BaseAddress).Single(kv => kv.Key == "Samsara:Providers:Vapi:ApiKey").Value! },
    };

    [Fact]
    public async Task CallNow_AwaitingReplyOptedOutOrAfterHours_CalledAtOnceRefusedOrQueuedWithTheTime()
    {
        Script(Phone, CandidateBehaviour.AnswerAndPass);
        const string OptedOut = "+447700900124", Late = "+447700900125";
        Script(Late, CandidateBehaviour.AnswerAndPass);
        var (project, candidates) = await _rig.ReachAsync(CandidateState.AwaitingReply, Phone, OptedOut, Late);
        var calls = _rig.Service<CallService>();
        await using (var db = await _rig.DbAsync())
        {
            ConsentLedger.Record(db, OptedOut, ConsentChannel.Phone, ConsentKind.OptOut, ConsentSource.StopKeyword, "STOP", null, _rig.Time.GetUtcNow());
            await db.SaveChangesAsync();
        }

        // Waiting for a reply: moved to AI_CALLING through the state machine, and dialled on the engine's next pass.
        var now = await calls.CallNowAsync(project.Id, candidates[0].Id, "recruiter");
        Assert.Equal((CallControlOutcome.Done, "Calling Grace Hopper0 now (as soon as a line is free).", (DateTimeOffset?)null), (now.Outcome, now.Message, now.CallsAt));
        Assert.Equal(CandidateState.AiCalling, await _rig.StateAsync(candidates[0].Id));
        var timeline = await _rig.Service<OutreachService>().TimelineAsync(project.Id, candidates[0].Id);
        Assert.Contains(timeline!, e => e.FromState == CandidateState.AwaitingReply && e.ToState == CandidateState.Timeout && e.Detail == "Call now (recruiter)");
        Assert.Contains(timeline!, e => e.Title == $"{CallService.CallNowTitle}. {now.Message}" && e.Actor == "recruiter");
        await _rig.RunAsync();
        Assert.Equal(1, _rig.CallsPlacedTo(Phone));

        // Opted out (a STOP by SMS): refused with the reason, nothing queued, state unchanged.
        var refused = await calls.CallNowAsync(project.Id, candidates[1].Id, "recruiter");
        Assert.Equal(CallControlOutcome.Refused, refused.Outcome);
        Assert.StartsWith("Not called: Opted out: +447700900124 (STOP by SMS", refused.Message, StringComparison.Ordinal);
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(candidates[1].Id));

        // At 22:00 the call is queued for 08:00 in the candidate's zone, and says so.
        _rig.Time.Advance(TimeSpan.FromHours(12));
        var queued = await calls.CallNowAsync(project.Id, candidates[2].Id, "recruiter");
        var eight = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
        Assert.Equal((CallControlOutcome.Done, eight), (queued.Outcome, queued.CallsAt));
        Assert.Equal("Queued: it is outside the allowed hours (08:00-21:00) in Grace Hopper2's time zone; the call goes out at 2026-11-25 08:00 UTC.", queued.Message);
        await _rig.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(0, _rig.CallsPlacedTo(Late));
        _rig.Time.Advance(eight - _rig.Time.GetUtcNow());
        await _rig.RunAsync();
        Assert.Equal(1, _rig.CallsPlacedTo(Late));
        Assert.Equal(1, _rig.CallsPlacedTo(Phone));
        Assert.DoesNotContain(await _rig.CallsAsync(), c => c.PhoneNumber == OptedOut);

        // Once screened, the candidate is no longer waiting for a call.
        Assert.Equal(CandidateState.Scheduling, await _rig.StateAsync(candidates[0].Id));
        var after = await calls.CallNowAsync(project.Id, candidates[0].Id, "recruiter");
        Assert.Equal((CallControlOutcome.Refused, "Call now is for candidates waiting for a reply or for the AI call; Grace Hopper0 is Scheduling now."), (after.Outcome, after.Message));
    }

    [Fact]
    public async Task DontCall_QueuedCallAndCandidateStillAwaitingReply_NeitherCalledUntilCallNow()
    {
        Script(Phone, CandidateBehaviour.AnswerAndPass);
        const string Other = "+447700900126";
        var (project, candidates) = await _rig.ReachAsync(CandidateState.AwaitingReply, Phone, Other);
        var calls = _rig.Service<CallService>();
        var outreach = _rig.Service<OutreachService>();

        // Still waiting for a reply: kept out of automatic calling before the timeout takes them to AI_CALLING.
        var early = await calls.DontCallAsync(project.Id, candidates[1].Id, "recruiter");
        Assert.Equal((CallControlOutcome.Done, "Grace Hopper1 will not be called automatically."), (early.Outcome, early.Message));

        // The other's call is queued outside allowed hours, then cancelled.
        _rig.Time.Advance(TimeSpan.FromHours(12));
        foreach (var c in candidates)
        {
            foreach (var to in new[] { CandidateState.Timeout, CandidateState.AiCalling })
            {
                Assert.Equal(TransitionOutcome.Moved, (await outreach.TransitionAsync(project.Id, c.Id, to, "no reply", "engine")).Outcome);
            }
        }

        await _rig.RunAsync();
        Assert.StartsWith("Waiting for allowed hours", Assert.Single(await _rig.CallsAsync(), c => c.Stage == CallStage.Place).Detail, StringComparison.Ordinal);
        var stopped = await calls.DontCallAsync(project.Id, candidates[0].Id, "recruiter");
        Assert.Equal("Grace Hopper0 will not be called: the waiting call is cancelled and no automatic call follows.", stopped.Message);
        var timeline = await outreach.TimelineAsync(project.Id, candidates[0].Id);
        Assert.Contains(timeline!, e => e.Title == $"{CallService.DontCallTitle}. {stopped.Message}");

        await _rig.AdvanceAsync(TimeSpan.FromHours(11), TimeSpan.FromMinutes(30));
        Assert.Equal((0, 0), (_rig.CallsPlacedTo(Phone), _rig.CallsPlacedTo(Other)));
        Assert.All(await _rig.CallsAsync(), c => Assert.Equal((CallStatus.Cancelled, CallStage.Done, "Not called: the recruiter chose \"Don't call\"."), (c.Status, c.Stage, c.Detail)));
        Assert.Equal(CallControlOutcome.NotFound, (await calls.DontCallAsync(project.Id, Guid.NewGuid(), "recruiter")).Outcome);

        // The recruiter changes their mind: Call now places a new try.
        var again = await calls.CallNowAsync(project.Id, candidates[0].Id, "recruiter");
        Assert.Equal(CallControlOutcome.Done, again.Outcome);
        await _rig.RunAsync();
        Assert.Equal(1, _rig.CallsPlacedTo(Phone));
        Assert.Equal(2, (await _rig.CallsAsync()).Single(c => c.PhoneNumber == Phone && c.Stage != CallStage.Done).Attempt);
    }

    [Fact]
    public async Task RunOnce_TwoNodesAtOnce_EachCallPlacedOnce()
    {
        var phones = Enumerable.Range(0, 6).Select(i => $"+4477009003{i:00}").ToArray();
        foreach (var p in phones)
        {
            Script(p, CandidateBehaviour.AnswerAndPass);
        }

        await _rig.ReachAiCallingAsync(phones);
        var a = _rig.Engine;
        var b = await _rig.NewNodeAsync("node-b");

        for (var i = 0; i < 30; i++)
        {
            await Task.WhenAll(_rig.RunAsync(a), _rig.RunAsync(b));
            _rig.Time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.All(phones, p => Assert.Equal(1, _rig.CallsPlacedTo(p)));
        var calls = await _rig.CallsAsync();
        Assert.Equal(6, calls.Count);
        Assert.All(calls, c => Assert.Equal(CallStatus.Completed, c.Status));
    }

    [Fact]
    public async Task RunOnce_NodeDiesHoldingAnActiveCall_NextNodeResumesAfterTheLeaseAndCallsOnce()
    {
        Script(Phone, CandidateBehaviour.AnswerAndPass);
        var (_, candidates) = await _rig.ReachAiCallingAsync(Phone);
        await _rig.RunAsync();
        await _rig.AdvanceAsync(TimeSpan.FromSeconds(20));

        // Node A claims the call for its next poll and dies before releasing it.
        await using (var db = await _rig.DbAsync())
        {
            await db.CallRecords.ExecuteUpdateAsync(c => c.SetProperty(x => x.ClaimedBy, "node-a").SetProperty(x => x.LeaseExpiresAt, _rig.Time.GetUtcNow() + TimeSpan.FromMinutes(2)));
        }

        var restarted = await _rig.NewNodeAsync("node-a2");
        var polledBefore = (await _rig.OnlyCallAsync()).LastPolledAt;
        await _rig.AdvanceAsync(TimeSpan.FromSeconds(110), engine: restarted);
        Assert.Equal(polledBefore, (await _rig.OnlyCallAsync()).LastPolledAt);

        await _rig.AdvanceAsync(TimeSpan.FromMinutes(1), engine: restarted);
        var call = await _rig.OnlyCallAsync();
        Assert.Equal((CallStatus.Completed, ScreeningOutcome.Pass), (call.Status, call.ScreeningOutcome));
        Assert.Equal(1, _rig.CallsPlacedTo(Phone));
        Assert.Equal(CandidateState.Scheduling, await _rig.StateAsync(candidates[0].Id));
    }

    [Fact]
    public async Task RunOnce_RecordingDownloadFailsTwice_RetriedWithBackoffThenStored()
    {
        Script(Phone, CandidateBehaviour.AnswerAndPass);
        _rig.Sandbox.Faults.Add(new FaultRule("recordings", FaultKind.ServerError, Times: 2));
        await _rig.ReachAiCallingAsync(Phone);
        await _rig.RunAsync();
        await _rig.AdvanceAsync(TimeSpan.FromSeconds(75));

        var failing = await _rig.OnlyCallAsync();
        Assert.Equal(CallStage.Recording, failing.Stage);
        Assert.Null(failing.RecordingPath);
        Assert.StartsWith("Downloading the recording failed (HTTP 500 from 127.0.0.1); trying again in 30 s", failing.Detail, StringComparison.Ordinal);

        await _rig.AdvanceAsync(TimeSpan.FromMinutes(2));
        var call = await _rig.OnlyCallAsync();
        Assert.NotNull(call.RecordingPath);
        Assert.True(File.Exists(Path.Combine(_rig.DataDirectory, call.RecordingPath)));
        Assert.Equal(ScreeningOutcome.Pass, call.ScreeningOutcome);
    }

    [Fact]
    public async Task RunOnce_AnswerToCreateLost_ReconciledAndFollowedWithoutASecondCall()
    {
        Script(Phone, CandidateBehaviour.LostCreateAnswer);
        await _rig.ReachAiCallingAsync(Phone);

        await _rig.RunAsync();
        var lost = await _rig.OnlyCallAsync();
        Assert.Equal((CallStage.Place, (string?)null), (lost.Stage, lost.ProviderCallId));
        Assert.NotNull(lost.AttemptedAt);
        Assert.StartsWith("No answer from vapi to the call request", lost.Detail, StringComparison.Ordinal);

        await _rig.AdvanceAsync(TimeSpan.FromMinutes(2));
        var call = await _rig.OnlyCallAsync();
        Assert.Equal((CallStatus.Completed, ScreeningOutcome.Pass), (call.Status, call.ScreeningOutcome));
        Assert.Equal(1, _rig.CallsPlacedTo(Phone));
    }

    [Fact]
    public async Task RunOnce_ServerErrorsWhilePolling_KeepsFollowingAndCompletes()
    {
        Script(Phone, CandidateBehaviour.PollStorm);
        await _rig.ReachAiCallingAsync(Phone);
        await _rig.RunAsync();
        await _rig.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("Polling vapi failed 6 time(s) in a row", (await _rig.OnlyCallAsync()).Detail, StringComparison.Ordinal);

        await _rig.AdvanceAsync(TimeSpan.FromMinutes(2));
        var call = await _rig.OnlyCallAsync();
        Assert.Equal((CallStatus.Completed, ScreeningOutcome.Pass), (call.Status, call.ScreeningOutcome));
    }

    [Fact]
    public async Task RunOnce_CallNeverEnds_ClosedAsFailedAfterMaxLengthPlusMargin()
    {
        Script(Phone, CandidateBehaviour.NeverEnds);
        await _rig.ReachAiCallingAsync(Phone);
        await _rig.RunAsync();

        await _rig.AdvanceAsync(TimeSpan.FromMinutes(11) + TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(5));
        Assert.Equal(CallStatus.InProgress, (await _rig.OnlyCallAsync()).Status);

        await _rig.AdvanceAsync(TimeSpan.FromSeconds(10));
        var call = await _rig.OnlyCallAsync();
        Assert.Equal((CallStatus.Failed, CallStage.Done), (call.Status, call.Stage));
        Assert.Equal("The call had not ended 10 min plus 2 min after it started; vapi was asked to end it; closed as failed.", call.Detail);

        // The end request reached the provider: the call is over there too.
        var atProvider = await _rig.Service<Samsara.Core.Channels.Voice.VapiClient>().GetAsync(call.ProviderCallId!, TestContext.Current.CancellationToken);
        Assert.Equal(Samsara.Core.Channels.Voice.CallProgress.Ended, atProvider.Value!.Progress);
    }

    [Theory]
    [InlineData(CandidateBehaviour.Busy, CallStatus.Busy, "customer-busy")]
    [InlineData(CandidateBehaviour.Voicemail, CallStatus.Voicemail, "voicemail")]
    [InlineData(CandidateBehaviour.HangUpMidCall, CallStatus.Completed, "customer-ended-call")]
    public async Task RunOnce_CallEnds_ProvidersOwnEndReasonKeptVerbatimAndShown(CandidateBehaviour behaviour, CallStatus status, string reason)
    {
        Script(Phone, behaviour);
        await _rig.ReachAiCallingAsync(Phone);
        await _rig.RunAsync();
        await _rig.AdvanceAsync(TimeSpan.FromMinutes(1));

        var call = (await _rig.CallsAsync())[0];
        var view = await _rig.Service<CallService>().GetAsync(call.Id);
        Assert.Equal((status, reason), (call.Status, call.ProviderReason));
        Assert.Equal(reason, view!.ProviderReason);
    }

    [Fact]
    public async Task RunOnce_ProjectNamesItsAssistant_ThatAssistantIsAskedToCall()
    {
        Script(Phone, CandidateBehaviour.AnswerAndPass);
        var (project, _) = await _rig.ReachAiCallingAsync(Phone);
        await using (var db = await _rig.DbAsync())
        {
            var settings = ScreeningSettings.Default(project.Id);
            settings.AssistantId = "asst-project-42";
            db.ScreeningSettings.Add(settings);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await _rig.RunAsync();

        var create = Assert.Single(_rig.Sandbox.Log.Entries("vapi"), e => e.Method == "POST");
        using var body = System.Text.Json.JsonDocument.Parse(create.Body);
        Assert.Equal("asst-project-42", body.RootElement.GetProperty("assistantId").GetString());
    }

    [Fact]
    public async Task RunOnce_NoAnswer_RetriedTwoHoursLaterThenGivesUpAfterThreeTries()
    {
        Script(Phone, CandidateBehaviour.NoAnswer);
        await _rig.ReachAiCallingAsync(Phone);
        await _rig.RunAsync();
        await _rig.AdvanceAsync(TimeSpan.FromMinutes(1));

        var calls = await _rig.CallsAsync();
        Assert.Equal((CallStatus.NoAnswer, 2), (calls[0].Status, calls.Count));
        Assert.Equal(calls[0].EndedAt + TimeSpan.FromHours(2), calls[1].DueAt);

        for (var retry = 0; retry < 2; retry++)
        {
            _rig.Time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromMinutes(1));
            await _rig.RunAsync();
            await _rig.AdvanceAsync(TimeSpan.FromMinutes(2));
        }

        calls = await _rig.CallsAsync();
        Assert.Equal(3, calls.Count);
        Assert.Equal(3, _rig.CallsPlacedTo(Phone));
        Assert.All(calls, c => Assert.Equal(CallStatus.NoAnswer, c.Status));
        Assert.Equal("no answer; no tries left (3 made): needs you.", calls[2].Detail);
    }

    [Fact]
    public async Task RunOnce_ProviderNeverHeardOfTheCall_FailedWithAClearMessage()
    {
        Script(Phone, CandidateBehaviour.AnswerAndPass);
        await _rig.ReachAiCallingAsync(Phone);
        await _rig.RunAsync();
        await using (var db = await _rig.DbAsync())
        {
            await db.CallRecords.ExecuteUpdateAsync(c => c.SetProperty(x => x.ProviderCallId, "no-such-call"));
        }

        await _rig.AdvanceAsync(TimeSpan.FromSeconds(5));
        var call = await _rig.OnlyCallAsync();
        Assert.Equal(CallStatus.Failed, call.Status);
        Assert.StartsWith("vapi has no call no-such-call: Vapi 404", call.Detail, StringComparison.Ordinal);
    }
}

public sealed class CallEngineSqliteTests() : CallEngineTests(DatabaseProvider.Sqlite);

public sealed class CallEnginePostgresTests() : CallEngineTests(DatabaseProvider.Postgres);
