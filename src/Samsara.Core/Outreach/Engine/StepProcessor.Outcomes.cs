using Microsoft.EntityFrameworkCore;
using Samsara.Core.Channels;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Engine;

/// <summary>How a step ends: sent, skipped, failed or waiting; and what comes after it.</summary>
internal sealed partial class StepProcessor
{
    private async Task RecordOutcomeAsync(
        SamsaraDbContext db, Work w, Message message, IStepChannel channel, ProviderResult<string> result, DateTimeOffset now, CancellationToken ct)
    {
        var send = w.Send;
        var failure = result.Failure;
        switch (result.Outcome)
        {
            case ProviderOutcome.Succeeded:
                await RecordSentAsync(db, w, message, result.Value!, now, null, ct);
                break;
            case ProviderOutcome.OptedOut:
                await RecordOptOutAsync(db, w, message, failure!.Reason, now, ct);
                break;
            case ProviderOutcome.RateLimited:
                // Nothing reached the candidate: the same request may go again, after the provider's own wait.
                send.AttemptedAt = null;
                var wait = failure!.RetryAfter ?? Backoff(send.Attempts);
                await WaitAsync(db, send, SendStatus.Pending, now + wait, $"Rate-limited by the {channel.Name} provider; retry in {wait.TotalSeconds:0} s", now, ct);
                break;
            case ProviderOutcome.Transient when send.Attempts < options.MaxAttempts:
                send.AttemptedAt = null;
                await WaitAsync(db, send, SendStatus.Pending, now + Backoff(send.Attempts), $"Transient failure, will retry: {failure!.Reason}", now, ct);
                break;
            case ProviderOutcome.Permanent when failure!.ProviderCode == EmailStepChannel.RecipientRejected:
                await RecordBadAddressAsync(db, w, message, failure.Reason, now, ct);
                break;
            case ProviderOutcome.Transient:
            case ProviderOutcome.Permanent:
                message.Status = MessageStatus.Failed;
                message.StatusDetail = failure!.Reason;
                await FinishAsync(db, send, SendStatus.Failed, LedgerKind.Failed, failure.Reason, now, ct);
                break;
            case ProviderOutcome.UnknownOutcome:
                // AttemptedAt stays set: the next claim reconciles with the provider before any resend.
                await WaitAsync(db, send, SendStatus.UnknownOutcome, now, $"Unknown outcome, to be reconciled: {failure!.Reason}", now, ct);
                break;
        }
    }

    private static async Task RecordSentAsync(SamsaraDbContext db, Work w, Message message, string providerId, DateTimeOffset now, string? note, CancellationToken ct)
    {
        var send = w.Send;
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
        var what = message.Channel == MessageChannel.Email ? "Email" : "SMS";
        EngineLedger.Add(db, send.ProjectId, send.SequenceId, send.StepIndex, LedgerKind.Sent, note is null ? $"{what} sent ({providerId})" : $"{what} sent ({providerId}): {note}", now);

        // The first message moves the candidate to AWAITING_REPLY; later ones find them there already.
        var state = await db.OutreachSequences.Where(s => s.Id == send.SequenceId).Select(s => s.Status).SingleAsync(ct);
        if (state == CandidateState.Pending
            && await OutreachService.MoveInAsync(db, send.SequenceId, CandidateState.Pending, CandidateState.OutreachSent, $"First {what} sent", EngineLedger.Actor, now, ct))
        {
            state = CandidateState.OutreachSent;
        }

        if (state == CandidateState.OutreachSent)
        {
            await OutreachService.MoveInAsync(db, send.SequenceId, CandidateState.OutreachSent, CandidateState.AwaitingReply,
                $"Waiting for a reply", EngineLedger.Actor, now, ct);
        }

        await QueueNextAsync(db, w, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Queues the step after this one (due its delay from now) and, when no message step follows, starts the reply
    /// window. Inside the caller's transaction, so a step is never done without its successor being planned.
    /// </summary>
    private static async Task QueueNextAsync(SamsaraDbContext db, Work w, DateTimeOffset now, CancellationToken ct)
    {
        var send = w.Send;
        if (await OutreachSchedule.NextAsync(db, w.Sequence.DefinitionId, send.SequenceId, send.StepIndex, ct) is { } next)
        {
            db.OutreachSends.Add(OutreachSchedule.Queue(send.SequenceId, send.ProjectId, next, now, now));
        }

        var state = await db.OutreachSequences.Where(s => s.Id == send.SequenceId).Select(s => s.Status).SingleAsync(ct);
        var timerPlanned = await db.OutreachTimers.AnyAsync(t => t.SequenceId == send.SequenceId && t.Kind == TimerKind.ReplyTimeout, ct);
        if (state == CandidateState.AwaitingReply && !timerPlanned
            && !await OutreachSchedule.MessageStepFollowsAsync(db, w.Sequence.DefinitionId, send.SequenceId, send.StepIndex, ct))
        {
            db.OutreachTimers.Add(new OutreachTimer
            {
                Id = Guid.CreateVersion7(now),
                SequenceId = send.SequenceId,
                ProjectId = send.ProjectId,
                Kind = TimerKind.ReplyTimeout,
                StepIndex = send.StepIndex,
                DueAt = now + TimeSpan.FromMinutes(w.Project.ReplyWindowMinutes),
                CreatedAt = now,
            });
        }
    }

    /// <summary>The AI call step: the candidate who has not answered is handed to the AI screening call.</summary>
    private async Task HandOverToAiCallAsync(SamsaraDbContext db, Work w, DateTimeOffset now, CancellationToken ct)
    {
        var send = w.Send;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await OutreachService.MoveInAsync(db, send.SequenceId, CandidateState.AwaitingReply, CandidateState.Timeout,
                "No reply before the sequence's AI call step", EngineLedger.Actor, now, ct))
        {
            await tx.RollbackAsync(ct);
            await SkipAsync(db, send, "The candidate moved on before the AI call step", now, ct);
            return;
        }

        await OutreachService.MoveInAsync(db, send.SequenceId, CandidateState.Timeout, CandidateState.AiCalling,
            "Handed over to the AI screening call", EngineLedger.Actor, now, ct);
        // The reply window has nothing left to time out.
        await db.OutreachTimers.Where(t => t.SequenceId == send.SequenceId && t.FiredAt == null && t.CancelledAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.CancelledAt, now), ct);
        send.Status = SendStatus.Sent;
        send.SentAt = now;
        send.LeaseExpiresAt = null;
        send.Reason = "Handed over to the AI screening call";
        send.UpdatedAt = now;
        EngineLedger.Add(db, send.ProjectId, send.SequenceId, send.StepIndex, LedgerKind.Sent, "AI call step: handed over to the AI screening call", now);
        await QueueNextAsync(db, w, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static async Task RecordOptOutAsync(SamsaraDbContext db, Work w, Message message, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var send = w.Send;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        message.Status = MessageStatus.Failed;
        message.StatusDetail = reason;
        send.Status = SendStatus.Skipped;
        send.Reason = $"Opted out: {reason}";
        send.LeaseExpiresAt = null;
        send.UpdatedAt = now;
        EngineLedger.Add(db, send.ProjectId, send.SequenceId, send.StepIndex, LedgerKind.OptedOut, send.Reason, now);
        ConsentLedger.Record(db, message.Recipient, ConsentChannel.Phone, ConsentKind.OptOut, ConsentSource.Carrier21610, reason, send.ProjectId, now);
        var current = await db.OutreachSequences.Where(s => s.Id == send.SequenceId).Select(s => s.Status).SingleAsync(ct);
        if (CandidateStateMachine.CanMove(current, CandidateState.OptedOut))
        {
            await OutreachService.MoveInAsync(db, send.SequenceId, current, CandidateState.OptedOut, "Twilio reports the number opted out (21610)", EngineLedger.Actor, now, ct);
        }

        await OutstandingWork.CancelAsync(db, send.SequenceId, "Opted out", now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The mail server refused the address outright: mark it bad everywhere and go on with the next step.</summary>
    private static async Task RecordBadAddressAsync(SamsaraDbContext db, Work w, Message message, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var send = w.Send;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        message.Status = MessageStatus.Failed;
        message.StatusDetail = reason;
        send.Status = SendStatus.Failed;
        send.Reason = reason;
        send.LeaseExpiresAt = null;
        send.UpdatedAt = now;
        EngineLedger.Add(db, send.ProjectId, send.SequenceId, send.StepIndex, LedgerKind.Failed, $"Address refused, marked unusable: {reason}", now);
        await EmailProblems.MarkAsync(db, message.Recipient, $"refused by the mail server at {now:u}", ct);
        await QueueNextAsync(db, w, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private Task<bool> SkipAsync(SamsaraDbContext db, OutreachSend send, string reason, DateTimeOffset now, CancellationToken ct) =>
        FinishAsync(db, send, SendStatus.Skipped, LedgerKind.Skipped, reason, now, ct);

    /// <summary>A skip that does not end the sequence (a condition, a missing contact or value): the next step is queued with it.</summary>
    private async Task SkipAndAdvanceAsync(SamsaraDbContext db, Work w, string reason, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await QueueNextAsync(db, w, now, ct);
        if (await FinishAsync(db, w.Send, SendStatus.Skipped, LedgerKind.Skipped, reason, now, ct))
        {
            await tx.CommitAsync(ct);
        }
    }

    private async Task<bool> FinishAsync(SamsaraDbContext db, OutreachSend send, SendStatus status, LedgerKind kind, string reason, DateTimeOffset now, CancellationToken ct)
    {
        send.Status = status;
        send.Reason = reason;
        send.LeaseExpiresAt = null;
        EngineLedger.Add(db, send.ProjectId, send.SequenceId, send.StepIndex, kind, reason, now);
        return await SaveIfStillOursAsync(db, send, now, ct);
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

    /// <summary>
    /// Saves the tracked changes only while this node still holds the claim (checked and written in one transaction,
    /// or in the caller's when one is open).
    /// </summary>
    private async Task<bool> SaveIfStillOursAsync(SamsaraDbContext db, OutreachSend send, DateTimeOffset now, CancellationToken ct)
    {
        var outer = db.Database.CurrentTransaction;
        await using var tx = outer is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var ours = await db.OutreachSends
            .Where(s => s.Id == send.Id && s.Status == SendStatus.Claimed && s.ClaimedBy == Node)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.UpdatedAt, now), ct);
        if (ours == 0)
        {
            return false;
        }

        send.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }

        return true;
    }
}
