using Microsoft.EntityFrameworkCore;
using Samsara.Core.Candidates;
using Samsara.Core.Channels;
using Samsara.Core.Channels.Sms;
using Samsara.Core.Data;
using Samsara.Core.Projects;
using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Engine;

/// <summary>
/// Takes one claimed SMS send to its end or to its next try: gates (stopped, opted out, paused, number, quiet hours),
/// render, Message row written before the request, send, outcome recorded with the candidate's move.
/// </summary>
internal sealed class SmsSendProcessor(
    IDbContextFactory<SamsaraDbContext> dbFactory,
    TwilioSmsClient twilio,
    TemplateService templates,
    RecruiterProfile recruiter,
    OutreachEngineOptions options,
    TimeProvider clock)
{
    private string Node => options.NodeId;

    /// <returns>The project touched, for the change feed; null when the claim was lost.</returns>
    public async Task<Guid?> ProcessAsync(Guid sendId, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var send = await db.OutreachSends.SingleAsync(s => s.Id == sendId, ct);
        if (send.Status != SendStatus.Claimed || send.ClaimedBy != Node)
        {
            return null;
        }

        var sequence = await db.OutreachSequences.AsNoTracking().SingleAsync(s => s.Id == send.SequenceId, ct);
        var candidate = await db.Candidates.AsNoTracking().SingleAsync(c => c.Id == sequence.CandidateId, ct);
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == sequence.ProjectId, ct);
        var message = send.MessageId is { } messageId ? await db.Messages.SingleOrDefaultAsync(m => m.Id == messageId, ct) : null;

        // An earlier attempt may have reached Twilio (crash or lost answer): look before sending again.
        if (send.AttemptedAt is { } attemptedAt && message is not null)
        {
            var reconciled = await twilio.ReconcileAsync(new SmsToSend(message.Recipient, message.Body), attemptedAt, ct);
            if (!reconciled.Succeeded)
            {
                await WaitAsync(db, send, SendStatus.UnknownOutcome, now + Backoff(send.Attempts), $"Could not check whether the earlier attempt was sent: {reconciled.Failure!.Reason}", now, ct);
                return send.ProjectId;
            }

            if (reconciled.Value is { } found)
            {
                await RecordSentAsync(db, send, message, sequence, project, found.Sid, now, "Found at Twilio after an unknown outcome; not sent again", ct);
                return send.ProjectId;
            }

            EngineLedger.Add(db, send.ProjectId, send.SequenceId, send.StepIndex, LedgerKind.Reconciled, "Earlier attempt never reached Twilio; safe to send", now);
            send.AttemptedAt = null;
        }

        if (await GateAsync(db, send, sequence, candidate, project, now, ct))
        {
            return send.ProjectId;
        }

        if (message is null)
        {
            message = await RenderAsync(db, send, candidate, project, now, ct);
            if (message is null)
            {
                return send.ProjectId;
            }
        }

        // The Message row and the attempt mark are durable before the request leaves, so a crash during the
        // request is found by the next claim and reconciled instead of blindly sent again.
        send.AttemptedAt = now;
        send.Attempts++;
        // A full lease from the moment the request leaves, not from the claim: a send that waited long in a busy batch
        // must not be taken over (and reconciled before its request lands) by another node while it is in flight.
        send.LeaseExpiresAt = clock.GetUtcNow() + options.Lease;
        if (!await SaveIfStillOursAsync(db, send, now, ct))
        {
            return null;
        }

        var result = await twilio.SendAsync(new SmsToSend(message.Recipient, message.Body), ct);
        await RecordOutcomeAsync(db, send, message, sequence, project, result, now, ct);
        return send.ProjectId;
    }

    /// <returns>True when the send must not go out now (and its row says why).</returns>
    private async Task<bool> GateAsync(
        SamsaraDbContext db, OutreachSend send, OutreachSequence sequence, Candidate candidate, Project project, DateTimeOffset now, CancellationToken ct)
    {
        if (sequence.StoppedAt is not null)
        {
            await SkipAsync(db, send, "Stopped by the recruiter", now, ct);
            return true;
        }

        if (sequence.Status == CandidateState.OptedOut)
        {
            await SkipAsync(db, send, "Opted out", now, ct);
            return true;
        }

        if (sequence.Status != CandidateState.Pending)
        {
            await SkipAsync(db, send, $"Candidate is already {sequence.Status}", now, ct);
            return true;
        }

        if (sequence.IsPaused)
        {
            // No ledger line: a pause is the recruiter's choice, already on the timeline, and re-checked often.
            await WaitAsync(db, send, SendStatus.Pending, now + options.PausedRecheck, "Paused", now, ct, ledger: false);
            return true;
        }

        if (!E164.IsE164(candidate.Phone))
        {
            await SkipAsync(db, send, $"Invalid number: '{candidate.Phone}' is not in E.164 format (e.g. +447700900123)", now, ct);
            return true;
        }

        var zones = CandidateTimeZones.For(candidate.Phone, project.DefaultPhoneRegion);
        var hours = new QuietHours(project.QuietHoursStartMinute, project.QuietHoursEndMinute, zones);
        if (!hours.Allows(now))
        {
            var names = string.Join(", ", zones.Select(z => z.Id));
            if (hours.NextAllowed(now) is { } next)
            {
                await WaitAsync(db, send, SendStatus.Pending, next, $"Quiet hours in the candidate's time zone ({names}); waits until {next:u}", now, ct);
            }
            else
            {
                await SkipAsync(db, send, $"Quiet hours: the allowed hours never overlap across the candidate's time zones ({names})", now, ct);
            }

            return true;
        }

        return false;
    }

    private async Task<Message?> RenderAsync(SamsaraDbContext db, OutreachSend send, Candidate candidate, Project project, DateTimeOffset now, CancellationToken ct)
    {
        // The built-in one-step sequence uses the project's first SMS template.
        var template = await db.MessageTemplates.AsNoTracking()
            .Where(t => t.ProjectId == project.Id && t.Channel == MessageChannel.Sms)
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .FirstOrDefaultAsync(ct);
        if (template is null)
        {
            await SkipAsync(db, send, "The project has no SMS template", now, ct);
            return null;
        }

        var job = await db.JobDescriptions.AsNoTracking().Where(j => j.ProjectId == project.Id).OrderByDescending(j => j.UpdatedAt).FirstOrDefaultAsync(ct);
        var rendered = await templates.RenderAsync(template, TemplateVariables.For(candidate, project, job, recruiter));
        if (!rendered.CanSend)
        {
            await SkipAsync(db, send, rendered.BlockedReason ?? "The template could not be rendered", now, ct);
            return null;
        }

        var message = new Message
        {
            Id = Guid.CreateVersion7(now),
            SequenceId = send.SequenceId,
            Channel = MessageChannel.Sms,
            Direction = MessageDirection.Outbound,
            TemplateId = template.Id,
            Recipient = candidate.Phone!,
            Body = rendered.Text!,
            Status = MessageStatus.Queued,
            CreatedAt = now,
        };
        db.Messages.Add(message);
        send.MessageId = message.Id;
        return message;
    }

    private async Task RecordOutcomeAsync(
        SamsaraDbContext db, OutreachSend send, Message message, OutreachSequence sequence, Project project,
        ProviderResult<TwilioMessage> result, DateTimeOffset now, CancellationToken ct)
    {
        var failure = result.Failure;
        switch (result.Outcome)
        {
            case ProviderOutcome.Succeeded:
                await RecordSentAsync(db, send, message, sequence, project, result.Value!.Sid, now, null, ct);
                break;
            case ProviderOutcome.OptedOut:
                await RecordOptOutAsync(db, send, message, sequence, failure!.Reason, now, ct);
                break;
            case ProviderOutcome.RateLimited:
                // Nothing reached the handset: the same request may go again, after the provider's own wait.
                send.AttemptedAt = null;
                var wait = failure!.RetryAfter ?? Backoff(send.Attempts);
                await WaitAsync(db, send, SendStatus.Pending, now + wait, $"Rate-limited by Twilio; retry in {wait.TotalSeconds:0} s", now, ct);
                break;
            case ProviderOutcome.Transient when send.Attempts < options.MaxAttempts:
                send.AttemptedAt = null;
                await WaitAsync(db, send, SendStatus.Pending, now + Backoff(send.Attempts), $"Transient failure, will retry: {failure!.Reason}", now, ct);
                break;
            case ProviderOutcome.Transient:
            case ProviderOutcome.Permanent:
                message.Status = MessageStatus.Failed;
                message.StatusDetail = failure!.Reason;
                await FinishAsync(db, send, SendStatus.Failed, LedgerKind.Failed, failure.Reason, now, ct);
                break;
            case ProviderOutcome.UnknownOutcome:
                // AttemptedAt stays set: the next claim reconciles with Twilio's list before any resend.
                await WaitAsync(db, send, SendStatus.UnknownOutcome, now, $"Unknown outcome, to be reconciled: {failure!.Reason}", now, ct);
                break;
        }
    }

    private static async Task RecordSentAsync(
        SamsaraDbContext db, OutreachSend send, Message message, OutreachSequence sequence, Project project,
        string providerId, DateTimeOffset now, string? note, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        message.Status = MessageStatus.Sent;
        message.ProviderMessageId = providerId;
        message.SentAt = now;
        send.ProviderMessageId = providerId;
        send.SentAt = now;
        send.Status = SendStatus.Sent;
        send.LeaseExpiresAt = null;
        send.Reason = note;
        send.UpdatedAt = now;
        EngineLedger.Add(db, send.ProjectId, send.SequenceId, send.StepIndex, LedgerKind.Sent, note is null ? $"SMS sent ({providerId})" : $"SMS sent ({providerId}): {note}", now);

        // The candidate's moves and the reply timer commit with the send, so a crash cannot leave one without the other.
        if (await OutreachService.MoveInAsync(db, sequence.Id, CandidateState.Pending, CandidateState.OutreachSent, "First SMS sent", EngineLedger.Actor, now, ct)
            && await OutreachService.MoveInAsync(db, sequence.Id, CandidateState.OutreachSent, CandidateState.AwaitingReply, $"Waiting {project.ReplyWindowMinutes} min for a reply", EngineLedger.Actor, now, ct))
        {
            db.OutreachTimers.Add(new OutreachTimer
            {
                Id = Guid.CreateVersion7(now),
                SequenceId = sequence.Id,
                ProjectId = project.Id,
                Kind = TimerKind.ReplyTimeout,
                StepIndex = send.StepIndex,
                DueAt = now + TimeSpan.FromMinutes(project.ReplyWindowMinutes),
                CreatedAt = now,
            });
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static async Task RecordOptOutAsync(
        SamsaraDbContext db, OutreachSend send, Message message, OutreachSequence sequence, string reason, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        message.Status = MessageStatus.Failed;
        message.StatusDetail = reason;
        send.Status = SendStatus.Skipped;
        send.Reason = $"Opted out: {reason}";
        send.LeaseExpiresAt = null;
        send.UpdatedAt = now;
        EngineLedger.Add(db, send.ProjectId, send.SequenceId, send.StepIndex, LedgerKind.OptedOut, send.Reason, now);
        var current = await db.OutreachSequences.Where(s => s.Id == sequence.Id).Select(s => s.Status).SingleAsync(ct);
        if (CandidateStateMachine.CanMove(current, CandidateState.OptedOut))
        {
            await OutreachService.MoveInAsync(db, sequence.Id, current, CandidateState.OptedOut, "Twilio reports the number opted out (21610)", EngineLedger.Actor, now, ct);
        }

        await OutstandingWork.CancelAsync(db, sequence.Id, "Opted out", now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private Task SkipAsync(SamsaraDbContext db, OutreachSend send, string reason, DateTimeOffset now, CancellationToken ct) =>
        FinishAsync(db, send, SendStatus.Skipped, LedgerKind.Skipped, reason, now, ct);

    private async Task FinishAsync(SamsaraDbContext db, OutreachSend send, SendStatus status, LedgerKind kind, string reason, DateTimeOffset now, CancellationToken ct)
    {
        send.Status = status;
        send.Reason = reason;
        send.LeaseExpiresAt = null;
        EngineLedger.Add(db, send.ProjectId, send.SequenceId, send.StepIndex, kind, reason, now);
        await SaveIfStillOursAsync(db, send, now, ct);
    }

    private async Task WaitAsync(
        SamsaraDbContext db, OutreachSend send, SendStatus status, DateTimeOffset dueAt, string reason, DateTimeOffset now, CancellationToken ct, bool ledger = true)
    {
        send.Status = status;
        send.DueAt = dueAt;
        send.Reason = reason;
        send.ClaimedBy = null;
        send.LeaseExpiresAt = null;
        if (ledger)
        {
            EngineLedger.Add(db, send.ProjectId, send.SequenceId, send.StepIndex, LedgerKind.Deferred, reason, now);
        }

        await SaveIfStillOursAsync(db, send, now, ct);
    }

    /// <summary>Saves the tracked changes only while this node still holds the claim (checked and written in one transaction).</summary>
    private async Task<bool> SaveIfStillOursAsync(SamsaraDbContext db, OutreachSend send, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ours = await db.OutreachSends
            .Where(s => s.Id == send.Id && s.Status == SendStatus.Claimed && s.ClaimedBy == Node)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.UpdatedAt, now), ct);
        if (ours == 0)
        {
            return false;
        }

        send.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private TimeSpan Backoff(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        var wait = TimeSpan.FromTicks((long)Math.Min(options.Backoff.Ticks * factor, options.MaxBackoff.Ticks));
        return wait;
    }
}
