using System.Text;
using Ical.Net;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Samsara.Core;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Listing;
using Samsara.Core.Scheduling;
using Samsara.Core.Scheduling.Notices;
using Samsara.Core.Scheduling.Offers;
using Samsara.Core.Templates;
using Samsara.Tests.Outreach.Engine;
using static Samsara.Tests.Outreach.Engine.EngineRigSequences;

namespace Samsara.Tests.Scheduling;

/// <summary>
/// Issue 14, "Offer times" and what a booking sends, through the engine's passes against the sandbox, on each
/// database. The rig starts on Tuesday 24 November 2026, 10:00 UTC; the recruiter is in London (09:00-17:00, 30-minute
/// slots), the candidate in Paris (one hour ahead).
/// </summary>
public abstract class OfferTimesScenarioTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Phone = "+33612345678";
    private const string Email = "ana@candidates.test";
    private static readonly DateTimeOffset Wednesday0900 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private EngineRig _rig = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _rig = await EngineRig.StartAsync(provider);

    public async ValueTask DisposeAsync() => await _rig.DisposeAsync();

    private async Task<(Guid Project, Guid Candidate)> RepliedAsync(string name = "Ana Lima", string? phone = Phone, string? email = Email, Guid? projectId = null)
    {
        projectId ??= (await _rig.ProjectAsync()).Project.Id;
        var candidate = await _rig.CandidateAsync(projectId.Value, phone, email, name);
        var outreach = _rig.Service<OutreachService>();
        await outreach.EnrolAsync(projectId.Value, new EnrolRequest([candidate.Id]), "test");
        foreach (var state in new[] { CandidateState.OutreachSent, CandidateState.AwaitingReply, CandidateState.Replied })
        {
            Assert.Equal(TransitionOutcome.Moved, (await outreach.TransitionAsync(projectId.Value, candidate.Id, state, "for the test", "test", Ct)).Outcome);
        }

        return (projectId.Value, candidate.Id);
    }

    private IReadOnlyList<string> SmsTo(string phone) =>
        [.. _rig.Sandbox.Sms.Snapshot().Where(m => m.Direction != "inbound" && m.To == phone).OrderBy(m => m.CreatedAt).Select(m => m.Body)];

    private async Task<IReadOnlyList<RecruiterCallView>> CallsAsync(Guid projectId) => (await _rig.Service<RecruiterCallService>().ListAsync(projectId, ct: Ct))!;

    private static Calendar Invite(MimeMessage mail)
    {
        var part = Assert.Single(mail.Attachments.OfType<MimePart>(), a => a.FileName == CallInvite.FileName);
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return Calendar.Load(Encoding.UTF8.GetString(stream.ToArray()))!;
    }

    [Fact]
    public async Task OfferTimes_CandidateTextsTwo_BookedInBothZonesConfirmedBySmsAndEmailWithInvite()
    {
        var (projectId, candidateId) = await RepliedAsync();

        var offer = await _rig.Service<OfferService>().OfferAsync(projectId, candidateId, RecruiterCalendar.DefaultRecruiter, MessageChannel.Sms, "recruiter", ct: Ct);
        await _rig.RunAsync();

        Assert.Equal(OfferOutcome.Queued, offer.Outcome);
        Assert.Equal(CandidateState.Scheduling, await _rig.StateAsync(candidateId));
        // One time on each of the next three days, none sooner than two hours away, written in Paris time.
        var text = Assert.Single(SmsTo(Phone));
        Assert.Contains("Reply 1 for Tue 24 Nov 13:00, 2 for Wed 25 Nov 10:00 or 3 for Thu 26 Nov 10:00 (Paris time)", text);
        Assert.DoesNotContain(await _rig.Service<OutreachListing>().NeedsYouAsync(projectId, ct: Ct), i => i.CandidateId == candidateId);

        _rig.Sandbox.Sms.AddInbound(Phone, EngineRig.OurNumber, "2");
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(CandidateState.Scheduled, await _rig.StateAsync(candidateId));
        var call = Assert.Single(await CallsAsync(projectId));
        Assert.Equal((Wednesday0900, "Europe/London", "Europe/Paris"), (call.StartsAt, call.RecruiterTimeZone, call.CandidateTimeZone));
        Assert.Equal((9, 10), (call.RecruiterLocal.Hour, call.CandidateLocal.Hour));
        Assert.Contains("Booked: our 30-minute call about Senior Backend Engineer is on Wed 25 Nov 10:00 (Paris time).", SmsTo(Phone)[^1]);
        var mail = Assert.Single(_rig.Mail.Sent);
        Assert.Equal(Email, mail.To.Mailboxes.Single().Address);
        Assert.Contains("booked for Wed 25 Nov 10:00 (Paris time)", mail.TextBody);
        var invite = Invite(mail);
        Assert.Equal("REQUEST", invite.Method);
        var e = Assert.Single(invite.Events);
        Assert.Equal((Wednesday0900.UtcDateTime, Wednesday0900.AddMinutes(30).UtcDateTime), (e.DtStart!.AsUtc, e.DtEnd!.AsUtc));
        Assert.Equal((CallInvite.Uid(call.Id), 0, "CONFIRMED"), (e.Uid, e.Sequence, e.Status));
        Assert.Equal("mailto:" + Email, Assert.Single(e.Attendees).Value!.ToString());
        // The slot is held: it is not offered or bookable again.
        Assert.DoesNotContain(Wednesday0900, await _rig.Service<CalendarService>().FreeSlotsAsync(RecruiterCalendar.DefaultRecruiter, ct: Ct));
    }

    [Fact]
    public async Task OfferReplyAndConfirmation_EverySchedulingMessageAndTheTextedAnswer_OneUsageRowEachOnTheCandidate()
    {
        var (projectId, candidateId) = await RepliedAsync();
        await _rig.Service<OfferService>().OfferAsync(projectId, candidateId, RecruiterCalendar.DefaultRecruiter, MessageChannel.Sms, "recruiter", ct: Ct);
        await _rig.RunAsync();
        _rig.Sandbox.Sms.AddInbound(Phone, EngineRig.OurNumber, "2");
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(CandidateState.Scheduled, await _rig.StateAsync(candidateId));

        await using var db = await _rig.DbAsync();
        var sequenceId = await db.OutreachSequences.Where(s => s.CandidateId == candidateId).Select(s => s.Id).SingleAsync(Ct);
        var messages = await db.Messages.AsNoTracking().Where(m => m.SequenceId == sequenceId && m.ProviderMessageId != null).ToListAsync(Ct);
        // The offer text, the "2" it answered with, and the confirmation by text and by email.
        Assert.Equal(
            [(MessageChannel.Sms, MessageDirection.Outbound), (MessageChannel.Sms, MessageDirection.Outbound), (MessageChannel.Sms, MessageDirection.Inbound), (MessageChannel.Email, MessageDirection.Outbound)],
            messages.Select(m => (m.Channel, m.Direction)).Order());
        var usage = await db.UsageEvents.AsNoTracking().Where(u => messages.Select(m => m.ProviderMessageId).Contains(u.ProviderRef)).ToListAsync(Ct);
        Assert.Equal(
            messages.Select(m => (m.ProviderMessageId, m.Channel == MessageChannel.Sms ? Samsara.Core.Usage.UsageKind.Sms : Samsara.Core.Usage.UsageKind.Email, (Guid?)m.Id)).Order(),
            usage.Select(u => (u.ProviderRef, u.Kind, u.ReferenceId)).Order());
        Assert.All(usage, u => Assert.Equal(((Guid?)projectId, (Guid?)candidateId), (u.ProjectId, u.CandidateId)));
        Assert.Equal(("twilio", 1m), usage.Where(u => u.ReferenceId == messages.Single(m => m.Direction == MessageDirection.Inbound).Id).Select(u => (u.Provider, u.Quantity)).Single());

        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(usage.Count, await db.UsageEvents.CountAsync(u => messages.Select(m => m.ProviderMessageId).Contains(u.ProviderRef), Ct));
    }

    [Fact]
    public async Task OfferTimesByEmail_AmbiguousAnswerThenAnOrdinal_NeedsYouThenBookedTheThird()
    {
        var (projectId, candidateId) = await RepliedAsync(phone: null);

        await _rig.Service<OfferService>().OfferAsync(projectId, candidateId, RecruiterCalendar.DefaultRecruiter, channel: null, "recruiter", ct: Ct);
        await _rig.RunAsync();
        var offerMail = Assert.Single(_rig.Mail.Sent);
        Assert.Contains("reply with 1 for Tue 24 Nov 12:00, 2 for Wed 25 Nov 09:00 or 3 for Thu 26 Nov 09:00 (London time)", offerMail.TextBody);

        _rig.Time.Advance(TimeSpan.FromMinutes(3));
        await _rig.DeliverAsync(ReplyTo(offerMail, "None of those work for me, sorry. Could we do next week?"));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(CandidateState.Scheduling, await _rig.StateAsync(candidateId));
        Assert.Empty(await CallsAsync(projectId));
        var needs = Assert.Single(await _rig.Service<OutreachListing>().NeedsYouAsync(projectId, ct: Ct), i => i.CandidateId == candidateId);
        Assert.Contains("without picking one", needs.Why);
        await using (var db = await _rig.DbAsync())
        {
            Assert.Contains(await db.OutreachLedger.Select(l => l.Detail).ToListAsync(Ct), d => d.Contains("needs you") && d.Contains("None of those work"));
        }

        await _rig.DeliverAsync(ReplyTo(offerMail, "Actually the third one is fine"));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(CandidateState.Scheduled, await _rig.StateAsync(candidateId));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero), Assert.Single(await CallsAsync(projectId)).StartsAt);
        // No phone: the confirmation goes by email only, with the invite.
        Assert.Equal("REQUEST", Invite(_rig.Mail.Sent[^1]).Method);
        Assert.Equal(2, _rig.Mail.Sent.Count);
    }

    [Fact]
    public async Task OfferTimes_PickedSlotTakenMeanwhile_NewTimesOfferedThenBooked()
    {
        var (projectId, candidateId) = await RepliedAsync();
        var (_, ben) = await RepliedAsync("Ben Okafor", "+447700900321", null, projectId);
        await _rig.Service<OfferService>().OfferAsync(projectId, candidateId, RecruiterCalendar.DefaultRecruiter, MessageChannel.Sms, "recruiter", ct: Ct);
        await _rig.RunAsync();

        // The recruiter gives Wednesday 09:00 to someone else before Ana answers.
        Assert.Equal(BookingOutcome.Booked, (await _rig.Service<RecruiterCallService>().BookAsync(projectId, ben, RecruiterCalendar.DefaultRecruiter, Wednesday0900, "recruiter", Ct)).Outcome);
        _rig.Sandbox.Sms.AddInbound(Phone, EngineRig.OurNumber, "Wednesday at 10 please");
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(CandidateState.Scheduling, await _rig.StateAsync(candidateId));
        var again = SmsTo(Phone)[^1];
        Assert.StartsWith("Sorry, Wed 25 Nov 10:00 has just been taken.", again);
        // A minute later, 12:00 UTC is less than two hours away: the new list starts at 12:30 (13:30 in Paris).
        Assert.Contains("Reply 1 for Tue 24 Nov 13:30, 2 for Wed 25 Nov 10:30 or 3 for Thu 26 Nov 10:00", again);

        _rig.Sandbox.Sms.AddInbound(Phone, EngineRig.OurNumber, "2");
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(CandidateState.Scheduled, await _rig.StateAsync(candidateId));
        Assert.Equal(Wednesday0900.AddMinutes(30), (await CallsAsync(projectId)).Single(c => c.CandidateId == candidateId).StartsAt);
    }

    [Fact]
    public async Task RescheduleThenCancel_UpdateAndCancelInvitesSameUidSlotsFreedAndOnlyTheLatestReminder()
    {
        var (projectId, candidateId) = await RepliedAsync();
        var calls = _rig.Service<RecruiterCallService>();
        var booked = await calls.BookAsync(projectId, candidateId, RecruiterCalendar.DefaultRecruiter, Wednesday0900, "recruiter", Ct);
        await _rig.RunAsync();
        var thursday = Wednesday0900.AddDays(1).AddHours(2);

        var moved = await calls.RescheduleAsync(booked.Call!.Id, thursday, "recruiter", Ct);
        await _rig.RunAsync();

        Assert.Equal(BookingOutcome.Booked, moved.Outcome);
        Assert.Contains("has moved to Thu 26 Nov 12:00 (Paris time)", SmsTo(Phone)[^1]);
        var update = Invite(_rig.Mail.Sent[^1]);
        Assert.Contains("moved from Wed 25 Nov 10:00 to Thu 26 Nov 12:00", _rig.Mail.Sent[^1].TextBody);
        var e = Assert.Single(update.Events);
        Assert.Equal(("REQUEST", CallInvite.Uid(booked.Call.Id), 1, thursday.UtcDateTime), (update.Method, e.Uid, e.Sequence, e.DtStart!.AsUtc));
        var free = await _rig.Service<CalendarService>().FreeSlotsAsync(RecruiterCalendar.DefaultRecruiter, ct: Ct);
        Assert.Contains(Wednesday0900, free);
        Assert.DoesNotContain(thursday, free);

        // Wednesday 07:00 UTC would have been the first booking's reminder: it no longer goes.
        _rig.Time.Advance(Wednesday0900.AddHours(-2) - _rig.Time.GetUtcNow());
        await _rig.RunAsync();
        Assert.DoesNotContain(SmsTo(Phone), b => b.StartsWith("Reminder", StringComparison.Ordinal));

        Assert.Equal(BookingOutcome.Booked, (await calls.CancelAsync(booked.Call.Id, "recruiter", Ct)).Outcome);
        await _rig.RunAsync();

        Assert.Equal(CandidateState.Scheduling, await _rig.StateAsync(candidateId));
        Assert.Contains("is cancelled", SmsTo(Phone)[^1]);
        var cancel = Invite(_rig.Mail.Sent[^1]);
        var c = Assert.Single(cancel.Events);
        Assert.Equal(("CANCEL", CallInvite.Uid(booked.Call.Id), 1, "CANCELLED"), (cancel.Method, c.Uid, c.Sequence, c.Status));
        Assert.Contains(thursday, await _rig.Service<CalendarService>().FreeSlotsAsync(RecruiterCalendar.DefaultRecruiter, ct: Ct));
        // Thursday's reminder was cancelled with the call.
        _rig.Time.Advance(thursday - _rig.Time.GetUtcNow());
        await _rig.RunAsync();
        Assert.DoesNotContain(SmsTo(Phone), b => b.StartsWith("Reminder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoShow_OfferTimesAgain_TextSaysWeMissedEachOtherAndTheReminderIsDropped()
    {
        var (projectId, candidateId) = await RepliedAsync(email: null);
        var booked = await _rig.Service<RecruiterCallService>().BookAsync(projectId, candidateId, RecruiterCalendar.DefaultRecruiter, Wednesday0900, "recruiter", Ct);
        await _rig.RunAsync();
        // The engine was down when the reminder was due; the recruiter marks the no-show ten minutes into the call.
        _rig.Time.Advance(Wednesday0900.AddMinutes(10) - _rig.Time.GetUtcNow());

        var noShow = await _rig.Service<Samsara.Core.Scheduling.AfterCall.AfterCallService>().NoShowAsync(
            booked.Call!.Id, Samsara.Core.Scheduling.AfterCall.NoShowNext.OfferTimes, null, "recruiter", Ct);
        await _rig.RunAsync();

        Assert.Equal(Samsara.Core.Scheduling.AfterCall.AfterCallOutcome.Done, noShow.Outcome);
        Assert.Equal(CandidateState.Scheduling, await _rig.StateAsync(candidateId));
        var texts = SmsTo(Phone);
        Assert.Equal(2, texts.Count);
        Assert.StartsWith("Sorry we missed each other at Wed 25 Nov 10:00. Hi Ana,", texts[^1]);
        Assert.Contains("Reply 1 for Wed 25 Nov 12:30, 2 for Thu 26 Nov 10:00 or 3 for Fri 27 Nov 10:00 (Paris time)", texts[^1]);
    }

    [Fact]
    public async Task Reminder_DueInQuietHours_SentAtTheFirstAllowedMinuteByAnotherNode()
    {
        var (projectId, candidateId) = await RepliedAsync();
        // Texts allowed 09:00-21:00 in the candidate's zone: 2 h before a 10:00 Paris call is 08:00 there, too early.
        await using (var db = await _rig.DbAsync())
        {
            await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(p => p.SetProperty(x => x.QuietHoursStartMinute, 9 * 60), Ct);
        }

        await _rig.Service<RecruiterCallService>().BookAsync(projectId, candidateId, RecruiterCalendar.DefaultRecruiter, Wednesday0900, "recruiter", Ct);
        await _rig.RunAsync();
        Assert.Single(SmsTo(Phone));

        // The node that booked is gone; another one takes the durable reminder.
        var other = await _rig.NewNodeAsync("node-b");
        _rig.Time.Advance(Wednesday0900.AddHours(-2) - _rig.Time.GetUtcNow());
        await other.RunOnceAsync(_rig.Time.GetUtcNow(), Ct);
        Assert.Single(SmsTo(Phone));

        _rig.Time.Advance(TimeSpan.FromMinutes(59));
        await other.RunOnceAsync(_rig.Time.GetUtcNow(), Ct);
        Assert.Single(SmsTo(Phone));

        _rig.Time.Advance(TimeSpan.FromMinutes(1));
        await other.RunOnceAsync(_rig.Time.GetUtcNow(), Ct);
        await _rig.RunAsync();

        var texts = SmsTo(Phone);
        Assert.Equal(2, texts.Count);
        Assert.Equal("Reminder: our call about Senior Backend Engineer is at Wed 25 Nov 10:00 (Paris time). Talk soon!", texts[^1]);
        var sentAt = _rig.Sandbox.Sms.Snapshot().Where(m => m.To == Phone).Max(m => m.CreatedAt);
        Assert.Equal(Wednesday0900.AddHours(-1), sentAt);
    }
}

public sealed class OfferTimesScenarioSqliteTests() : OfferTimesScenarioTests(DatabaseProvider.Sqlite);

public sealed class OfferTimesScenarioPostgresTests() : OfferTimesScenarioTests(DatabaseProvider.Postgres);
