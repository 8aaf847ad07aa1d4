using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Samsara.Core.Channels;
using Samsara.Core.Channels.Sms;
using Samsara.Core.Data;
using Samsara.Core.Email;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Outreach.Engine.Pacing;
using Samsara.Core.Outreach.Sequences;
using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Replies;

/// <summary>
/// Works the due <see cref="ReplyFollowUp"/>s on each engine pass. Each is claimed with a lease (a guarded UPDATE, so one
/// node wins), checked (still wanted, contact usable, consent, allowed hours for a check-back), paced in the sender's
/// bucket like any step, written to the timeline as a Message before the request leaves, sent, and written in the
/// send ledger. A resume sends nothing: it lifts the out-of-office pause.
/// </summary>
public sealed class ReplyFollowUpSender(
    IDbContextFactory<SamsaraDbContext> dbFactory,
    IServiceProvider services,
    TemplateService templates,
    IOptions<RecruiterOptions> recruiter,
    IOptions<OutreachEngineOptions> options,
    TimeProvider clock) : IOutreachPassPart
{
    private const int Batch = 50;
    private const int MaxAttempts = 5;

    /// <summary>The FCC's window for the one confirmation text after an opt-out.</summary>
    public static readonly TimeSpan ConfirmationWindow = TimeSpan.FromMinutes(5);

    public async Task<IReadOnlyList<Guid>> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<Guid> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            due = await db.ReplyFollowUps
                .Where(f => (f.Status == ReplyFollowUpStatus.Pending && f.DueAt <= now) || (f.Status == ReplyFollowUpStatus.Sending && f.LeaseExpiresAt < now))
                .OrderBy(f => f.DueAt).ThenBy(f => f.Id).Select(f => f.Id).Take(Batch).ToListAsync(ct);
        }

        var touched = new List<Guid>();
        foreach (var id in due)
        {
            if (await WorkOneAsync(id, now, ct) is { } project)
            {
                touched.Add(project);
            }
        }

        return [.. touched.Distinct()];
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ReplyFollowUps.Where(f => f.Status == ReplyFollowUpStatus.Pending).OrderBy(f => f.DueAt).Select(f => (DateTimeOffset?)f.DueAt).FirstOrDefaultAsync(ct);
    }

    private async Task<Guid?> WorkOneAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lease = now + options.Value.Lease;
        var claimed = await db.ReplyFollowUps
            .Where(f => f.Id == id && ((f.Status == ReplyFollowUpStatus.Pending && f.DueAt <= now) || (f.Status == ReplyFollowUpStatus.Sending && f.LeaseExpiresAt < now)))
            .ExecuteUpdateAsync(f => f.SetProperty(x => x.Status, ReplyFollowUpStatus.Sending).SetProperty(x => x.LeaseExpiresAt, lease)
                .SetProperty(x => x.Attempts, x => x.Attempts + 1).SetProperty(x => x.UpdatedAt, now), ct);
        if (claimed == 0)
        {
            return null;
        }

        var item = await db.ReplyFollowUps.SingleAsync(f => f.Id == id, ct);
        var sequence = await db.OutreachSequences.SingleAsync(s => s.Id == item.SequenceId, ct);
        if (item.Kind == ReplyFollowUpKind.Resume)
        {
            await ResumeAsync(db, item, sequence, now, ct);
            return item.ProjectId;
        }

        var candidate = await db.Candidates.AsNoTracking().SingleAsync(c => c.Id == item.CandidateId, ct);
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == item.ProjectId, ct);
        if (await GateAsync(db, item, sequence, candidate, project, now, ct) is { } stop)
        {
            await FinishAsync(db, item, stop.Status, stop.Reason, now, stop.DueAt, ct);
            return item.ProjectId;
        }

        var channel = item.Channel!.Value;
        var rendered = await RenderAsync(db, item, candidate, project, channel, ct);
        if (rendered is not { CanSend: true, Text: not null })
        {
            await FinishAsync(db, item, ReplyFollowUpStatus.Failed, rendered.BlockedReason ?? "The message could not be written", now, null, ct);
            return item.ProjectId;
        }

        var sms = channel == MessageChannel.Sms;
        if (item.PacedAt is null || item.PacedAt > now)
        {
            var sender = sms ? await services.GetRequiredService<TwilioSmsClient>().SenderAsync(ct) : recruiter.Value.Email;
            var segments = sms ? Math.Max(1, SmsPreview.For(rendered.Text).Segments) : 1;
            var wait = await new SendPacing(dbFactory, options.Value.Pacing)
                .ReserveUnqueuedAsync(sms ? "twilio" : "email", sender, sms ? StepChannel.Sms : StepChannel.Email, segments, now, ct);
            if (wait is { } held)
            {
                item.PacedAt = held.At;
                EngineLedger.Add(db, item.ProjectId, item.SequenceId, null, LedgerKind.Deferred, $"{Describe(item)}: {held.Reason}", now);
                await FinishAsync(db, item, ReplyFollowUpStatus.Pending, held.Reason, now, held.At, ct);
                return item.ProjectId;
            }
        }

        var message = new Message
        {
            Id = Guid.CreateVersion7(now),
            SequenceId = item.SequenceId,
            Channel = channel,
            Direction = MessageDirection.Outbound,
            Recipient = sms ? candidate.Phone! : candidate.Email!.Trim(),
            Subject = rendered.Subject,
            Body = rendered.Text,
            Status = MessageStatus.Queued,
            CreatedAt = now,
        };
        // The timeline row exists before the request leaves, as the outreach engine does.
        db.Messages.Add(message);
        item.MessageId = message.Id;
        await db.SaveChangesAsync(ct);

        var result = sms ? await SendSmsAsync(message, ct) : await SendEmailAsync(message, rendered, candidate, ct);
        var sentAt = clock.GetUtcNow();
        if (result.Succeeded)
        {
            message.Status = MessageStatus.Sent;
            message.ProviderMessageId = result.Value;
            message.SentAt = sentAt;
            item.SentAt = sentAt;
            EngineLedger.Add(db, item.ProjectId, item.SequenceId, null, LedgerKind.Sent, $"{Describe(item)} sent by {channel} to {message.Recipient} ({result.Value})", sentAt);
            if (item.Kind == ReplyFollowUpKind.CheckingBack && sequence.IsPaused)
            {
                // Back in touch: the candidate's next reply moves them on as any reply does.
                sequence.IsPaused = false;
                sequence.UpdatedAt = sentAt;
                db.OutreachEvents.Add(OutreachService.NewEvent(sequence.Id, sequence.Status, sequence.Status, "Checked back as they asked; no longer paused", EngineLedger.Actor, sentAt));
            }

            await FinishAsync(db, item, ReplyFollowUpStatus.Done, null, sentAt, null, ct);
            return item.ProjectId;
        }

        var failure = result.Failure!;
        message.Status = MessageStatus.Failed;
        message.StatusDetail = failure.Reason.Length > 1000 ? failure.Reason[..1000] : failure.Reason;
        if (failure.Outcome is ProviderOutcome.Transient or ProviderOutcome.RateLimited && item.Attempts < MaxAttempts)
        {
            var wait = failure.RetryAfter ?? TimeSpan.FromMinutes(Math.Pow(2, item.Attempts - 1));
            await FinishAsync(db, item, ReplyFollowUpStatus.Pending, $"Waiting to retry: {failure.Reason}", sentAt, sentAt + wait, ct);
        }
        else
        {
            // An unknown outcome is not retried: a second confirmation or check-back is worse than a line saying it may not have gone.
            var why = failure.Outcome == ProviderOutcome.UnknownOutcome ? $"May not have been sent (no answer from the provider): {failure.Reason}" : failure.Reason;
            await FinishAsync(db, item, ReplyFollowUpStatus.Failed, why, sentAt, null, ct);
        }

        return item.ProjectId;
    }

    private static async Task ResumeAsync(SamsaraDbContext db, ReplyFollowUp item, OutreachSequence sequence, DateTimeOffset now, CancellationToken ct)
    {
        if (sequence.IsPaused)
        {
            sequence.IsPaused = false;
            sequence.UpdatedAt = now;
            db.OutreachEvents.Add(OutreachService.NewEvent(sequence.Id, sequence.Status, sequence.Status, "Back from out of office: resumed where it was", EngineLedger.Actor, now));
            EngineLedger.Add(db, item.ProjectId, item.SequenceId, null, LedgerKind.TimerFired, "Out-of-office pause over: the sequence resumes", now);
        }

        await FinishAsync(db, item, ReplyFollowUpStatus.Done, null, now, null, ct);
    }

    private sealed record Stop(ReplyFollowUpStatus Status, string Reason, DateTimeOffset? DueAt = null);

    private static async Task<Stop?> GateAsync(
        SamsaraDbContext db, ReplyFollowUp item, OutreachSequence sequence, Candidates.Candidate candidate, Projects.Project project, DateTimeOffset now, CancellationToken ct)
    {
        var sms = item.Channel == MessageChannel.Sms;
        switch (item.Kind)
        {
            case ReplyFollowUpKind.CheckingBack when sequence.StoppedAt is not null || sequence.Status is not (CandidateState.AwaitingReply or CandidateState.OutreachSent):
                return new(ReplyFollowUpStatus.Cancelled, $"Not sent: the candidate is {sequence.Status}{(sequence.StoppedAt is null ? "" : ", stopped")} now");
            case ReplyFollowUpKind.OptOutConfirmation when sms && now - item.CreatedAt > ConfirmationWindow:
                return new(ReplyFollowUpStatus.Skipped, "Not sent: more than 5 minutes after the opt-out (one confirmation text is allowed only within 5 minutes)");
        }

        var contact = sms ? candidate.Phone : candidate.Email;
        if (string.IsNullOrWhiteSpace(contact))
        {
            return new(ReplyFollowUpStatus.Skipped, $"Not sent: the candidate has no {(sms ? "phone number" : "email address")}");
        }

        if ((sms ? candidate.PhoneProblem : candidate.EmailProblem) is { } problem)
        {
            return new(ReplyFollowUpStatus.Skipped, $"Not sent: {contact} is unusable ({problem})");
        }

        // The confirmation is the one message an opt-out still allows; everything else stops at it.
        if (item.Kind != ReplyFollowUpKind.OptOutConfirmation
            && await ConsentLedger.BlockedReasonAsync(db, contact, sms ? ConsentChannel.Phone : ConsentChannel.Email, ct) is { } blocked)
        {
            return new(ReplyFollowUpStatus.Skipped, $"Not sent: {blocked}");
        }

        // The check-back is ours to time; the recruiter's answer was timed by the recruiter (warned in the inbox).
        if (item.Kind != ReplyFollowUpKind.CheckingBack)
        {
            return null;
        }

        var zones = CandidateTimeZones.For(candidate.Phone, project.DefaultPhoneRegion);
        var hours = new QuietHours(project.QuietHoursStartMinute, project.QuietHoursEndMinute, zones);
        if (hours.Allows(now))
        {
            return null;
        }

        var next = hours.NextAllowed(now) ?? now.AddDays(1);
        EngineLedger.Add(db, item.ProjectId, item.SequenceId, null, LedgerKind.Deferred,
            $"{Describe(item)} falls in quiet hours ({string.Join(", ", zones.Select(z => z.Id))}); waits until {next:u}", now);
        return new(ReplyFollowUpStatus.Pending, $"Waiting for allowed hours ({next:u})", next);
    }

    private async Task<RenderedMessage> RenderAsync(
        SamsaraDbContext db, ReplyFollowUp item, Candidates.Candidate candidate, Projects.Project project, MessageChannel channel, CancellationToken ct)
    {
        if (item.Kind == ReplyFollowUpKind.Answer)
        {
            // The recruiter's own words, final when queued (a template was rendered then): nothing in them is read as Liquid.
            var body = item.Body ?? "";
            return new RenderedMessage(channel, true, null, [], item.Subject, body, null, channel == MessageChannel.Sms ? SmsPreview.For(body) : null);
        }

        var name = FollowUpTexts.TemplateName(item.Kind);
        var template = await db.MessageTemplates.AsNoTracking()
            .Where(t => t.Name == name && t.Channel == channel && (t.ProjectId == item.ProjectId || t.ProjectId == null))
            .OrderBy(t => t.ProjectId == null).FirstOrDefaultAsync(ct) ?? FollowUpTexts.BuiltIn(item.Kind, channel);
        var job = await db.JobDescriptions.AsNoTracking().Where(j => j.ProjectId == project.Id).OrderByDescending(j => j.UpdatedAt).FirstOrDefaultAsync(ct);
        return await templates.RenderAsync(template, TemplateVariables.For(candidate, project, job, recruiter.Value.ToProfile()));
    }

    private async Task<ProviderResult<string>> SendSmsAsync(Message message, CancellationToken ct)
    {
        var twilio = services.GetRequiredService<TwilioSmsClient>();
        var sent = await twilio.SendAsync(new SmsToSend(message.Recipient, message.Body), ct);
        return sent.Succeeded ? ProviderResult<string>.Success(sent.Value!.Sid) : ProviderResult<string>.Fail(sent.Failure!);
    }

    private async Task<ProviderResult<string>> SendEmailAsync(Message message, RenderedMessage rendered, Candidates.Candidate candidate, CancellationToken ct)
    {
        var email = services.GetRequiredService<IOutreachEmailSender>();
        try
        {
            var sent = await email.SendAsync(new OutboundEmail(message.Id, message.Recipient, candidate.FullName, message.Subject ?? "", message.Body,
                rendered.Html ?? EmailBody.FromRendered(message.Body, isHtml: false).Html, Usage: new OutboundEmailUsage(candidate.ProjectId, candidate.Id)), ct);
            return ProviderResult<string>.Success(sent.SmtpMessageId);
        }
        catch (EmailSendException e)
        {
            var outcome = e.Failure switch
            {
                EmailSendFailure.ConnectionFailed or EmailSendFailure.Transient or EmailSendFailure.AuthenticationFailed or EmailSendFailure.Misconfigured => ProviderOutcome.Transient,
                EmailSendFailure.UnknownOutcome => ProviderOutcome.UnknownOutcome,
                EmailSendFailure.RecipientRejected or EmailSendFailure.Permanent => ProviderOutcome.Permanent,
            };
            return ProviderResult<string>.Fail(new ProviderFailure(outcome, e.Message));
        }
    }

    private static async Task FinishAsync(SamsaraDbContext db, ReplyFollowUp item, ReplyFollowUpStatus status, string? reason, DateTimeOffset now, DateTimeOffset? dueAt, CancellationToken ct)
    {
        item.Status = status;
        item.Reason = reason is { Length: > 1000 } ? reason[..1000] : reason;
        item.LeaseExpiresAt = null;
        item.UpdatedAt = now;
        if (dueAt is { } due)
        {
            item.DueAt = due;
        }

        if (status is ReplyFollowUpStatus.Failed or ReplyFollowUpStatus.Skipped or ReplyFollowUpStatus.Cancelled)
        {
            EngineLedger.Add(db, item.ProjectId, item.SequenceId, null, status == ReplyFollowUpStatus.Failed ? LedgerKind.Failed : LedgerKind.Skipped,
                $"{Describe(item)}{(item.Channel is { } c ? $" by {c}" : "")}: {reason}", now);
        }

        await db.SaveChangesAsync(ct);
    }

    public static string Describe(ReplyFollowUp item) => item.Kind switch
    {
        ReplyFollowUpKind.CheckingBack => "Checking-back message",
        ReplyFollowUpKind.Resume => "Out-of-office resume",
        ReplyFollowUpKind.OptOutConfirmation => "Opt-out confirmation",
        ReplyFollowUpKind.Answer => $"Answer from {item.Actor}",
    };
}
