using System.Text;
using Ical.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Samsara.Core;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Scheduling;
using Samsara.Core.Scheduling.Notices;
using Samsara.Core.Scheduling.Offers;
using Samsara.Core.Templates;
using Samsara.Tests.Outreach.Engine;
using static Samsara.Tests.Outreach.Engine.EngineRigSequences;

namespace Samsara.Tests.Scheduling;

/// <summary>
/// An install with email and no Twilio account (issue 14): offered times, confirmations, updates and cancellations go
/// out by email from the engine's passes; texts wait for a Twilio account rather than fail. Same rig and clock as
/// <see cref="OfferTimesScenarioTests"/> (Tuesday 24 November 2026, 10:00 UTC, recruiter in London).
/// </summary>
public abstract class EmailOnlySchedulingTests(DatabaseProvider provider) : IAsyncLifetime
{
    private EngineRig _rig = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _rig = await EngineRig.StartAsync(provider, new Dictionary<string, string?>(EngineRig.Unthrottled)
        {
            // No Twilio account: the configured one is blanked, as on a fresh install that only set up email.
            ["Samsara:Providers:Twilio:AccountSid"] = "",
        });

    public async ValueTask DisposeAsync() => await _rig.DisposeAsync();

    private async Task<Guid> RepliedAsync(Guid projectId, string name, string? phone, string email)
    {
        var candidate = await _rig.CandidateAsync(projectId, phone, email, name);
        var outreach = _rig.Service<OutreachService>();
        await outreach.EnrolAsync(projectId, new EnrolRequest([candidate.Id]), "test");
        foreach (var state in new[] { CandidateState.OutreachSent, CandidateState.AwaitingReply, CandidateState.Replied })
        {
            Assert.Equal(TransitionOutcome.Moved, (await outreach.TransitionAsync(projectId, candidate.Id, state, "for the test", "test", Ct)).Outcome);
        }

        return candidate.Id;
    }

    private static Calendar Invite(MimeMessage mail)
    {
        var part = Assert.Single(mail.Attachments.OfType<MimePart>(), a => a.FileName == CallInvite.FileName);
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return Calendar.Load(Encoding.UTF8.GetString(stream.ToArray()))!;
    }

    [Fact]
    public async Task OfferTimesByEmail_NoTwilio_OfferSentAnswerBooksConfirmationAndCancelByEmail()
    {
        var projectId = (await _rig.ProjectAsync()).Project.Id;
        var candidateId = await RepliedAsync(projectId, "Ana Lima", null, "ana@candidates.test");

        await _rig.Service<OfferService>().OfferAsync(projectId, candidateId, RecruiterCalendar.DefaultRecruiter, channel: null, "recruiter", ct: Ct);
        await _rig.RunAsync();
        var offer = Assert.Single(_rig.Mail.Sent);
        Assert.Contains("reply with 1 for Tue 24 Nov 12:00, 2 for Wed 25 Nov 09:00 or 3 for Thu 26 Nov 09:00 (London time)", offer.TextBody);

        await _rig.DeliverAsync(ReplyTo(offer, "2 please"));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(CandidateState.Scheduled, await _rig.StateAsync(candidateId));
        var call = Assert.Single((await _rig.Service<RecruiterCallService>().ListAsync(projectId, ct: Ct))!);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), call.StartsAt);
        Assert.Equal(2, _rig.Mail.Sent.Count);
        Assert.Equal("REQUEST", Invite(_rig.Mail.Sent[^1]).Method);

        await _rig.Service<RecruiterCallService>().CancelAsync(call.Id, "recruiter", Ct);
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(3, _rig.Mail.Sent.Count);
        Assert.Equal("CANCEL", Invite(_rig.Mail.Sent[^1]).Method);
    }

    [Fact]
    public async Task Worker_NoTwilio_TheBackgroundLoopSendsTheBookingsEmail()
    {
        var projectId = (await _rig.ProjectAsync()).Project.Id;
        var candidateId = await RepliedAsync(projectId, "Ana Lima", null, "ana@candidates.test");
        var worker = new OutreachEngineWorker(_rig.Engine, Options.Create(new OutreachEngineOptions { PollInterval = TimeSpan.FromSeconds(1) }),
            _rig.Time, NullLogger<OutreachEngineWorker>.Instance);
        await worker.StartAsync(Ct);
        try
        {
            await _rig.Service<RecruiterCallService>().BookAsync(projectId, candidateId, RecruiterCalendar.DefaultRecruiter,
                new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), "recruiter", Ct);
            // The loop's own clock: a second at a time until the confirmation is out (it used to idle without Twilio).
            for (var i = 0; i < 400 && _rig.Mail.Sent.Count == 0; i++)
            {
                _rig.Time.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(25, Ct);
            }
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }

        Assert.Equal("REQUEST", Invite(Assert.Single(_rig.Mail.Sent)).Method);
    }

    [Fact]
    public async Task BookAndMove_NoTwilioCandidateWithPhoneAndEmail_EmailsSentTextsWaitPendingNotFailed()
    {
        var projectId = (await _rig.ProjectAsync()).Project.Id;
        var candidateId = await RepliedAsync(projectId, "Ana Lima", "+33612345678", "ana@candidates.test");
        var calls = _rig.Service<RecruiterCallService>();
        var wednesday = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

        var booked = await calls.BookAsync(projectId, candidateId, RecruiterCalendar.DefaultRecruiter, wednesday, "recruiter", Ct);
        await _rig.RunAsync();
        await calls.RescheduleAsync(booked.Call!.Id, wednesday.AddDays(1), "recruiter", Ct);
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(["REQUEST", "REQUEST"], _rig.Mail.Sent.Select(m => Invite(m).Method));
        Assert.Contains("Thu 26 Nov", _rig.Mail.Sent[^1].TextBody);
        Assert.Empty(_rig.Sandbox.Sms.Snapshot());
        await using var db = await _rig.DbAsync();
        var notices = await db.CallNotices.AsNoTracking().Where(n => n.CandidateId == candidateId).ToListAsync(Ct);
        Assert.All(notices.Where(n => n.Channel == MessageChannel.Email), n => Assert.Equal(CallNoticeStatus.Sent, n.Status));
        // The texts are held for a Twilio account, never marked failed; the first booking's were cancelled by the move.
        Assert.Contains(notices, n => n.Channel == MessageChannel.Sms && n.Status == CallNoticeStatus.Pending);
        Assert.DoesNotContain(notices, n => n.Status == CallNoticeStatus.Failed);
    }
}

public sealed class EmailOnlySchedulingSqliteTests() : EmailOnlySchedulingTests(DatabaseProvider.Sqlite);

public sealed class EmailOnlySchedulingPostgresTests() : EmailOnlySchedulingTests(DatabaseProvider.Postgres);
