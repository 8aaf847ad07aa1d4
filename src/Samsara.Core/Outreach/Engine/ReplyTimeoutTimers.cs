using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Engine.Pacing;

namespace Samsara.Core.Outreach.Engine;

/// <summary>What a timer pass did: timers found due, and the projects whose candidates moved.</summary>
internal sealed record TimerPassResult(int Due, IReadOnlyList<Guid> Touched);

/// <summary>
/// Fires due reply timeouts: AWAITING_REPLY → TIMEOUT → AI_CALLING (the voice engine takes it from there), never
/// outside the candidate's allowed hours. Due timers are read with what deciding needs in one query and fired in
/// chunks, one transaction per chunk, several chunks at once: a burst of thousands due in the same second is not
/// fired one commit at a time. Marking a timer fired is a guarded UPDATE in the same transaction as the moves, so on
/// PostgreSQL a second node waits on the row lock, then finds it fired and does nothing.
/// </summary>
internal sealed class ReplyTimeoutTimers(IDbContextFactory<SamsaraDbContext> dbFactory, OutreachEngineOptions options, TimeProvider clock)
{
    private sealed record DueTimer(
        Guid Id, TimerKind Kind, DateTimeOffset DueAt, int StepIndex, Guid SequenceId, CandidateState Status, bool IsPaused, DateTimeOffset? StoppedAt, string? Phone,
        Guid ProjectId, string Region, int QuietStart, int QuietEnd, int ReplyWindowMinutes, int OverdueReplanMinutes);

    public async Task<TimerPassResult> FireDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<DueTimer> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // Same order on every node (ties broken by id), so two nodes lock overlapping chunks in the same order.
            due = await (
                from t in db.OutreachTimers
                where t.FiredAt == null && t.CancelledAt == null && t.DueAt <= now
                join s in db.OutreachSequences on t.SequenceId equals s.Id
                join c in db.Candidates on s.CandidateId equals c.Id
                join p in db.Projects on s.ProjectId equals p.Id
                orderby t.DueAt, t.Id
                select new DueTimer(t.Id, t.Kind, t.DueAt, t.StepIndex, s.Id, s.Status, s.IsPaused, s.StoppedAt, c.Phone,
                    p.Id, p.DefaultPhoneRegion, p.QuietHoursStartMinute, p.QuietHoursEndMinute, p.ReplyWindowMinutes, p.OverdueReplanMinutes))
                .Take(options.BatchSize)
                .ToListAsync(ct);
        }

        var touched = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        var chunks = due.Chunk(options.TimerChunkSize);
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = options.SendConcurrency, CancellationToken = ct }, async (chunk, token) =>
        {
            // A chunk that started later in a long pass is stamped (and its quiet hours checked) at its own start.
            var at = clock.GetUtcNow() is var current && current > now ? current : now;
            await using var db = await dbFactory.CreateDbContextAsync(token);
            await using var tx = await db.Database.BeginTransactionAsync(token);
            foreach (var timer in chunk)
            {
                if (await FireInAsync(db, timer, at, token))
                {
                    touched.Add(timer.ProjectId);
                }
            }

            await db.SaveChangesAsync(token);
            await tx.CommitAsync(token);
        });

        return new TimerPassResult(due.Count, [.. touched.Distinct()]);
    }

    /// <returns>True when the candidate was handed over to the AI call.</returns>
    private async Task<bool> FireInAsync(SamsaraDbContext db, DueTimer timer, DateTimeOffset now, CancellationToken ct)
    {
        var open = db.OutreachTimers.Where(t => t.Id == timer.Id && t.FiredAt == null && t.CancelledAt == null);

        if (timer.StoppedAt is not null || timer.Status != CandidateState.AwaitingReply)
        {
            // The candidate moved on (replied, opted out, moved by hand) or the recruiter stopped them: nothing to time out.
            await open.ExecuteUpdateAsync(t => t.SetProperty(x => x.CancelledAt, now), ct);
            return false;
        }

        if (timer.IsPaused)
        {
            await open.ExecuteUpdateAsync(t => t.SetProperty(x => x.DueAt, now + options.PausedRecheck), ct);
            return false;
        }

        var zones = CandidateTimeZones.For(timer.Phone, timer.Region);
        var hours = new QuietHours(timer.QuietStart, timer.QuietEnd, zones);
        if (!hours.Allows(now))
        {
            // No overlap across zones: fall back to a day later rather than never; the ledger says why.
            var next = hours.NextAllowed(now) ?? now.AddDays(1);
            if (await open.ExecuteUpdateAsync(t => t.SetProperty(x => x.DueAt, next), ct) > 0)
            {
                EngineLedger.Add(db, timer.ProjectId, timer.SequenceId, timer.StepIndex, LedgerKind.Deferred,
                    $"Reply timeout falls in quiet hours ({string.Join(", ", zones.Select(z => z.Id))}); waits until {next:u}", now);
            }

            return false;
        }

        if (await OverdueReplanning.ReplanTimerAsync(db, new OverdueTimer(timer.Id, timer.Kind, timer.DueAt, timer.StepIndex, timer.SequenceId),
                timer.ProjectId, timer.OverdueReplanMinutes, options.Pacing, now, ct))
        {
            return false;
        }

        if (await open.ExecuteUpdateAsync(t => t.SetProperty(x => x.FiredAt, now), ct) == 0)
        {
            // Fired or cancelled by another node in the meantime.
            return false;
        }

        if (!await OutreachService.MoveInAsync(db, timer.SequenceId, CandidateState.AwaitingReply, CandidateState.Timeout,
                $"No reply within {timer.ReplyWindowMinutes} min", EngineLedger.Actor, now, ct))
        {
            // The candidate moved since the timer was read (a reply just landed): the timeout no longer applies.
            await db.OutreachTimers.Where(t => t.Id == timer.Id)
                .ExecuteUpdateAsync(t => t.SetProperty(x => x.FiredAt, (DateTimeOffset?)null).SetProperty(x => x.CancelledAt, now), ct);
            return false;
        }

        await OutreachService.MoveInAsync(db, timer.SequenceId, CandidateState.Timeout, CandidateState.AiCalling,
            "Handed over to the AI screening call", EngineLedger.Actor, now, ct);
        EngineLedger.Add(db, timer.ProjectId, timer.SequenceId, timer.StepIndex, LedgerKind.TimerFired, "Reply timeout: handed over to the AI screening call", now);
        return true;
    }
}
