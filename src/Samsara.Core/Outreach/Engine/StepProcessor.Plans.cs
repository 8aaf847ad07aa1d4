using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Engine.Pacing;

namespace Samsara.Core.Outreach.Engine;

/// <summary>Writes a batch's decisions in one transaction, for exactly the steps this node still holds.</summary>
internal sealed partial class StepProcessor
{
    /// <returns>The sends still held (their plans written) and the lease they now run to.</returns>
    private async Task<(HashSet<Guid> Owned, DateTimeOffset LeaseUntil)> CommitPlansAsync(
        SamsaraDbContext db, IReadOnlyList<StepPlan> plans, DateTimeOffset now, CancellationToken ct)
    {
        // A full lease from the moment the requests leave, not from the claim: a batch that waited must not be taken
        // over (and reconciled before its requests land) by another node while they are in flight.
        var leaseUntil = clock.GetUtcNow() + options.Lease;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var owned = await SendClaims.StillOursAsync(db, Node, [.. plans.Select(p => p.Work.Send.Id)], now, leaseUntil, ct);
        var mine = plans.Where(p => owned.Contains(p.Work.Send.Id)).ToList();
        var advancing = mine.Where(p => p.Kind == PlanKind.SkipAndAdvance).Select(p => p.Work).ToList();
        if (advancing.Count > 0)
        {
            var next = await NextSteps.LoadAsync(db, advancing, ct);
            var states = await StatesAsync(db, advancing, ct);
            foreach (var w in advancing)
            {
                next.Queue(db, w, states[w.Sequence.Id], now);
            }
        }

        // A step that will never go gives back the send slot it may have reserved earlier, and its place in the day's count.
        var skipped = mine.Where(p => p.Kind is PlanKind.Skip or PlanKind.SkipAndAdvance).Select(p => p.Work.Send.Id).ToList();
        if (skipped.Count > 0)
        {
            await SlotRelease.ReleaseAsync(db, db.OutreachSends.Where(s => skipped.Contains(s.Id)).Select(s => s.Id), ct);
        }

        foreach (var plan in mine)
        {
            Apply(db, plan, now);
        }

        await db.WriteChangesAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (owned, leaseUntil);
    }

    private static void Apply(SamsaraDbContext db, StepPlan plan, DateTimeOffset now)
    {
        var send = plan.Work.Send;
        if (plan.Work.Message is { } message && db.Entry(message).State == EntityState.Detached && plan.Kind is PlanKind.Attempt or PlanKind.Wait)
        {
            // Rendered in this pass: stored with the attempt (or the wait), so a later pass sends exactly this text.
            db.Messages.Add(message);
            send.MessageId = message.Id;
        }

        switch (plan.Kind)
        {
            case PlanKind.Attempt:
                send.AttemptedAt = now;
                send.Attempts++;
                send.UpdatedAt = now;
                break;
            case PlanKind.Wait:
                MarkWaiting(db, send, plan.WaitStatus, plan.Until, plan.Reason!, now, plan.Ledger);
                break;
            case PlanKind.Skip:
            case PlanKind.SkipAndAdvance:
                MarkFinished(db, send, SendStatus.Skipped, LedgerKind.Skipped, plan.Reason!, now);
                break;
        }
    }

    private static void MarkWaiting(SamsaraDbContext db, OutreachSend send, SendStatus status, DateTimeOffset dueAt, string reason, DateTimeOffset now, bool ledger)
    {
        send.Status = status;
        send.DueAt = dueAt;
        send.Reason = reason;
        send.ClaimedBy = null;
        send.LeaseExpiresAt = null;
        send.UpdatedAt = now;
        if (ledger)
        {
            EngineLedger.Add(db, send.ProjectId, send.SequenceId, send.StepIndex, LedgerKind.Deferred, reason, now);
        }
    }

    private static void MarkFinished(SamsaraDbContext db, OutreachSend send, SendStatus status, LedgerKind kind, string reason, DateTimeOffset now)
    {
        send.Status = status;
        send.Reason = reason;
        send.LeaseExpiresAt = null;
        send.UpdatedAt = now;
        EngineLedger.Add(db, send.ProjectId, send.SequenceId, send.StepIndex, kind, reason, now);
    }

    /// <summary>The enrolments' states as committed now (another node or a reply may have moved them since loading).</summary>
    private static Task<Dictionary<Guid, CandidateState>> StatesAsync(SamsaraDbContext db, IEnumerable<StepWork> works, CancellationToken ct)
    {
        var ids = works.Select(w => w.Sequence.Id).Distinct().ToList();
        return db.OutreachSequences.Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Status, ct);
    }
}
