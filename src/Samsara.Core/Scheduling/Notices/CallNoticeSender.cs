using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Samsara.Core.Channels;
using Samsara.Core.Channels.Sms;
using Samsara.Core.Data;
using Samsara.Core.Email;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Templates;
using Samsara.Core.Usage;

namespace Samsara.Core.Scheduling.Notices;

/// <summary>
/// Sends the due scheduling messages. Each is claimed with a lease (a guarded UPDATE, so one node wins), checked
/// (still relevant, contact known, not opted out, inside the project's allowed hours for texts), rendered, written to
/// the candidate's timeline as a Message, sent, and marked. A passing failure waits and tries again; the reminder
/// that cannot be sent in allowed hours before the call is skipped with the reason.
/// </summary>
public sealed class CallNoticeSender(
    IDbContextFactory<SamsaraDbContext> dbFactory,
    IServiceProvider services,
    TemplateService templates,
    IOptions<RecruiterOptions> recruiter,
    IOptions<SchedulingOptions> options,
    TimeProvider clock)
{
    private const int Batch = 50;

    /// <param name="emailOnly">No Twilio account: due texts are left pending (not failed) until there is one.</param>
    /// <returns>The projects whose timelines changed.</returns>
    public async Task<IReadOnlyList<Guid>> SendDueAsync(DateTimeOffset now, CancellationToken ct, bool emailOnly = false)
    {
        List<Guid> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            due = await db.CallNotices
                .Where(n => (n.Status == CallNoticeStatus.Pending && n.DueAt <= now) || (n.Status == CallNoticeStatus.Sending && n.LeaseExpiresAt < now))
                .Where(n => !emailOnly || n.Channel == MessageChannel.Email)
                .OrderBy(n => n.DueAt).ThenBy(n => n.Id).Select(n => n.Id).Take(Batch).ToListAsync(ct);
        }

        var touched = new List<Guid>();
        foreach (var id in due)
        {
            if (await SendOneAsync(id, now, ct) is { } project)
            {
                touched.Add(project);
            }
        }

        return [.. touched.Distinct()];
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CallNotices.Where(n => n.Status == CallNoticeStatus.Pending).OrderBy(n => n.DueAt).Select(n => (DateTimeOffset?)n.DueAt).FirstOrDefaultAsync(ct);
    }

    private async Task<Guid?> SendOneAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lease = now + options.Value.Lease;
        var claimed = await db.CallNotices
            .Where(n => n.Id == id && ((n.Status == CallNoticeStatus.Pending && n.DueAt <= now) || (n.Status == CallNoticeStatus.Sending && n.LeaseExpiresAt < now)))
            .ExecuteUpdateAsync(n => n.SetProperty(x => x.Status, CallNoticeStatus.Sending).SetProperty(x => x.LeaseExpiresAt, lease)
                .SetProperty(x => x.Attempts, x => x.Attempts + 1).SetProperty(x => x.UpdatedAt, now), ct);
        if (claimed == 0)
        {
            return null;
        }

        var notice = await db.CallNotices.SingleAsync(n => n.Id == id, ct);
        var facts = await NoticeFacts.LoadAsync(db, notice, ct);
        if (await GateAsync(db, notice, facts, now, ct) is { } stop)
        {
            await FinishAsync(db, notice, stop.Status, stop.Reason, now, stop.DueAt, ct);
            return notice.ProjectId;
        }

        var rendered = await RenderAsync(db, notice, facts, ct);
        if (!rendered.CanSend)
        {
            await FinishAsync(db, notice, CallNoticeStatus.Failed, rendered.BlockedReason, now, null, ct);
            return notice.ProjectId;
        }

        var message = new Message
        {
            Id = Guid.CreateVersion7(now),
            SequenceId = notice.SequenceId,
            Channel = notice.Channel,
            Direction = MessageDirection.Outbound,
            Recipient = notice.Channel == MessageChannel.Sms ? facts.Candidate.Phone! : facts.Candidate.Email!,
            Subject = rendered.Subject,
            Body = rendered.Text!,
            Status = MessageStatus.Queued,
            CreatedAt = now,
        };
        // The timeline row exists before the request leaves, as the outreach engine does.
        db.Messages.Add(message);
        notice.MessageId = message.Id;
        await db.SaveChangesAsync(ct);

        var (result, carrier) = notice.Channel == MessageChannel.Sms
            ? (await SendSmsAsync(message, ct), "twilio")
            : await SendEmailAsync(message, rendered, Invite(notice, facts, now), facts.Candidate.FullName, ct);
        var sentAt = clock.GetUtcNow();
        if (result.Succeeded)
        {
            message.Status = MessageStatus.Sent;
            message.ProviderMessageId = result.Value;
            message.SentAt = sentAt;
            notice.SentAt = sentAt;
            EngineLedger.Add(db, notice.ProjectId, notice.SequenceId, null, LedgerKind.Sent, $"{Describe(notice)} sent by {notice.Channel} to {message.Recipient}", sentAt);
            // Booked in the same commit as "sent", as outreach sends are; the account's unit price until Twilio reports its own.
            db.UsageEvents.Add(notice.Channel == MessageChannel.Sms
                ? UsageRows.Sms(result.Value!, message.Body, notice.ProjectId, facts.Candidate.Id, message.Id, PriceQuote.None, sentAt)
                : UsageRows.Email(carrier, result.Value!, notice.ProjectId, facts.Candidate.Id, message.Id, PriceQuote.None, sentAt));
            await UsageRows.PriceAddedAsync(db, ct);
            await FinishAsync(db, notice, CallNoticeStatus.Sent, null, sentAt, null, ct);
            return notice.ProjectId;
        }

        var failure = result.Failure!;
        message.Status = MessageStatus.Failed;
        message.StatusDetail = failure.Reason.Length > 1000 ? failure.Reason[..1000] : failure.Reason;
        var retry = failure.Outcome is ProviderOutcome.Transient or ProviderOutcome.RateLimited && notice.Attempts < options.Value.MaxAttempts;
        if (retry)
        {
            // A fresh Message row is written on the next try; this one stays on the timeline as the failed attempt.
            var wait = failure.RetryAfter ?? TimeSpan.FromMinutes(Math.Pow(2, notice.Attempts - 1));
            await FinishAsync(db, notice, CallNoticeStatus.Pending, $"Waiting to retry: {failure.Reason}", sentAt, sentAt + wait, ct);
        }
        else
        {
            // An unknown outcome is not retried: a second offer or reminder is worse than a line saying it may not have gone.
            var why = failure.Outcome == ProviderOutcome.UnknownOutcome ? $"May not have been sent (no answer from the provider): {failure.Reason}" : failure.Reason;
            await FinishAsync(db, notice, CallNoticeStatus.Failed, why, sentAt, null, ct);
        }

        return notice.ProjectId;
    }

    private sealed record Stop(CallNoticeStatus Status, string Reason, DateTimeOffset? DueAt = null);

    private static async Task<Stop?> GateAsync(SamsaraDbContext db, CallNotice notice, NoticeFacts facts, DateTimeOffset now, CancellationToken ct)
    {
        switch (notice.Kind)
        {
            case CallNoticeKind.Offer when facts.State != CandidateState.Scheduling || notice.ClosedAt is not null:
                return new(CallNoticeStatus.Cancelled, $"Not sent: the candidate is {facts.State} now");
            case CallNoticeKind.Confirmation or CallNoticeKind.Reminder or CallNoticeKind.Update
                when facts.Call is not { Status: RecruiterCallStatus.Booked } || facts.Call.StartsAt != notice.StartsAt:
                return new(CallNoticeStatus.Cancelled, "Not sent: the call was moved or cancelled since");
            case CallNoticeKind.Reminder when now >= notice.StartsAt:
                return new(CallNoticeStatus.Skipped, "Not sent: the call has started");
        }

        var sms = notice.Channel == MessageChannel.Sms;
        var contact = sms ? facts.Candidate.Phone : facts.Candidate.Email;
        if (string.IsNullOrWhiteSpace(contact))
        {
            return new(CallNoticeStatus.Skipped, $"Not sent: the candidate has no {(sms ? "phone number" : "email address")}");
        }

        var consent = await ConsentLedger.CurrentAsync(db, contact, sms ? ConsentChannel.Phone : ConsentChannel.Email, ct);
        if (consent is { Kind: ConsentKind.OptOut })
        {
            return new(CallNoticeStatus.Skipped, $"Not sent: {contact} opted out");
        }

        if (!sms)
        {
            return null;
        }

        var zones = CandidateTimeZones.For(facts.Candidate.Phone, facts.Project.DefaultPhoneRegion);
        var hours = new QuietHours(facts.Project.QuietHoursStartMinute, facts.Project.QuietHoursEndMinute, zones);
        if (hours.Allows(now))
        {
            return null;
        }

        var next = hours.NextAllowed(now) ?? now.AddDays(1);
        if (notice.Kind == CallNoticeKind.Reminder && next >= notice.StartsAt)
        {
            return new(CallNoticeStatus.Skipped, $"Not sent: no allowed hour ({string.Join(", ", zones.Select(z => z.Id))}) between {now:u} and the call");
        }

        EngineLedger.Add(db, notice.ProjectId, notice.SequenceId, null, LedgerKind.Deferred,
            $"{Describe(notice)} falls in quiet hours ({string.Join(", ", zones.Select(z => z.Id))}); waits until {next:u}", now);
        return new(CallNoticeStatus.Pending, $"Waiting for allowed hours ({next:u})", next);
    }

    private async Task<RenderedMessage> RenderAsync(SamsaraDbContext db, CallNotice notice, NoticeFacts facts, CancellationToken ct)
    {
        var name = CallNoticeTexts.TemplateName(notice.Kind);
        // The project's own wording first, then a global one, then the built-in text.
        var template = await db.MessageTemplates.AsNoTracking()
            .Where(t => t.Name == name && t.Channel == notice.Channel && (t.ProjectId == notice.ProjectId || t.ProjectId == null))
            .OrderBy(t => t.ProjectId == null).FirstOrDefaultAsync(ct) ?? CallNoticeTexts.BuiltIn(notice.Kind, notice.Channel);
        var zone = facts.CandidateZone;
        var offered = notice.Offered().Select(s => ZonedTimes.In(zone, s)).ToList();
        var call = new CallVariables(
            Options: offered.Count > 0 ? CallNoticeTexts.Options(offered) : null,
            Time: notice.StartsAt is { } at ? CallNoticeTexts.When(ZonedTimes.In(zone, at)) : null,
            PreviousTime: notice.PreviousStartsAt is { } before ? CallNoticeTexts.When(ZonedTimes.In(zone, before)) : null,
            RecruiterTime: notice.StartsAt is { } r ? $"{CallNoticeTexts.When(ZonedTimes.In(facts.RecruiterZone, r))} ({facts.RecruiterZone})" : null,
            TimeZone: ZoneName(zone),
            DurationMinutes: facts.SlotMinutes);
        var variables = TemplateVariables.For(facts.Candidate, facts.Project, facts.Job, recruiter.Value.ToProfile()).WithCall(call);
        return await templates.RenderAsync(template, variables);
    }

    /// <summary>"Europe/Paris" reads as "Paris"; "America/New_York" as "New York".</summary>
    public static string ZoneName(string zoneId) => zoneId.Contains('/') ? zoneId[(zoneId.LastIndexOf('/') + 1)..].Replace('_', ' ') : zoneId;

    private EmailAttachment? Invite(CallNotice notice, NoticeFacts facts, DateTimeOffset now)
    {
        if (notice.Kind is CallNoticeKind.Offer or CallNoticeKind.Reminder || notice.CallId is not { } callId || notice.StartsAt is not { } start)
        {
            return null;
        }

        var cancel = notice.Kind == CallNoticeKind.Cancellation;
        var me = recruiter.Value;
        var details = new CallInvite.Details(
            callId, notice.Revision, start, notice.EndsAt ?? start.AddMinutes(facts.SlotMinutes),
            $"Call with {me.Name ?? "your recruiter"}: {facts.Project.Name}",
            $"A {facts.SlotMinutes}-minute call about {facts.Project.Name}{(facts.Project.ClientName is { } c ? $" at {c}" : "")}.",
            me.Email, me.Name, facts.Candidate.Email, facts.Candidate.FullName, now);
        return CallInvite.Attachment(cancel ? CallInvite.Cancel(details) : CallInvite.Request(details), cancel);
    }

    private async Task<ProviderResult<string>> SendSmsAsync(Message message, CancellationToken ct)
    {
        // A typed HttpClient per send, as the engine resolves one per pass, so no handler is pinned forever.
        var twilio = services.GetRequiredService<TwilioSmsClient>();
        var sent = await twilio.SendAsync(new SmsToSend(message.Recipient, message.Body), ct);
        return sent.Succeeded ? ProviderResult<string>.Success(sent.Value!.Sid) : ProviderResult<string>.Fail(sent.Failure!);
    }

    /// <returns>The Message-ID, and the carrier ("smtp" or "sendgrid") the usage row names.</returns>
    private async Task<(ProviderResult<string> Result, string Carrier)> SendEmailAsync(Message message, RenderedMessage rendered, EmailAttachment? invite, string name, CancellationToken ct)
    {
        var email = services.GetRequiredService<IOutreachEmailSender>();
        try
        {
            // The usage row is written here with the project and candidate, in the commit that marks the notice sent.
            var sent = await email.SendAsync(new OutboundEmail(message.Id, message.Recipient, name, message.Subject ?? "", message.Body,
                rendered.Html ?? EmailBody.FromRendered(message.Body, isHtml: false).Html, Attachments: invite is null ? null : [invite], Usage: OutboundEmailUsage.RecordedByCaller), ct);
            var id = string.IsNullOrEmpty(sent.SmtpMessageId) ? sent.TransportMessageId ?? message.Id.ToString() : sent.SmtpMessageId;
            return (ProviderResult<string>.Success(id), sent.Transport);
        }
        catch (EmailSendException e)
        {
            var outcome = e.Failure switch
            {
                EmailSendFailure.ConnectionFailed or EmailSendFailure.Transient or EmailSendFailure.AuthenticationFailed or EmailSendFailure.Misconfigured => ProviderOutcome.Transient,
                EmailSendFailure.UnknownOutcome => ProviderOutcome.UnknownOutcome,
                EmailSendFailure.RecipientRejected or EmailSendFailure.Permanent => ProviderOutcome.Permanent,
            };
            return (ProviderResult<string>.Fail(new ProviderFailure(outcome, e.Message)), "");
        }
    }

    private static async Task FinishAsync(SamsaraDbContext db, CallNotice notice, CallNoticeStatus status, string? reason, DateTimeOffset now, DateTimeOffset? dueAt, CancellationToken ct)
    {
        notice.Status = status;
        notice.Reason = reason is { Length: > 1000 } ? reason[..1000] : reason;
        notice.LeaseExpiresAt = null;
        notice.UpdatedAt = now;
        if (dueAt is { } due)
        {
            notice.DueAt = due;
        }

        if (status is CallNoticeStatus.Failed or CallNoticeStatus.Skipped)
        {
            EngineLedger.Add(db, notice.ProjectId, notice.SequenceId, null, status == CallNoticeStatus.Failed ? LedgerKind.Failed : LedgerKind.Skipped,
                $"{Describe(notice)} by {notice.Channel}: {reason}", now);
        }

        await db.SaveChangesAsync(ct);
    }

    public static string Describe(CallNotice notice) => notice.Kind switch
    {
        CallNoticeKind.Offer => $"Offer of {notice.Offered().Count} call times",
        CallNoticeKind.Confirmation => "Call confirmation",
        CallNoticeKind.Reminder => "Call reminder",
        CallNoticeKind.Update => "Call change",
        CallNoticeKind.Cancellation => "Call cancellation",
    };
}
