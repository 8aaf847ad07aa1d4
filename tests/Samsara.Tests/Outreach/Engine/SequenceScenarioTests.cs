using Microsoft.EntityFrameworkCore;
using Samsara.Core;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Outreach.Sequences;
using Samsara.Core.Templates;
using Samsara.Sandbox.Infrastructure;
using static Samsara.Tests.Outreach.Engine.EngineRigSequences;

namespace Samsara.Tests.Outreach.Engine;

/// <summary>
/// Multi-step, multi-channel sequences driven through the engine against the Twilio sandbox over loopback, with a fake
/// clock, once per database. Inbound mail is classified by the real classifier (proven on Postfix/Dovecot in
/// MailServerTests) and handed to the engine as the IMAP watcher would.
/// </summary>
public abstract class SequenceScenarioTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string UkPhone = "+447700900123";
    private const string AdaEmail = "ada@candidates.test";
    private EngineRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await EngineRig.StartAsync(provider);

    public async ValueTask DisposeAsync() => await _rig.DisposeAsync();

    private async Task<IReadOnlyList<LedgerRow>> LedgerAsync(Guid projectId) => (await _rig.Service<OutreachLedger>().ListAsync(projectId))!;

    [Fact]
    public async Task RunOnce_TransportThrowsForOneEmailOfABatch_OthersRecordedAndThatOneCheckedLater()
    {
        var (project, _, email) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Email, email));
        string[] addresses = ["ada@candidates.test", "broken@candidates.test", "cy@candidates.test"];
        foreach (var address in addresses)
        {
            await _rig.EnrolAsync(project.Id, (await _rig.CandidateAsync(project.Id, null, address, address[..address.IndexOf('@')])).Id);
        }

        _rig.Mail.Fail = mail => mail.ToAddress == "broken@candidates.test" ? new InvalidOperationException("socket in a bad state") : null;
        await _rig.RunAsync();

        Assert.Equal(["ada@candidates.test", "cy@candidates.test"], _rig.Mail.Sent.Select(m => m.To.Mailboxes.Single().Address).Order());
        await using var db = await _rig.DbAsync();
        var sends = await db.OutreachSends.Join(db.Messages, s => s.MessageId, m => m.Id, (s, m) => new { m.Recipient, s.Status, s.Reason, s.DueAt })
            .ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, sends.Count(s => s.Status == SendStatus.Sent));
        var broken = sends.Single(s => s.Recipient == "broken@candidates.test");
        Assert.Equal(SendStatus.UnknownOutcome, broken.Status);
        Assert.Contains("socket in a bad state", broken.Reason, StringComparison.Ordinal);
        Assert.True(broken.DueAt > _rig.Time.GetUtcNow(), "checked again only after the settle time");
    }

    [Fact]
    public async Task RunOnce_SmsThenNoReply_EmailAfterDelayThenReplyWindowThenAiCall()
    {
        var (project, sms, email) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Sms, sms), Step(StepChannel.Email, email, delayMinutes: 60, StepCondition.OnlyIfNoReply));
        var ada = await _rig.CandidateAsync(project.Id, UkPhone, AdaEmail);
        await _rig.EnrolAsync(project.Id, ada.Id);

        await _rig.RunAsync();
        Assert.Equal("Hi Ada, a role with Acme Ltd?", _rig.Sandbox.Sms.Snapshot().Single().Body);
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(ada.Id));

        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(59));
        Assert.Empty(_rig.Mail.Sent);
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(ada.Id));

        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        var mail = Assert.Single(_rig.Mail.Sent);
        Assert.Equal("A role with Acme Ltd", mail.Subject);
        Assert.Equal(AdaEmail, mail.To.Mailboxes.Single().Address);
        Assert.Contains("Would a role with Acme Ltd interest you?", mail.TextBody, StringComparison.Ordinal);

        // The reply window runs from the last message step, not the first.
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(29));
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(ada.Id));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(CandidateState.AiCalling, await _rig.StateAsync(ada.Id));
        Assert.Equal(1, _rig.SmsPosts());
    }

    [Fact]
    public async Task HandleEmail_ReplyToOurEmail_RepliedAndPendingSmsStepNeverSent()
    {
        var (project, sms, email) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Email, email), Step(StepChannel.Sms, sms, delayMinutes: 120));
        var ada = await _rig.CandidateAsync(project.Id, UkPhone, AdaEmail);
        await _rig.EnrolAsync(project.Id, ada.Id);
        await _rig.RunAsync();
        var sent = Assert.Single(_rig.Mail.Sent);

        _rig.Time.Advance(TimeSpan.FromMinutes(10));
        await _rig.DeliverAsync(ReplyTo(sent, "Yes, call me Friday."));
        Assert.Equal(CandidateState.Replied, await _rig.StateAsync(ada.Id));

        await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(3));
        Assert.Equal(0, _rig.SmsPosts());
        Assert.Equal(CandidateState.Replied, await _rig.StateAsync(ada.Id));
        await using var db = await _rig.DbAsync();
        var smsStep = await db.OutreachSends.SingleAsync(s => s.StepIndex == 1);
        Assert.Equal(SendStatus.Skipped, smsStep.Status);
        Assert.Equal("Candidate replied", smsStep.Reason);
        Assert.Contains(await db.Messages.ToListAsync(), m => m.Direction == MessageDirection.Inbound && m.Body.StartsWith("Yes, call me Friday.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandleEmail_Bounce_AddressMarkedBadAndSmsStepSentWithoutWaiting()
    {
        var (project, sms, email) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Email, email), Step(StepChannel.Sms, sms, delayMinutes: 24 * 60));
        var ada = await _rig.CandidateAsync(project.Id, UkPhone, AdaEmail);
        await _rig.EnrolAsync(project.Id, ada.Id);
        await _rig.RunAsync();

        _rig.Time.Advance(TimeSpan.FromMinutes(2));
        await _rig.DeliverAsync(Bounce(Assert.Single(_rig.Mail.Sent)));
        await _rig.RunAsync();

        Assert.Equal(1, _rig.SmsPosts());
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(ada.Id));
        await using var db = await _rig.DbAsync();
        Assert.StartsWith("bounced", (await db.Candidates.SingleAsync(c => c.Id == ada.Id)).EmailProblem, StringComparison.Ordinal);
        Assert.Contains(await LedgerAsync(project.Id), r => r.Kind == LedgerKind.Bounced && r.Detail.Contains(AdaEmail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandleEmail_OutOfOfficeUntilMonday_PausedThenNextStepSentOnceAfterTheReturn()
    {
        // Issue 16: an auto-reply with a return date pauses the sequence until the day after it, then it resumes where
        // it was (ReplyFollowUpScenarioTests cover the dates in detail); before, the next step went out an hour later.
        var (project, sms, email) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Email, email), Step(StepChannel.Sms, sms, delayMinutes: 60));
        var ada = await _rig.CandidateAsync(project.Id, UkPhone, AdaEmail);
        await _rig.EnrolAsync(project.Id, ada.Id);
        await _rig.RunAsync();

        await _rig.DeliverAsync(OutOfOffice(Assert.Single(_rig.Mail.Sent)));
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(ada.Id));
        Assert.Contains(await LedgerAsync(project.Id), r => r.Kind == LedgerKind.AutoReply);

        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(60));
        Assert.Equal(0, _rig.SmsPosts());
        for (var hour = 0; hour < 24 * 9; hour++)
        {
            await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(1));
        }

        Assert.Equal(1, _rig.SmsPosts());
    }

    [Fact]
    public async Task HandleEmail_Unsubscribe_OptedOutAndAddressBlockedInAnotherProject()
    {
        var (project, _, email) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Email, email));
        var ada = await _rig.CandidateAsync(project.Id, null, AdaEmail);
        await _rig.EnrolAsync(project.Id, ada.Id);
        await _rig.RunAsync();

        await _rig.DeliverAsync(Unsubscribe(Assert.Single(_rig.Mail.Sent)));
        Assert.Equal(CandidateState.OptedOut, await _rig.StateAsync(ada.Id));

        var (other, _, otherEmail) = await _rig.ProjectAsync("Data Engineer");
        await _rig.SequenceAsync(other.Id, Step(StepChannel.Email, otherEmail));
        var again = await _rig.CandidateAsync(other.Id, null, "ADA@candidates.test");
        await _rig.EnrolAsync(other.Id, again.Id);
        await _rig.RunAsync();

        Assert.Single(_rig.Mail.Sent);
        Assert.Contains(await LedgerAsync(other.Id), r => r.Kind == LedgerKind.Skipped && r.Detail.Contains("Opted out: ada@candidates.test (unsubscribe mail", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunOnce_StopInOneProject_OtherProjectSkipsTheNumber()
    {
        _rig.Sandbox.Scripts.Set(new CandidateScript(UkPhone, CandidateBehaviour.ReplyStop, TimeSpan.FromMinutes(2)));
        var (first, _, _) = await _rig.ProjectAsync();
        var ada = await _rig.CandidateAsync(first.Id, UkPhone, null);
        await _rig.EnrolAsync(first.Id, ada.Id);
        await _rig.RunAsync();
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(CandidateState.OptedOut, await _rig.StateAsync(ada.Id));

        var (second, _, _) = await _rig.ProjectAsync("Data Engineer");
        var again = await _rig.CandidateAsync(second.Id, UkPhone, null);
        await _rig.EnrolAsync(second.Id, again.Id);
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(1, _rig.SmsPosts());
        Assert.Equal(CandidateState.Pending, await _rig.StateAsync(again.Id));
        Assert.Contains(await LedgerAsync(second.Id), r => r.Kind == LedgerKind.Skipped && r.Detail.StartsWith($"Opted out: {UkPhone} (STOP by SMS", StringComparison.Ordinal));
        var consent = await _rig.Service<ConsentService>().ListAsync(UkPhone);
        Assert.Equal(ConsentKind.OptOut, Assert.Single(consent).Kind);
    }

    [Fact]
    public async Task RunOnce_StartAfterStop_NumberReOptedInButCandidateStaysOptedOut()
    {
        _rig.Sandbox.Scripts.Set(new CandidateScript(UkPhone, CandidateBehaviour.ReplyStop, TimeSpan.FromMinutes(2)));
        var (first, _, _) = await _rig.ProjectAsync();
        var ada = await _rig.CandidateAsync(first.Id, UkPhone, null);
        await _rig.EnrolAsync(first.Id, ada.Id);
        await _rig.RunAsync();
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(2));

        _rig.Sandbox.Sms.AddInbound(UkPhone, EngineRig.OurNumber, "start");
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(CandidateState.OptedOut, await _rig.StateAsync(ada.Id));
        var consent = await _rig.Service<ConsentService>().ListAsync(UkPhone);
        Assert.Equal([ConsentKind.OptIn, ConsentKind.OptOut], consent.Select(c => c.Kind));
        Assert.Equal(ConsentSource.StartKeyword, consent[0].Source);
        Assert.Contains(await LedgerAsync(first.Id), r => r.Kind == LedgerKind.OptedIn);

        var (second, _, _) = await _rig.ProjectAsync("Data Engineer");
        var again = await _rig.CandidateAsync(second.Id, UkPhone, null);
        await _rig.EnrolAsync(second.Id, again.Id);
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(2, _rig.SmsPosts());
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(again.Id));
    }

    [Fact]
    public async Task RunOnce_OnlyIfHasEmailWithoutEmail_SkippedWithReasonAndSmsSentAtOnce()
    {
        var (project, sms, email) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Email, email, condition: StepCondition.OnlyIfHasEmail), Step(StepChannel.Sms, sms));
        var ada = await _rig.CandidateAsync(project.Id, UkPhone, null);
        await _rig.EnrolAsync(project.Id, ada.Id);

        await _rig.RunAsync();
        await _rig.RunAsync();

        Assert.Empty(_rig.Mail.Sent);
        Assert.Equal(1, _rig.SmsPosts());
        var steps = await _rig.Service<SequenceProgress>().ForCandidateAsync(project.Id, ada.Id) ?? [];
        Assert.Equal([StepProgressStatus.Skipped, StepProgressStatus.Sent], steps.Select(s => s.Status));
        Assert.Equal("Condition not met: only if the candidate has an email address", steps[0].Reason);
    }

    [Fact]
    public async Task UpdateSequence_AfterFirstStepSent_StepNotSentAgainAndNewCandidatesGetTheNewSteps()
    {
        var (project, sms, email) = await _rig.ProjectAsync();
        var sequence = await _rig.SequenceAsync(project.Id, Step(StepChannel.Sms, sms), Step(StepChannel.Email, email, delayMinutes: 60));
        var ada = await _rig.CandidateAsync(project.Id, UkPhone, AdaEmail);
        await _rig.EnrolAsync(project.Id, ada.Id);
        await _rig.RunAsync();

        // The recruiter puts a new opening SMS in front; the existing steps keep their ids.
        var opener = await _rig.Service<TemplateService>().CreateAsync(new TemplateInput { ProjectId = project.Id, Name = "Opener", Channel = MessageChannel.Sms, Body = "Opener for {{ candidate.first_name }}" });
        var kept = sequence.Steps;
        await _rig.Service<SequenceService>().UpdateAsync(project.Id, sequence.Id, new SequenceInput
        {
            Name = "Main",
            IsDefault = true,
            Steps =
            [
                Step(StepChannel.Sms, opener.Id),
                new() { Id = kept[0].Id, Channel = StepChannel.Sms, TemplateId = sms },
                new() { Id = kept[1].Id, Channel = StepChannel.Email, TemplateId = email, DelayMinutes = 60 },
            ],
        });
        var grace = await _rig.CandidateAsync(project.Id, "+447700900456", "grace@candidates.test", "Grace Hopper");
        await _rig.EnrolAsync(project.Id, grace.Id);
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(60));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(["Hi Ada, a role with Acme Ltd?"], _rig.Sandbox.Sms.Snapshot().Where(m => m.To == UkPhone).Select(m => m.Body));
        Assert.Equal(["Opener for Grace", "Hi Grace, a role with Acme Ltd?"], _rig.Sandbox.Sms.Snapshot().Where(m => m.To == "+447700900456").Select(m => m.Body));
        Assert.Equal(1, _rig.Mail.Sent.Count(m => m.To.Mailboxes.Single().Address == AdaEmail));
        Assert.Equal(1, _rig.Mail.Sent.Count(m => m.To.Mailboxes.Single().Address == "grace@candidates.test"));
    }

    [Fact]
    public async Task RunOnce_AiCallStepAfterSms_HandsOverWhenDue()
    {
        var (project, sms, _) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Sms, sms), Step(StepChannel.AiCall, null, delayMinutes: 10));
        var ada = await _rig.CandidateAsync(project.Id, UkPhone, null);
        await _rig.EnrolAsync(project.Id, ada.Id);
        await _rig.RunAsync();

        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(9));
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(ada.Id));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(CandidateState.AiCalling, await _rig.StateAsync(ada.Id));

        // The reply window had nothing left to time out.
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(30));
        await using var db = await _rig.DbAsync();
        Assert.NotNull((await db.OutreachTimers.SingleAsync()).CancelledAt);
    }
}

public sealed class SequenceScenarioSqliteTests() : SequenceScenarioTests(DatabaseProvider.Sqlite);

public sealed class SequenceScenarioPostgresTests() : SequenceScenarioTests(DatabaseProvider.Postgres);
