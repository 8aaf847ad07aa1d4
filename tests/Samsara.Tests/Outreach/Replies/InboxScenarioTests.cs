using Microsoft.EntityFrameworkCore;
using Samsara.Core;
using Samsara.Core.Common;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Outreach.Inbox;
using Samsara.Core.Outreach.Replies;
using Samsara.Core.Outreach.Sequences;
using Samsara.Core.Templates;
using Samsara.Tests.Outreach.Engine;
using static Samsara.Tests.Outreach.Engine.EngineRigSequences;

namespace Samsara.Tests.Outreach.Replies;

/// <summary>
/// Issue 16: the recruiter's inbox and one-click intent corrections, on both databases: corrections re-run what the new
/// intent does (taking back an opt-out only when confirmed, recorded as the recruiter's), and answers go out through
/// the engine's passes with their ledger lines.
/// </summary>
public abstract class InboxScenarioTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Phone = "+447700900123";
    private const string Email = "ada@candidates.test";
    private EngineRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await EngineRig.StartAsync(provider);

    public async ValueTask DisposeAsync() => await _rig.DisposeAsync();

    private InboxService Inbox => _rig.Service<InboxService>();

    private IReadOnlyList<string> TextsSent() =>
        [.. _rig.Sandbox.Sms.Snapshot().Where(m => m.Direction != "inbound").OrderBy(m => m.CreatedAt).Select(m => m.Body)];

    /// <summary>A project texting <paramref name="count"/> candidates (+447700900100, …101, …), all enrolled and texted.</summary>
    private async Task<(Guid Project, List<Guid> Candidates)> TextedAsync(int count = 1, string name = "Senior Backend Engineer")
    {
        var (project, sms, email) = await _rig.ProjectAsync(name);
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Sms, sms), Step(StepChannel.Email, email, delayMinutes: 60));
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var candidate = await _rig.CandidateAsync(project.Id, count == 1 ? Phone : $"+4477009001{i:00}", count == 1 ? Email : $"c{i}@candidates.test", $"Candidate {i}");
            await _rig.EnrolAsync(project.Id, candidate.Id);
            ids.Add(candidate.Id);
        }

        await _rig.RunAsync();
        return (project.Id, ids);
    }

    private async Task<Message> ReplyAsync(string text, string from = Phone)
    {
        _rig.Sandbox.Sms.AddInbound(from, EngineRig.OurNumber, text);
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        await using var db = await _rig.DbAsync();
        return await db.Messages.Where(m => m.Direction == MessageDirection.Inbound).OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).FirstAsync();
    }

    [Fact]
    public async Task CorrectAsync_UnsureQuestionReadAsNotNow_PausedAndCheckBackPlanned()
    {
        var (_, candidates) = await TextedAsync();
        var reply = await ReplyAsync("hmm, really?");
        Assert.Equal(CandidateState.Replied, await _rig.StateAsync(candidates[0]));

        var result = await Inbox.CorrectAsync(reply.Id, new IntentCorrection(ReplyIntent.NotNow), "rita");

        Assert.Equal(CorrectionOutcome.Corrected, result.Outcome);
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(candidates[0]));
        await using var db = await _rig.DbAsync();
        Assert.True((await db.OutreachSequences.SingleAsync(s => s.CandidateId == candidates[0])).IsPaused);
        var checkBack = await db.ReplyFollowUps.SingleAsync();
        Assert.Equal((ReplyFollowUpKind.CheckingBack, ReplyFollowUpStatus.Pending), (checkBack.Kind, checkBack.Status));
        Assert.InRange(checkBack.DueAt, EngineRig.Start.AddDays(29), EngineRig.Start.AddDays(31));
        var stored = await db.Messages.SingleAsync(m => m.Id == reply.Id);
        Assert.Equal((ReplyIntent.NotNow, "rita", 1.0), (stored.Intent, stored.IntentCorrectedBy, stored.IntentConfidence));
    }

    [Fact]
    public async Task CorrectAsync_OptOutTakenBack_NeedsConfirmationThenOptInByTheRecruiterAndStatesRestored()
    {
        var (_, first) = await TextedAsync();
        var (_, second) = await TextedAsync(name: "Data Engineer");
        // Same person (phone and address) enrolled in a second project.
        await ReplyAsync("stop texting me");
        Message reply;
        await using (var db = await _rig.DbAsync())
        {
            // The reply is stored on both enrolments; the recruiter corrects the one in the first project.
            reply = await db.Messages.SingleAsync(m => m.Direction == MessageDirection.Inbound
                && db.OutreachSequences.Any(s => s.Id == m.SequenceId && s.CandidateId == first[0]));
        }

        Assert.Equal(CandidateState.OptedOut, await _rig.StateAsync(first[0]));
        Assert.Equal(CandidateState.OptedOut, await _rig.StateAsync(second[0]));

        _rig.Time.Advance(TimeSpan.FromMinutes(5));
        var refused = await Inbox.CorrectAsync(reply.Id, new IntentCorrection(ReplyIntent.Interested), "rita");
        Assert.Equal(CorrectionOutcome.NeedsConfirmation, refused.Outcome);
        Assert.Equal(CandidateState.OptedOut, await _rig.StateAsync(first[0]));
        var consent = _rig.Service<ConsentService>();
        Assert.Equal(ConsentKind.OptOut, (await consent.ListAsync(Phone))[0].Kind);

        var done = await Inbox.CorrectAsync(reply.Id, new IntentCorrection(ReplyIntent.Interested, ConfirmOptIn: true), "rita");

        Assert.Equal(CorrectionOutcome.Corrected, done.Outcome);
        Assert.Equal(CandidateState.Replied, await _rig.StateAsync(first[0]));
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(second[0]));
        foreach (var contact in new[] { Phone, Email })
        {
            var latest = (await consent.ListAsync(contact))[0];
            Assert.Equal((ConsentKind.OptIn, ConsentSource.RecruiterClick), (latest.Kind, latest.Source));
            Assert.Contains("rita", latest.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CorrectAsync_InterestedReadAsOptOut_OptedOutEverywhereAsTheRecruitersAction()
    {
        var (_, candidates) = await TextedAsync();
        var reply = await ReplyAsync("Sounds good, tell me more");
        Assert.Equal(CandidateState.Replied, await _rig.StateAsync(candidates[0]));

        await Inbox.CorrectAsync(reply.Id, new IntentCorrection(ReplyIntent.OptOut), "rita");
        await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(2));

        Assert.Equal(CandidateState.OptedOut, await _rig.StateAsync(candidates[0]));
        var entry = (await _rig.Service<ConsentService>().ListAsync(Email)).Single();
        Assert.Equal((ConsentKind.OptOut, ConsentSource.RecruiterClick), (entry.Kind, entry.Source));
        Assert.Empty(_rig.Mail.Sent);
    }

    [Fact]
    public async Task CorrectAsync_NotInterestedReadAsQuestion_BackFromWithdrawnToReplied()
    {
        var (_, candidates) = await TextedAsync();
        var reply = await ReplyAsync("Thanks but I'm happy where I am");
        Assert.Equal(CandidateState.Withdrawn, await _rig.StateAsync(candidates[0]));

        await Inbox.CorrectAsync(reply.Id, new IntentCorrection(ReplyIntent.Question), "rita");

        Assert.Equal(CandidateState.Replied, await _rig.StateAsync(candidates[0]));
    }

    [Fact]
    public async Task ListAsync_RepliesAcrossCandidates_UnreadFirstFilteredAndCounted()
    {
        var (project, candidates) = await TextedAsync(3);
        await ReplyAsync("Sounds good, tell me more", "+447700900100");
        await ReplyAsync("What's the salary?", "+447700900101");
        await ReplyAsync("not right now", "+447700900102");

        var all = await Inbox.ListAsync(new InboxQuery(project));
        Assert.Equal((3, 3), (all.Total, all.Unread));
        Assert.Equal(["Candidate 2", "Candidate 1", "Candidate 0"], all.Items.Select(i => i.CandidateName));
        Assert.All(all.Items, i => Assert.Equal("Hi Candidate, a role with Acme Ltd?", i.LastSent?.Snippet));

        // Opening a conversation reads it; it sinks below the unread ones.
        await Inbox.ThreadAsync(all.Items[0].SequenceId, markRead: true);
        var after = await Inbox.ListAsync(new InboxQuery(project));
        Assert.Equal(2, after.Unread);
        Assert.Equal("Candidate 2", after.Items[^1].CandidateName);
        Assert.Equal(2, await Inbox.UnreadAsync(project));
        Assert.Equal(2, await Inbox.UnreadAsync());

        var questions = await Inbox.ListAsync(new InboxQuery(project, Intent: ReplyIntent.Question));
        Assert.Equal("Candidate 1", Assert.Single(questions.Items).CandidateName);
        Assert.Empty((await Inbox.ListAsync(new InboxQuery(project, Channel: MessageChannel.Email))).Items);

        await Inbox.MarkDoneAsync(questions.Items[0].SequenceId);
        var open = await Inbox.ListAsync(new InboxQuery(project));
        Assert.Equal((2, 1), (open.Total, open.Unread));
        Assert.Equal(3, (await Inbox.ListAsync(new InboxQuery(project, IncludeDone: true))).Total);
        Assert.Equal(candidates.Count, (await Inbox.ListAsync(new InboxQuery(IncludeDone: true))).Total);
    }

    [Fact]
    public async Task AnswerAsync_SmsAndEmail_SentByTheEnginePassWithLedgerAndShownInTheThread()
    {
        var (project, candidates) = await TextedAsync();
        await ReplyAsync("What's the salary?");
        var sequenceId = (await Inbox.ListAsync(new InboxQuery(project))).Items.Single().SequenceId;

        _rig.Time.Advance(TimeSpan.FromMinutes(1));
        await Inbox.AnswerAsync(sequenceId, new AnswerRequest(MessageChannel.Sms, "Between 70 and 80k. <b>Call?</b> {{ candidate.first_name }}"), "rita");
        await Inbox.AnswerAsync(sequenceId, new AnswerRequest(MessageChannel.Email, "Details attached in the next mail."), "rita");
        await _rig.RunAsync();

        Assert.Equal("Between 70 and 80k. <b>Call?</b> {{ candidate.first_name }}", TextsSent()[^1]);
        var mail = Assert.Single(_rig.Mail.Sent);
        Assert.Equal("Senior Backend Engineer", mail.Subject);
        var thread = (await Inbox.ThreadAsync(sequenceId, markRead: false))!;
        Assert.Equal([MessageDirection.Outbound, MessageDirection.Inbound], thread.Messages.Take(2).Select(m => m.Direction));
        Assert.Equal([MessageChannel.Sms, MessageChannel.Email], thread.Messages.Skip(2).Where(m => m.Direction == MessageDirection.Outbound).Select(m => m.Channel).Order());
        Assert.All(thread.Messages.Where(m => m.Direction == MessageDirection.Outbound), m => Assert.Equal(MessageStatus.Sent, m.Status));
        Assert.Empty(thread.Pending);
        await using var db = await _rig.DbAsync();
        Assert.Equal(2, await db.OutreachLedger.CountAsync(e => e.Kind == LedgerKind.Sent && e.Detail.StartsWith("Answer from rita")));
        // Answered means read; the conversation stays until the recruiter marks it done.
        Assert.False(Assert.Single((await Inbox.ListAsync(new InboxQuery(project))).Items).Unread);
        Assert.Equal(CandidateState.Replied, await _rig.StateAsync(candidates[0]));
    }

    [Fact]
    public async Task AnswerAsync_OutsideAllowedHoursAtTheirMorning_WaitsUntil0800TheirTime()
    {
        var (project, _) = await TextedAsync();
        await ReplyAsync("What's the salary?");
        var sequenceId = (await Inbox.ListAsync(new InboxQuery(project))).Items.Single().SequenceId;
        _rig.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 22, 30, 0, TimeSpan.Zero));

        var thread = (await Inbox.ThreadAsync(sequenceId, markRead: false))!;
        Assert.Equal((false, "22:30", "08:00"), (thread.Hours.AllowedNow, thread.Hours.LocalTime, thread.Hours.NextAllowedLocal));
        var queued = (await Inbox.AnswerAsync(sequenceId, new AnswerRequest(MessageChannel.Sms, "Around 75k."), "rita", TestContext.Current.CancellationToken))!;
        Assert.Equal(_rig.Time.GetUtcNow(), queued.DueAt);
        var waiting = (await Inbox.AnswerAsync(sequenceId, new AnswerRequest(MessageChannel.Sms, "Around 75k.", AtAllowedHours: true), "rita"))!;
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero), waiting.DueAt);

        await _rig.RunAsync();
        Assert.Equal(1, TextsSent().Count(t => t == "Around 75k."));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(9));
        Assert.Equal(1, TextsSent().Count(t => t == "Around 75k."));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(1));
        Assert.Equal(2, TextsSent().Count(t => t == "Around 75k."));
    }

    [Fact]
    public async Task AnswerAsync_OptedOutOrEmpty_RefusedNamingTheField()
    {
        var (project, _) = await TextedAsync();
        await ReplyAsync("stop texting me");
        var sequenceId = (await Inbox.ListAsync(new InboxQuery(project))).Items.Single().SequenceId;

        var optedOut = await Assert.ThrowsAsync<InputValidationException>(() => Inbox.AnswerAsync(sequenceId, new AnswerRequest(MessageChannel.Email, "Sorry!"), "rita"));
        Assert.Contains("Opted out", Assert.Single(optedOut.Errors["channel"]), StringComparison.Ordinal);
        var empty = await Assert.ThrowsAsync<InputValidationException>(() => Inbox.AnswerAsync(sequenceId, new AnswerRequest(MessageChannel.Sms, "  "), "rita"));
        Assert.True(empty.Errors.ContainsKey("body"));
    }
}

public sealed class InboxScenarioSqliteTests() : InboxScenarioTests(DatabaseProvider.Sqlite);

public sealed class InboxScenarioPostgresTests() : InboxScenarioTests(DatabaseProvider.Postgres);
