using Microsoft.EntityFrameworkCore;
using Samsara.Core;
using Samsara.Core.Candidates;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Outreach.Engine.Pacing;
using Samsara.Core.Outreach.Sequences;
using Samsara.Core.Projects;
using static Samsara.Tests.Outreach.Engine.EngineRigSequences;

namespace Samsara.Tests.Outreach.Engine;

/// <summary>
/// What a sender's daily cap counts: only messages that went or can still go (a reserved slot of a cancelled send is
/// given back), and only that sender's own (a second number has its own day).
/// </summary>
public abstract class SenderDailyCountTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string OtherNumber = "+15005550009";
    private static readonly string[] UkPhones = [.. Enumerable.Range(0, 6).Select(i => $"+4477009002{i:D2}")];
    private EngineRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await EngineRig.StartAsync(provider, new Dictionary<string, string?>
    {
        ["Samsara:Outreach:Pacing:LongCode:DailyCap"] = "2",
    });

    public async ValueTask DisposeAsync() => await _rig.DisposeAsync();

    /// <summary>Two candidates on a long code with a cap of 2: the first goes now, the second holds the 10:00:01 slot.</summary>
    private async Task<(Project Project, Candidate Held)> OneSentOneHeldAsync()
    {
        var (project, candidates) = await _rig.EnrolAsync(phones: UkPhones[..2]);
        await _rig.RunAsync();
        Assert.Single(_rig.SmsPostedTo());
        await using var db = await _rig.DbAsync();
        var slot = Assert.Single(await db.Set<SendSlot>().ToListAsync());
        Assert.Equal(2, (await db.Set<SenderThrottle>().SingleAsync()).DayCount);
        var held = await db.OutreachSends.Where(s => s.Id == slot.SendId)
            .Join(db.OutreachSequences, s => s.SequenceId, q => q.Id, (_, q) => q.CandidateId).SingleAsync();
        return (project, candidates.Single(c => c.Id == held));
    }

    private async Task AssertSlotGivenBackAndThirdCandidateSendsTodayAsync(Candidate held, string? alreadySent = null)
    {
        await using (var db = await _rig.DbAsync())
        {
            Assert.Empty(await db.Set<SendSlot>().ToListAsync());
            Assert.Equal(1, (await db.Set<SenderThrottle>().SingleAsync()).DayCount);
        }

        await _rig.EnrolAsync(phones: UkPhones[2]);
        await _rig.RunAsync();
        await _rig.AdvanceAndRunAsync(TimeSpan.FromSeconds(2));

        var expected = alreadySent is null ? UkPhones[..3].Where(p => p != held.Phone) : [alreadySent, UkPhones[2]];
        Assert.Equal(expected.Order(), _rig.SmsPostedTo().Order());
    }

    [Fact]
    public async Task OptOut_SendHoldingSlotUnderDailyCap_SlotGivenBackAndAnotherCandidateSendsSameDay()
    {
        var (project, held) = await OneSentOneHeldAsync();

        await _rig.Service<ConsentService>().OptOutAsync(project.Id, held.Id, "recruiter", TestContext.Current.CancellationToken);

        await AssertSlotGivenBackAndThirdCandidateSendsTodayAsync(held);
    }

    [Fact]
    public async Task Stop_SendHoldingSlotUnderDailyCap_SlotGivenBackAndAnotherCandidateSendsSameDay()
    {
        var (project, held) = await OneSentOneHeldAsync();

        await _rig.Service<OutreachService>().ControlAsync(project.Id, held.Id, OutreachControl.Stop, "recruiter", TestContext.Current.CancellationToken);

        await AssertSlotGivenBackAndThirdCandidateSendsTodayAsync(held);
        Assert.Equal(CandidateState.Pending, await _rig.StateAsync(held.Id));
    }

    [Fact]
    public async Task RunOnce_CandidateMovedByHandWhileSendHoldsSlot_SkippedSendGivesSlotBackAndAnotherCandidateSendsSameDay()
    {
        var (project, held) = await OneSentOneHeldAsync();
        await _rig.Service<OutreachService>().TransitionAsync(project.Id, held.Id, CandidateState.Withdrawn, "Took another job", "recruiter", TestContext.Current.CancellationToken);

        // The held send's slot comes due; the engine's own check skips it ("already Withdrawn") and gives the slot back.
        await _rig.AdvanceAndRunAsync(TimeSpan.FromSeconds(2));

        await AssertSlotGivenBackAndThirdCandidateSendsTodayAsync(held);
    }

    [Fact]
    public async Task RunOnce_SmsReplyWhileNextStepHoldsSlot_SlotGivenBackAndAnotherCandidateSendsSameDay()
    {
        var (project, sms, _) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Sms, sms), Step(StepChannel.Sms, sms));
        var ada = await _rig.CandidateAsync(project.Id, UkPhones[0], null);
        await _rig.EnrolAsync(project.Id, ada.Id);
        await _rig.RunAsync();
        await _rig.RunAsync();
        await using (var db = await _rig.DbAsync())
        {
            Assert.Single(await db.Set<SendSlot>().ToListAsync());
        }

        _rig.Sandbox.Sms.AddInbound(UkPhones[0], EngineRig.OurNumber, "Yes, call me");
        await _rig.RunAsync();
        Assert.Equal(CandidateState.Replied, await _rig.StateAsync(ada.Id));

        await AssertSlotGivenBackAndThirdCandidateSendsTodayAsync(ada, alreadySent: UkPhones[0]);
    }

    [Fact]
    public async Task RunOnce_SecondSenderAfterFirstReachedCap_EachSenderCountsOnlyItsOwnSends()
    {
        await _rig.EnrolAsync(phones: UkPhones[..2]);
        await _rig.RunAsync();
        await _rig.AdvanceAndRunAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _rig.SmsPosts());

        // The recruiter switches to another number: its first day starts from its own sends, not the channel's.
        var other = await _rig.NewNodeAsync("node-b", new Dictionary<string, string?> { ["Samsara:Providers:Twilio:FromNumber"] = OtherNumber });
        await _rig.EnrolAsync(phones: UkPhones[2..4]);
        await other.RunOnceAsync(_rig.Time.GetUtcNow(), TestContext.Current.CancellationToken);
        _rig.Time.Advance(TimeSpan.FromSeconds(1));
        await other.RunOnceAsync(_rig.Time.GetUtcNow(), TestContext.Current.CancellationToken);

        var fromOther = _rig.Sandbox.Sms.Snapshot().Where(m => m.From == OtherNumber).Select(m => m.To).Order();
        Assert.Equal(UkPhones[2..4], fromOther);
        await using var db = await _rig.DbAsync();
        var sends = await db.OutreachSends.Where(s => s.SentAt != null).ToListAsync();
        Assert.Equal(2, sends.Count(s => s.Sender == EngineRig.OurNumber));
        Assert.Equal(2, sends.Count(s => s.Sender == OtherNumber));

        // The first number is still at its cap for today.
        await _rig.EnrolAsync(phones: UkPhones[4]);
        await _rig.AdvanceAndRunAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(4, _rig.SmsPosts());
    }
}

public sealed class SenderDailyCountSqliteTests() : SenderDailyCountTests(DatabaseProvider.Sqlite);

public sealed class SenderDailyCountPostgresTests() : SenderDailyCountTests(DatabaseProvider.Postgres);
