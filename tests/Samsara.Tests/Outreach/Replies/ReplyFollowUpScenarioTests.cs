using Microsoft.EntityFrameworkCore;
using MimeKit;
using Samsara.Core;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Replies;
using Samsara.Core.Outreach.Sequences;
using Samsara.Tests.Outreach.Engine;
using static Samsara.Tests.Outreach.Engine.EngineRigSequences;

namespace Samsara.Tests.Outreach.Replies;

/// <summary>
/// Issue 16: what "not now", out-of-office, wrong person and opt-out replies leave for later, end to end through the
/// engine, the sandbox and the fake clock (the rig starts Tue 24 Nov 2026 10:00 UTC; the candidate is in London).
/// </summary>
public abstract class ReplyFollowUpScenarioTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Phone = "+447700900123";
    private const string Email = "ada@candidates.test";
    private EngineRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await EngineRig.StartAsync(provider);

    public async ValueTask DisposeAsync() => await _rig.DisposeAsync();

    private IReadOnlyList<string> TextsSent() =>
        [.. _rig.Sandbox.Sms.Snapshot().Where(m => m.Direction != "inbound").OrderBy(m => m.CreatedAt).Select(m => m.Body)];

    private async Task<OutreachSequence> SequenceOfAsync(Guid candidateId)
    {
        await using var db = await _rig.DbAsync();
        return await db.OutreachSequences.AsNoTracking().SingleAsync(s => s.CandidateId == candidateId);
    }

    private async Task AdvanceToAsync(DateTimeOffset at)
    {
        _rig.Time.SetUtcNow(at);
        await _rig.RunAsync();
    }

    [Fact]
    public async Task InboundSms_NotNowTryMeInJanuary_PausedThenCheckedBackOnTheFirstInsideAllowedHours()
    {
        var (project, sms, email) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Sms, sms), Step(StepChannel.Email, email, delayMinutes: 60));
        var ada = await _rig.CandidateAsync(project.Id, Phone, Email);
        await _rig.EnrolAsync(project.Id, ada.Id);
        await _rig.RunAsync();

        _rig.Sandbox.Sms.AddInbound(Phone, EngineRig.OurNumber, "Not now, try me in January");
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(3));

        var paused = await SequenceOfAsync(ada.Id);
        Assert.Equal((CandidateState.AwaitingReply, true), (paused.Status, paused.IsPaused));
        Assert.Empty(_rig.Mail.Sent);
        Assert.Single(TextsSent());

        // New Year's Day before 08:00 in London is still quiet hours: nothing yet.
        await AdvanceToAsync(new DateTimeOffset(2027, 1, 1, 7, 30, 0, TimeSpan.Zero));
        Assert.Single(TextsSent());

        await AdvanceToAsync(new DateTimeOffset(2027, 1, 1, 8, 1, 0, TimeSpan.Zero));
        var texts = TextsSent();
        Assert.Equal(2, texts.Count);
        Assert.Contains("checking back", texts[1], StringComparison.OrdinalIgnoreCase);
        Assert.False((await SequenceOfAsync(ada.Id)).IsPaused);
        Assert.Empty(_rig.Mail.Sent);

        // Sent once: later passes do not repeat it.
        await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(1));
        Assert.Equal(2, TextsSent().Count);
    }

    [Fact]
    public async Task InboundSms_NotNowWithoutADate_CheckedBackThirtyDaysLater()
    {
        var (project, sms, _) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Sms, sms));
        var ada = await _rig.CandidateAsync(project.Id, Phone, Email);
        await _rig.EnrolAsync(project.Id, ada.Id);
        await _rig.RunAsync();

        _rig.Sandbox.Sms.AddInbound(Phone, EngineRig.OurNumber, "not right now");
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));

        await AdvanceToAsync(new DateTimeOffset(2026, 12, 23, 12, 0, 0, TimeSpan.Zero));
        Assert.Single(TextsSent());
        await AdvanceToAsync(new DateTimeOffset(2026, 12, 24, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(2, TextsSent().Count);
    }

    [Fact]
    public async Task HandleEmail_OutOfOfficeWithReturnDate_PausedUntilTheDayAfterThenResumesWhereItWas()
    {
        var (project, sms, email) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Email, email), Step(StepChannel.Sms, sms, delayMinutes: 120));
        var ada = await _rig.CandidateAsync(project.Id, Phone, Email);
        await _rig.EnrolAsync(project.Id, ada.Id);
        await _rig.RunAsync();

        var auto = ReplyTo(Assert.Single(_rig.Mail.Sent), "Thank you for your email. I am currently on annual leave and will return on 10 December 2026.");
        auto.Subject = "Automatic reply: " + auto.Subject;
        auto.Headers.Add("Auto-Submitted", "auto-replied");
        await _rig.DeliverAsync(auto);

        Assert.True((await SequenceOfAsync(ada.Id)).IsPaused);
        await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(3));
        await AdvanceToAsync(new DateTimeOffset(2026, 12, 10, 20, 0, 0, TimeSpan.Zero));
        Assert.Empty(TextsSent());

        // Resumed at midnight after the return day; the SMS step keeps its two hours, then waits for 08:00 in London.
        await AdvanceToAsync(new DateTimeOffset(2026, 12, 11, 9, 0, 0, TimeSpan.Zero));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(2));
        var resumed = await SequenceOfAsync(ada.Id);
        Assert.False(resumed.IsPaused);
        Assert.Equal(CandidateState.AwaitingReply, resumed.Status);
        Assert.Single(TextsSent());
        await using var db = await _rig.DbAsync();
        Assert.Equal(ReplyIntent.OutOfOffice, (await db.Messages.SingleAsync(m => m.Direction == MessageDirection.Inbound)).Intent);
    }

    [Fact]
    public async Task InboundSms_WrongPerson_NumberMarkedForTheCandidateAndOnlyTheEmailGoes()
    {
        var (project, sms, email) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id,
            Step(StepChannel.Sms, sms), Step(StepChannel.Sms, sms, delayMinutes: 30), Step(StepChannel.Email, email, delayMinutes: 60));
        var ada = await _rig.CandidateAsync(project.Id, Phone, Email);
        await _rig.EnrolAsync(project.Id, ada.Id);
        await _rig.RunAsync();

        _rig.Sandbox.Sms.AddInbound(Phone, EngineRig.OurNumber, "You have the wrong person");
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 3; i++)
        {
            await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(30));
        }

        Assert.Single(TextsSent());
        Assert.Single(_rig.Mail.Sent);
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(ada.Id));
        await using var db = await _rig.DbAsync();
        Assert.StartsWith("Wrong person", (await db.Candidates.SingleAsync(c => c.Id == ada.Id)).PhoneProblem);
        Assert.Contains(await db.OutreachLedger.Select(e => e.Detail).ToListAsync(), d => d.Contains("is unusable: Wrong person", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InboundSms_OptOutInWords_OneConfirmationTextedOnlyOnce()
    {
        var (project, sms, email) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Sms, sms), Step(StepChannel.Email, email, delayMinutes: 60));
        var ada = await _rig.CandidateAsync(project.Id, Phone, Email);
        await _rig.EnrolAsync(project.Id, ada.Id);
        await _rig.RunAsync();

        _rig.Sandbox.Sms.AddInbound(Phone, EngineRig.OurNumber, "please stop texting me");
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        _rig.Sandbox.Sms.AddInbound(Phone, EngineRig.OurNumber, "I said stop texting me!!");
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(2));

        var texts = TextsSent();
        Assert.Equal(2, texts.Count);
        Assert.Contains("You won't hear from us again", texts[1], StringComparison.Ordinal);
        Assert.Empty(_rig.Mail.Sent);
        Assert.Equal(CandidateState.OptedOut, await _rig.StateAsync(ada.Id));
    }

    [Fact]
    public async Task InboundSms_StopKeyword_NoConfirmationFromUsBecauseTwilioSendsItsOwn()
    {
        var (project, sms, _) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Sms, sms));
        var ada = await _rig.CandidateAsync(project.Id, Phone, Email);
        await _rig.EnrolAsync(project.Id, ada.Id);
        await _rig.RunAsync();

        _rig.Sandbox.Sms.AddInbound(Phone, EngineRig.OurNumber, "STOP");
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(10));

        Assert.Single(TextsSent());
        Assert.Equal(CandidateState.OptedOut, await _rig.StateAsync(ada.Id));
    }

    [Fact]
    public async Task HandleEmail_OptOutInWords_OneConfirmationEmail()
    {
        var (project, sms, email) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Email, email), Step(StepChannel.Sms, sms, delayMinutes: 120));
        var ada = await _rig.CandidateAsync(project.Id, Phone, Email);
        await _rig.EnrolAsync(project.Id, ada.Id);
        await _rig.RunAsync();

        await _rig.DeliverAsync(ReplyTo(Assert.Single(_rig.Mail.Sent), "Please remove me from your list."));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(3));

        Assert.Equal(2, _rig.Mail.Sent.Count);
        Assert.Contains("You won't hear from us again", _rig.Mail.Sent[1].TextBody, StringComparison.Ordinal);
        Assert.Equal(Email, ((MailboxAddress)_rig.Mail.Sent[1].To.Single()).Address);
        Assert.Empty(TextsSent());
    }

    [Fact]
    public async Task InboundSms_UnsureNotNow_NeitherPausedNorCheckedBack()
    {
        var (project, sms, _) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Sms, sms));
        var ada = await _rig.CandidateAsync(project.Id, Phone, Email);
        await _rig.EnrolAsync(project.Id, ada.Id);
        await _rig.RunAsync();

        _rig.Sandbox.Sms.AddInbound(Phone, EngineRig.OurNumber, "hmm, really?");
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));

        var sequence = await SequenceOfAsync(ada.Id);
        Assert.Equal((CandidateState.Replied, false), (sequence.Status, sequence.IsPaused));
        await using var db = await _rig.DbAsync();
        Assert.Empty(await db.ReplyFollowUps.ToListAsync());
    }
}

public sealed class ReplyFollowUpScenarioSqliteTests() : ReplyFollowUpScenarioTests(DatabaseProvider.Sqlite);

public sealed class ReplyFollowUpScenarioPostgresTests() : ReplyFollowUpScenarioTests(DatabaseProvider.Postgres);
