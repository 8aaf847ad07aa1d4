using Microsoft.EntityFrameworkCore;
using Samsara.Core.Channels;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Templates;
using Samsara.Core.Usage;

namespace Samsara.Core.Outreach.Engine;

/// <summary>How a step ends: sent, skipped, failed or waiting; and what comes after it.</summary>
internal sealed partial class StepProcessor
{
    /// <summary>A message the provider accepted.</summary>
    /// <param name="Carrier">Who carried it ("twilio", "smtp", "sendgrid"), for the usage ledger.</param>
    private sealed record Sent(StepWork Work, Message Message, string ProviderId, string Carrier, string? Note = null);

    /// <summary>
    /// What the batch's requests did. Every message sent is recorded in one transaction (for the claims still held: a
    /// claim lost meanwhile is its new holder's to reconcile); anything else is rare and handled per step in its own
    /// unit of work, as if alone.
    /// </summary>
    private async Task RecordResultsAsync(SamsaraDbContext db, IReadOnlyList<Attempted> results, DateTimeOffset now, CancellationToken ct)
    {
        var sent = results.Where(r => r.Result.Succeeded).ToList();
        if (sent.Count > 0)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var owned = await SendClaims.StillOursAsync(db, Node, [.. sent.Select(r => r.Plan.Work.Send.Id)], now, now + options.Lease, ct);
            await RecordSentAsync(db, [.. sent.Where(r => owned.Contains(r.Plan.Work.Send.Id)).Select(r => new Sent(r.Plan.Work, r.Plan.Work.Message!, r.Result.Value!, r.Channel.Carrier))], now, ct);
            await tx.CommitAsync(ct);
        }

        foreach (var r in results.Where(r => !r.Result.Succeeded))
        {
            await using var own = await dbFactory.CreateDbContextAsync(ct);
            var send = await own.OutreachSends.SingleAsync(s => s.Id == r.Plan.Work.Send.Id, ct);
            var message = await own.Messages.SingleAsync(m => m.Id == r.Plan.Work.Message!.Id, ct);
            await RecordOutcomeAsync(own, r.Plan.Work with { Send = send, Message = message }, message, r.Channel, r.Result, now, ct);
        }
    }

    private async Task RecordOutcomeAsync(
        SamsaraDbContext db, StepWork w, Message message, IStepChannel channel, ProviderResult<string> result, DateTimeOffset now, CancellationToken ct)
    {
        var send = w.Send;
        var failure = result.Failure;
        switch (result.Outcome)
        {
            case ProviderOutcome.Succeeded:
                await RecordSentAsync(db, [new Sent(w, message, result.Value!, channel.Carrier)], now, ct);
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
                // AttemptedAt stays set: the next claim reconciles with the provider before any resend, once the provider
                // has had time to finish a request it may still be working on.
                var settle = now + options.UnknownOutcomeSettle;
                await WaitAsync(db, send, SendStatus.UnknownOutcome, settle, $"Unknown outcome, to be checked with the provider at {settle:u}: {failure!.Reason}", now, ct);
                break;
        }
    }

    /// <summary>
    /// Records accepted messages: message and outbox rows, ledger lines, the first message's moves to AWAITING_REPLY (one
    /// compare-and-set per starting state for the whole set, events for exactly the ones that moved) and what comes
    /// next. Joins the caller's transaction or opens its own.
    /// </summary>
    private static async Task RecordSentAsync(SamsaraDbContext db, IReadOnlyList<Sent> items, DateTimeOffset now, CancellationToken ct)
    {
        if (items.Count == 0)
        {
            return;
        }

        var outer = db.Database.CurrentTransaction;
        await using var tx = outer is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var prices = await UsagePricesAsync(db, items, ct);

        // A send found sent by reconciling (a dead node's request did reach the provider) may be booked already.
        var providerIds = items.Select(i => i.ProviderId).ToList();
        var booked = (await db.UsageEvents.AsNoTracking().Where(u => u.ProviderRef != null && providerIds.Contains(u.ProviderRef))
            .Select(u => u.ProviderRef!).ToListAsync(ct)).ToHashSet();
        foreach (var (w, message, providerId, carrier, note) in items)
        {
            var send = w.Send;
            message.Status = MessageStatus.Sent;
            message.ProviderMessageId = providerId;
            message.SentAt = now;
            send.ProviderMessageId = providerId;
            send.SentAt = now;
            send.Status = SendStatus.Sent;
            send.LeaseExpiresAt = null;
            send.Reason = note;
            send.UpdatedAt = now;
            var what = What(message);
            EngineLedger.Add(db, send.ProjectId, send.SequenceId, send.StepIndex, LedgerKind.Sent, note is null ? $"{what} sent ({providerId})" : $"{what} sent ({providerId}): {note}", now);
            if (booked.Add(providerId))
            {
                db.UsageEvents.Add(message.Channel == MessageChannel.Email
                    ? UsageRows.Email(carrier, providerId, send.ProjectId, w.Candidate.Id, message.Id, prices[carrier], now)
                    : UsageRows.Sms(providerId, message.Body, send.ProjectId, w.Candidate.Id, message.Id, prices[carrier], now));
            }
        }

        // The first message moves the candidate to AWAITING_REPLY; later ones find them there already.
        var sequences = items.Select(i => i.Work.Sequence.Id).Distinct().ToList();
        var fromSent = await SequenceMoves.MoveManyAsync(db, sequences, now, ct, CandidateState.OutreachSent, CandidateState.AwaitingReply);
        var fromPending = (await SequenceMoves.MoveManyAsync(db, sequences, now, ct, CandidateState.Pending, CandidateState.OutreachSent, CandidateState.AwaitingReply)).ToHashSet();
        foreach (var item in items.DistinctBy(i => i.Work.Sequence.Id).Where(i => fromPending.Contains(i.Work.Sequence.Id)))
        {
            db.OutreachEvents.Add(EngineLedger.Event(item.Work.Sequence.Id, CandidateState.Pending, CandidateState.OutreachSent, $"First {What(item.Message)} sent", now));
        }

        foreach (var id in fromSent.Concat(fromPending))
        {
            db.OutreachEvents.Add(EngineLedger.Event(id, CandidateState.OutreachSent, CandidateState.AwaitingReply, "Waiting for a reply", now));
        }

        var works = items.Select(i => i.Work).ToList();
        var next = await NextSteps.LoadAsync(db, works, ct);
        var states = await StatesAsync(db, works, ct);
        foreach (var w in works)
        {
            next.Queue(db, w, states[w.Sequence.Id], now);
        }

        await db.WriteChangesAsync(ct);
        await db.SaveChangesAsync(ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
    }

    /// <summary>The configured unit price of each carrier in the set: one small read per carrier per batch, nothing decrypted.</summary>
    private static async Task<Dictionary<string, PriceQuote>> UsagePricesAsync(SamsaraDbContext db, IReadOnlyList<Sent> items, CancellationToken ct)
    {
        var prices = new Dictionary<string, PriceQuote>();
        foreach (var carrier in items.Select(i => i.Carrier).Distinct())
        {
            prices[carrier] = UsagePrices.TypeOf(carrier) is { } type ? await UsagePrices.ForAsync(db, type, ct) : PriceQuote.None;
        }

        return prices;
    }

    private static string What(Message message) => message.Channel == MessageChannel.Email ? "Email" : "SMS";

    /// <summary>Queues what follows one step, inside the caller's transaction (see <see cref="NextSteps.Queue"/>).</summary>
    private static async Task QueueNextAsync(SamsaraDbContext db, StepWork w, DateTimeOffset now, CancellationToken ct)
    {
        var next = await NextSteps.LoadAsync(db, [w], ct);
        next.Queue(db, w, (await StatesAsync(db, [w], ct))[w.Sequence.Id], now);
    }

    /// <summary>The AI call step: the candidate who has not answered is handed to the AI screening call.</summary>
    private async Task HandOverToAiCallAsync(SamsaraDbContext db, StepWork w, DateTimeOffset now, CancellationToken ct)
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

    private static async Task RecordOptOutAsync(SamsaraDbContext db, StepWork w, Message message, string reason, DateTimeOffset now, CancellationToken ct)
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
    private static async Task RecordBadAddressAsync(SamsaraDbContext db, StepWork w, Message message, string reason, DateTimeOffset now, CancellationToken ct)
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

    private async Task<bool> FinishAsync(SamsaraDbContext db, OutreachSend send, SendStatus status, LedgerKind kind, string reason, DateTimeOffset now, CancellationToken ct)
    {
        MarkFinished(db, send, status, kind, reason, now);
        return await SaveIfStillOursAsync(db, send, now, ct);
    }

    private async Task WaitAsync(
        SamsaraDbContext db, OutreachSend send, SendStatus status, DateTimeOffset dueAt, string reason, DateTimeOffset now, CancellationToken ct, bool ledger = true)
    {
        MarkWaiting(db, send, status, dueAt, reason, now, ledger);
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
