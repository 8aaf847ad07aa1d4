using Microsoft.EntityFrameworkCore;
using Samsara.Core;
using Samsara.Core.Candidates;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Projects;
using Samsara.Core.Templates;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Tests.Outreach.Engine;

/// <summary>Whole outreach scenarios against the sandbox over loopback HTTP, once per database (see the derived classes).</summary>
public abstract class OutreachEngineTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string UkPhone = "+447700900123";
    private const string UsPhone = "+12025550143";
    private EngineRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await EngineRig.StartAsync(provider);

    public async ValueTask DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task RunOnce_ReplyBeforeTimeout_RepliedAndNoAiCall()
    {
        _rig.Sandbox.Scripts.Set(new CandidateScript(UkPhone, CandidateBehaviour.ReplyAfterDelay, TimeSpan.FromMinutes(5), "Yes, tell me more"));
        var (_, candidates) = await _rig.EnrolAsync(phones: UkPhone);

        await _rig.RunAsync();
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(candidates[0].Id));
        Assert.Equal("Hi Ada, are you open to a role with Acme Ltd? Reply to chat.", _rig.Sandbox.Sms.Snapshot().Single().Body);

        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(CandidateState.Replied, await _rig.StateAsync(candidates[0].Id));

        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(40));
        Assert.Equal(CandidateState.Replied, await _rig.StateAsync(candidates[0].Id));
        await using var db = await _rig.DbAsync();
        Assert.NotNull((await db.OutreachTimers.SingleAsync()).CancelledAt);
        Assert.Null((await db.OutreachTimers.SingleAsync()).FiredAt);
        Assert.Contains(await db.Messages.ToListAsync(), m => m.Direction == MessageDirection.Inbound && m.Body == "Yes, tell me more");
    }

    [Fact]
    public async Task RunOnce_NoReplyWithinWindow_TimeoutThenAiCallingAfterWindow()
    {
        var (_, candidates) = await _rig.EnrolAsync(phones: UkPhone);
        await _rig.RunAsync();

        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(29));
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(candidates[0].Id));

        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(CandidateState.AiCalling, await _rig.StateAsync(candidates[0].Id));
        await using var db = await _rig.DbAsync();
        // Moves made in one transaction share a timestamp, so they are compared as a set of (from, to) steps.
        var moves = (await db.OutreachEvents.Select(e => new { e.FromState, e.ToState }).ToListAsync()).Select(e => (e.FromState, e.ToState)).ToHashSet();
        Assert.Equal(
            new HashSet<(CandidateState?, CandidateState)>
            {
                (null, CandidateState.Pending), (CandidateState.Pending, CandidateState.OutreachSent), (CandidateState.OutreachSent, CandidateState.AwaitingReply),
                (CandidateState.AwaitingReply, CandidateState.Timeout), (CandidateState.Timeout, CandidateState.AiCalling),
            },
            moves);
    }

    [Fact]
    public async Task RunOnce_CandidateTextsStop_OptedOutAndNothingMoreSent()
    {
        _rig.Sandbox.Scripts.Set(new CandidateScript(UkPhone, CandidateBehaviour.ReplyStop, TimeSpan.FromMinutes(2)));
        var (project, candidates) = await _rig.EnrolAsync(phones: UkPhone);
        await _rig.RunAsync();

        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(CandidateState.OptedOut, await _rig.StateAsync(candidates[0].Id));

        await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(1));
        Assert.Equal(CandidateState.OptedOut, await _rig.StateAsync(candidates[0].Id));
        Assert.Equal(1, _rig.SmsPosts());
        var ledger = await _rig.Service<OutreachLedger>().ListAsync(project.Id);
        Assert.Contains(ledger!, r => r.Kind == LedgerKind.OptedOut && r.Detail.Contains("STOP", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunOnce_UsNumberDuringUkMorning_WaitsUntilAllowedInEveryUsZone()
    {
        // 10:00 UTC is 05:00 in New York; 08:00 in Los Angeles (the last US zone to open) is 16:00 UTC.
        var (project, candidates) = await _rig.EnrolAsync(phones: UsPhone);

        await _rig.RunAsync();
        Assert.Equal(0, _rig.SmsPosts());
        await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(5) + TimeSpan.FromMinutes(59));
        Assert.Equal(0, _rig.SmsPosts());

        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(1, _rig.SmsPosts());
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(candidates[0].Id));
        var ledger = await _rig.Service<OutreachLedger>().ListAsync(project.Id);
        Assert.Contains(ledger!, r => r.Kind == LedgerKind.Deferred && r.Detail.Contains("Quiet hours", StringComparison.Ordinal) && r.Detail.Contains("16:00:00Z", StringComparison.Ordinal));
        Assert.Contains(ledger!, r => r.Kind == LedgerKind.Sent);
    }

    [Fact]
    public async Task RunOnce_ReplyTimeoutDueAtNight_FiresAtNextAllowedMoment()
    {
        // Sent at 20:45 London; the 30-minute window ends at 21:15, inside quiet hours, so the timeout waits for 08:00.
        _rig.Time.Advance(TimeSpan.FromHours(10) + TimeSpan.FromMinutes(45));
        var (_, candidates) = await _rig.EnrolAsync(phones: UkPhone);
        await _rig.RunAsync();

        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(30));
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(candidates[0].Id));
        await _rig.AdvanceAndRunAsync(new DateTimeOffset(2026, 11, 25, 7, 59, 0, TimeSpan.Zero) - _rig.Time.GetUtcNow());
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(candidates[0].Id));

        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(CandidateState.AiCalling, await _rig.StateAsync(candidates[0].Id));
    }

    [Fact]
    public async Task RunOnce_ProviderReports21610_OptedOutWithoutRetry()
    {
        // The number opted out of our sender before we ever wrote: Twilio refuses the send with 21610.
        _rig.Sandbox.Sms.AddInbound(UkPhone, EngineRig.OurNumber, "STOP");
        var (project, candidates) = await _rig.EnrolAsync(phones: UkPhone);

        await _rig.RunAsync();
        await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(1));

        Assert.Equal(CandidateState.OptedOut, await _rig.StateAsync(candidates[0].Id));
        Assert.Equal(1, _rig.SmsPosts());
        Assert.Empty(_rig.SmsPostedTo());
        var ledger = await _rig.Service<OutreachLedger>().ListAsync(project.Id);
        Assert.Contains(ledger!, r => r.Kind == LedgerKind.OptedOut && r.Detail.Contains("21610", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunOnce_TemplateVariableMissing_SkippedWithReasonAndNothingSent()
    {
        var (project, candidates) = await _rig.EnrolAsync("Hi {{ candidate.first_name }}, still in {{ candidate.location }}?", UkPhone);

        await _rig.RunAsync();

        Assert.Equal(0, _rig.SmsPosts());
        Assert.Equal(CandidateState.Pending, await _rig.StateAsync(candidates[0].Id));
        var ledger = await _rig.Service<OutreachLedger>().ListAsync(project.Id);
        Assert.Contains(ledger!, r => r.Kind == LedgerKind.Skipped && r.Detail.Contains("candidate.location", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunOnce_RateLimited_RetriesAfterRetryAfterAndSendsOnce()
    {
        _rig.Sandbox.Faults.Add(new FaultRule("twilio", FaultKind.RateLimited, Method: "POST", RetryAfter: TimeSpan.FromSeconds(20)));
        var (_, candidates) = await _rig.EnrolAsync(phones: UkPhone);

        await _rig.RunAsync();
        await _rig.AdvanceAndRunAsync(TimeSpan.FromSeconds(19));
        Assert.Empty(_rig.SmsPostedTo());

        await _rig.AdvanceAndRunAsync(TimeSpan.FromSeconds(1));
        Assert.Equal([UkPhone], _rig.SmsPostedTo());
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(candidates[0].Id));
    }

    [Theory]
    [InlineData(true, true, "Hi Ada, from the project")]
    [InlineData(false, true, "Hi Ada, from the agency")]
    [InlineData(false, false, null)]
    public async Task RunOnce_BuiltInStep_ProjectSmsTemplateElseGlobalElseSkippedWithReason(bool projectTemplate, bool globalTemplate, string? expected)
    {
        var ct = TestContext.Current.CancellationToken;
        var templates = _rig.Service<TemplateService>();
        if (globalTemplate)
        {
            await templates.CreateAsync(new TemplateInput { Name = "Agency hello", Channel = MessageChannel.Sms, Body = "Hi {{ candidate.first_name }}, from the agency" }, ct);
        }

        var project = await _rig.Service<ProjectService>().CreateAsync(new ProjectInput { Name = "Data Engineer", ClientName = "Acme Ltd" }, ct);
        if (projectTemplate)
        {
            await templates.CreateAsync(new TemplateInput { ProjectId = project.Id, Name = "Own hello", Channel = MessageChannel.Sms, Body = "Hi {{ candidate.first_name }}, from the project" }, ct);
        }

        await _rig.Service<CandidateService>().AddAsync(project.Id, new CandidateInput { FullName = "Ada Lovelace", Phone = UkPhone }, ct);
        await _rig.Service<OutreachService>().EnrolAsync(project.Id, new EnrolRequest(All: true), "recruiter", ct);

        await _rig.RunAsync();

        await using var db = await _rig.DbAsync();
        Assert.Equal(expected, (await db.Messages.SingleOrDefaultAsync(ct))?.Body);
        if (expected is null)
        {
            var ledger = await _rig.Service<OutreachLedger>().ListAsync(project.Id);
            Assert.Contains(ledger!, l => l.Kind == LedgerKind.Skipped && l.Detail.Contains("no SMS template", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(0, _rig.SmsPosts());
        }
    }

    [Fact]
    public async Task ListAsync_ThroughFirstSmsAndAReply_ShowsTheNextActionAndTheLastMessage()
    {
        var outreach = _rig.Service<OutreachService>();
        var (project, _) = await _rig.EnrolAsync(phones: UkPhone);
        var row = Assert.Single((await outreach.ListAsync(project.Id))!);
        Assert.Equal(("SMS", (DateTimeOffset?)EngineRig.Start, (string?)null), (row.NextAction, row.NextAt, row.LastMessage));

        await _rig.RunAsync();
        row = Assert.Single((await outreach.ListAsync(project.Id))!);
        Assert.Equal(("Reply window ends", (DateTimeOffset?)EngineRig.Start.AddMinutes(30)), (row.NextAction, row.NextAt));
        Assert.Equal((MessageDirection.Outbound, "Hi Ada, are you open to a role with Acme Ltd? Reply to chat."), (row.LastDirection, row.LastMessage));

        var reply = "Yes, very interested. " + string.Concat(Enumerable.Repeat("I have eight years of C# and would like to hear more about the team. ", 4));
        _rig.Sandbox.Sms.AddInbound(UkPhone, EngineRig.OurNumber, reply);
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        row = Assert.Single((await outreach.ListAsync(project.Id))!);
        Assert.Null(row.NextAction);
        Assert.Equal((MessageDirection.Inbound, reply[..140]), (row.LastDirection, row.LastMessage));
    }

    [Fact]
    public async Task RunOnce_ServerErrorStormOverABatch_EachSendBacksOffAndGoesOnceWhenItEnds()
    {
        var ct = TestContext.Current.CancellationToken;
        string[] phones = ["+447700900123", "+447700900124", "+447700900125"];
        _rig.Sandbox.Faults.Add(new FaultRule("twilio", FaultKind.ServerError, Times: 6, Method: "POST"));
        var (project, candidates) = await _rig.EnrolAsync(phones: phones);

        await _rig.RunAsync();
        await using (var db = await _rig.DbAsync())
        {
            Assert.All(await db.OutreachSends.ToListAsync(ct), s =>
            {
                Assert.Equal(SendStatus.Pending, s.Status);
                Assert.Null(s.AttemptedAt);
                Assert.True(s.DueAt > _rig.Time.GetUtcNow(), "a failed send waits before it tries again");
            });
        }

        // Two waves of 500s, then Twilio is back: every candidate is texted exactly once.
        for (var i = 0; i < 10; i++)
        {
            await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(9, _rig.SmsPosts());
        Assert.Equal(phones.Order(), _rig.SmsPostedTo().Order());
        Assert.Equal(3, (await _rig.Service<OutreachLedger>().ListAsync(project.Id))!.Count(l => l.Kind == LedgerKind.Sent));
        Assert.All(candidates, c => Assert.Equal(CandidateState.AwaitingReply, _rig.StateAsync(c.Id).Result));
    }

    [Fact]
    public async Task RunOnce_ProviderStillWorkingWhenRequestTimesOut_CheckedAfterItSettlesAndNotSentTwice()
    {
        // Twilio takes two minutes over the request; the node gives up after five seconds: the outcome is unknown, and
        // Twilio creates the message later. Checking Twilio's list at once would find nothing and send it again.
        // (Five seconds, not one: on a loaded machine a request can take over a second to reach the sandbox at all.)
        var node = await _rig.NewNodeAsync("impatient", new Dictionary<string, string?> { ["Samsara:Providers:Twilio:Timeout"] = "00:00:05" });
        _rig.Sandbox.Faults.Add(new FaultRule("twilio", FaultKind.Slow, Method: "POST", Delay: TimeSpan.FromMinutes(2)));
        var (_, candidates) = await _rig.EnrolAsync(phones: UkPhone);
        await node.RunOnceAsync(_rig.Time.GetUtcNow(), TestContext.Current.CancellationToken);
        await using (var db = await _rig.DbAsync())
        {
            Assert.Equal(SendStatus.UnknownOutcome, (await db.OutreachSends.SingleAsync(TestContext.Current.CancellationToken)).Status);
        }

        // Passes right after the timeout, while Twilio is still working, leave the send alone.
        await node.RunOnceAsync(_rig.Time.GetUtcNow(), TestContext.Current.CancellationToken);
        _rig.Time.Advance(TimeSpan.FromSeconds(30));
        await node.RunOnceAsync(_rig.Time.GetUtcNow(), TestContext.Current.CancellationToken);
        Assert.Equal(1, _rig.SmsPosts());

        // Twilio finishes; after the settle time the engine finds the message there and records it.
        for (var i = 0; i < 10; i++)
        {
            _rig.Time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(50, TestContext.Current.CancellationToken);
            await node.RunOnceAsync(_rig.Time.GetUtcNow(), TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, _rig.SmsPosts());
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(candidates[0].Id));
        await using var check = await _rig.DbAsync();
        var send = await check.OutreachSends.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(SendStatus.Sent, send.Status);
        Assert.Contains("not sent again", send.Reason);
    }

    [Fact]
    public async Task RunOnce_AnswerLostThenNodeRestarts_ReconciledAndNotSentTwice()
    {
        // Twilio creates the message but the connection drops before the answer: the outcome is unknown.
        _rig.Sandbox.Faults.Add(new FaultRule("twilio", FaultKind.DropAfterProcessing, Method: "POST"));
        var (_, candidates) = await _rig.EnrolAsync(phones: [UkPhone, "+447700900124"]);
        await _rig.RunAsync();
        Assert.Equal(2, _rig.SmsPostedTo().Count);

        // A new process over the same database, as after a crash.
        var restarted = await _rig.NewNodeAsync("node-b");
        for (var i = 0; i < 5; i++)
        {
            _rig.Time.Advance(TimeSpan.FromMinutes(1));
            await restarted.RunOnceAsync(_rig.Time.GetUtcNow(), TestContext.Current.CancellationToken);
        }

        Assert.Equal(2, _rig.SmsPostedTo().Count);
        Assert.Equal(2, _rig.SmsPostedTo().Distinct().Count());
        Assert.All(candidates, c => Assert.Equal(CandidateState.AwaitingReply, _rig.StateAsync(c.Id).Result));
        await using var db = await _rig.DbAsync();
        Assert.All(await db.OutreachSends.ToListAsync(), s => Assert.Equal(SendStatus.Sent, s.Status));
    }

    [Fact]
    public async Task RunOnce_ClaimOfDeadNodeExpires_OtherNodeFinishesWithoutResending()
    {
        var (_, candidates) = await _rig.EnrolAsync(phones: UkPhone);
        // A node claimed the send, wrote the Message, sent it, and died before recording the outcome.
        await _rig.RunAsync();
        await using (var db = await _rig.DbAsync())
        {
            await db.OutreachSends.ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, SendStatus.Claimed)
                .SetProperty(x => x.ClaimedBy, "dead-node")
                .SetProperty(x => x.LeaseExpiresAt, _rig.Time.GetUtcNow() + TimeSpan.FromMinutes(2)), TestContext.Current.CancellationToken);
        }

        var other = await _rig.NewNodeAsync("node-b");
        await other.RunOnceAsync(_rig.Time.GetUtcNow(), TestContext.Current.CancellationToken);
        await using (var db = await _rig.DbAsync())
        {
            Assert.Equal("dead-node", (await db.OutreachSends.SingleAsync()).ClaimedBy);
        }

        _rig.Time.Advance(TimeSpan.FromMinutes(2));
        await other.RunOnceAsync(_rig.Time.GetUtcNow(), TestContext.Current.CancellationToken);

        Assert.Equal(1, _rig.SmsPosts());
        await using var check = await _rig.DbAsync();
        var send = await check.OutreachSends.SingleAsync();
        Assert.Equal(SendStatus.Sent, send.Status);
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(candidates[0].Id));
    }

    [Fact]
    public async Task RunOnce_TwoNodesRacing_EachCandidateTextedExactlyOnce()
    {
        var phones = Enumerable.Range(0, 30).Select(i => $"+4477009{i:D5}").ToArray();
        await _rig.EnrolAsync(phones: phones);
        var a = _rig.Engine;
        var b = await _rig.NewNodeAsync("node-b");
        var now = _rig.Time.GetUtcNow();

        var results = await Task.WhenAll(
            Task.Run(() => a.RunOnceAsync(now, TestContext.Current.CancellationToken)),
            Task.Run(() => b.RunOnceAsync(now, TestContext.Current.CancellationToken)));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(phones.Length, results.Sum(r => r.SendsProcessed));
        Assert.Equal(phones.Order(), _rig.SmsPostedTo().Order());
        Assert.Equal(phones.Length, _rig.SmsPosts());
    }
}

public sealed class OutreachEngineSqliteTests() : OutreachEngineTests(DatabaseProvider.Sqlite);

public sealed class OutreachEnginePostgresTests() : OutreachEngineTests(DatabaseProvider.Postgres);
