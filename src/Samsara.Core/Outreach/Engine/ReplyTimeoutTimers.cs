using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Engine.Pacing;

namespace Samsara.Core.Outreach.Engine;

/// <summary>What a timer pass did: timers found due, and the projects whose candidates moved.</summary>
internal sealed record TimerPassResult(int Due, IReadOnlyList<Guid> Touched);

/// <summary>
/// Fires due reply timeouts: AWAITING_REPLY → TIMEOUT → AI_CALLING (the voice engine takes it from there), never
/// outside the candidate's allowed hours. Due timers are read with what deciding needs in one query and handled in
/// chunks, one transaction per chunk (several at once on PostgreSQL, one at a time on SQLite's single writer). Quiet
/// hours, pauses, stops and overdue re-planning are decided per timer in memory; the timers that fire go as sets
/// (<see cref="TimerSetOperations"/>): a guarded UPDATE ... RETURNING of the timers still open, so on PostgreSQL a
/// second node waits on the row locks, then finds them fired and does nothing; one compare-and-set UPDATE of the
/// candidates still awaiting a reply; events and ledger lines for exactly the ones that moved.
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
        // SQLite has one writer: parallel chunks would only queue on its lock, so they go one at a time there.
        var parallel = IsSqlite() ? 1 : options.SendConcurrency;
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (chunk, token) =>
        {
            // A chunk that started later in a long pass is stamped (and its quiet hours checked) at its own start.
            var at = clock.GetUtcNow() is var current && current > now ? current : now;
            await using var db = await dbFactory.CreateDbContextAsync(token);
            await using var tx = await db.Database.BeginTransactionAsync(token);
            await TimerSetOperations.LockAsync(db, [.. chunk.Select(t => t.Id)], token);
            var firing = new List<DueTimer>(chunk.Length);
            foreach (var timer in chunk)
            {
                if (await DecideAsync(db, timer, at, token))
                {
                    firing.Add(timer);
                }
            }

            foreach (var projectId in await FireAsync(db, firing, at, token))
            {
                touched.Add(projectId);
            }

            // Events and ledger lines in multi-row statements: a chunk of 100 timers adds 300 rows.
            await db.WriteChangesAsync(token);
            await db.SaveChangesAsync(token);
            await tx.CommitAsync(token);
        });

        return new TimerPassResult(due.Count, [.. touched.Distinct()]);
    }

    private bool IsSqlite()
    {
        using var db = dbFactory.CreateDbContext();
        return db.Database.IsSqlite();
    }

    /// <returns>True when the timer should fire now; otherwise it was cancelled, postponed or re-planned here.</returns>
    private async Task<bool> DecideAsync(SamsaraDbContext db, DueTimer timer, DateTimeOffset now, CancellationToken ct)
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

        return !await OverdueReplanning.ReplanTimerAsync(db, new OverdueTimer(timer.Id, timer.Kind, timer.DueAt, timer.StepIndex, timer.SequenceId),
            timer.ProjectId, timer.OverdueReplanMinutes, options.Pacing, now, ct);
    }

    /// <summary>
    /// Fires the chunk's timers as sets: claim the timers still open (another node may have fired some), move the
    /// candidates still awaiting a reply, then write two events and a ledger line for exactly those that moved and
    /// cancel the claimed timers whose candidate did not.
    /// </summary>
    /// <returns>The projects whose candidates were handed over to the AI call.</returns>
    private static async Task<IReadOnlyList<Guid>> FireAsync(SamsaraDbContext db, List<DueTimer> firing, DateTimeOffset now, CancellationToken ct)
    {
        if (firing.Count == 0)
        {
            return [];
        }

        var claimedIds = (await TimerSetOperations.ClaimOpenAsync(db, [.. firing.Select(t => t.Id)], now, ct)).ToHashSet();
        var claimed = firing.Where(t => claimedIds.Contains(t.Id)).ToList();
        var moved = (await TimerSetOperations.HandOverAsync(db, [.. claimed.Select(t => t.SequenceId).Distinct()], now, ct)).ToHashSet();

        // A sequence with two due timers moves once: the first timer fires, the other finds it no longer awaiting.
        var fired = claimed.Where(t => moved.Contains(t.SequenceId)).DistinctBy(t => t.SequenceId).ToList();
        var firedIds = fired.Select(t => t.Id).ToHashSet();
        await TimerSetOperations.CancelClaimedAsync(db, [.. claimed.Where(t => !firedIds.Contains(t.Id)).Select(t => t.Id)], now, ct);

        foreach (var timer in fired)
        {
            db.OutreachEvents.AddRange(
                EngineLedger.Event(timer.SequenceId, CandidateState.AwaitingReply, CandidateState.Timeout, $"No reply within {timer.ReplyWindowMinutes} min", now),
                EngineLedger.Event(timer.SequenceId, CandidateState.Timeout, CandidateState.AiCalling, "Handed over to the AI screening call", now));
            EngineLedger.Add(db, timer.ProjectId, timer.SequenceId, timer.StepIndex, LedgerKind.TimerFired, "Reply timeout: handed over to the AI screening call", now);
        }

        return [.. fired.Select(t => t.ProjectId).Distinct()];
    }
}
