using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Engine.Pacing;

namespace Samsara.Core.Outreach.Engine;

/// <summary>
/// Fires due reply timeouts: AWAITING_REPLY → TIMEOUT → AI_CALLING (the voice engine takes it from there), never
/// outside the candidate's allowed hours. Marking the timer fired is a guarded UPDATE in the same transaction as the
/// moves, so on PostgreSQL a second node waits on the row lock, then finds it fired and does nothing.
/// </summary>
internal sealed class ReplyTimeoutTimers(IDbContextFactory<SamsaraDbContext> dbFactory, OutreachEngineOptions options)
{
    public async Task<IReadOnlyList<Guid>> FireDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<Guid> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            due = await db.OutreachTimers
                .Where(t => t.FiredAt == null && t.CancelledAt == null && t.DueAt <= now)
                .OrderBy(t => t.DueAt)
                .Select(t => t.Id)
                .Take(options.BatchSize)
                .ToListAsync(ct);
        }

        var touched = new List<Guid>();
        foreach (var id in due)
        {
            if (await FireAsync(id, now, ct) is { } projectId)
            {
                touched.Add(projectId);
            }
        }

        return touched;
    }

    private async Task<Guid?> FireAsync(Guid timerId, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var timer = await db.OutreachTimers.AsNoTracking().SingleAsync(t => t.Id == timerId, ct);
        var sequence = await db.OutreachSequences.AsNoTracking().SingleAsync(s => s.Id == timer.SequenceId, ct);
        var candidate = await db.Candidates.AsNoTracking().SingleAsync(c => c.Id == sequence.CandidateId, ct);
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == sequence.ProjectId, ct);
        var open = db.OutreachTimers.Where(t => t.Id == timerId && t.FiredAt == null && t.CancelledAt == null);

        if (sequence.StoppedAt is not null || sequence.Status != CandidateState.AwaitingReply)
        {
            // The candidate moved on (replied, opted out, moved by hand) or the recruiter stopped them: nothing to time out.
            await open.ExecuteUpdateAsync(t => t.SetProperty(x => x.CancelledAt, now), ct);
            return null;
        }

        if (sequence.IsPaused)
        {
            await open.ExecuteUpdateAsync(t => t.SetProperty(x => x.DueAt, now + options.PausedRecheck), ct);
            return null;
        }

        var zones = CandidateTimeZones.For(candidate.Phone, project.DefaultPhoneRegion);
        var hours = new QuietHours(project.QuietHoursStartMinute, project.QuietHoursEndMinute, zones);
        if (!hours.Allows(now))
        {
            // No overlap across zones: fall back to a day later rather than never; the ledger says why.
            var next = hours.NextAllowed(now) ?? now.AddDays(1);
            if (await open.ExecuteUpdateAsync(t => t.SetProperty(x => x.DueAt, next), ct) > 0)
            {
                EngineLedger.Add(db, project.Id, sequence.Id, timer.StepIndex, LedgerKind.Deferred,
                    $"Reply timeout falls in quiet hours ({string.Join(", ", zones.Select(z => z.Id))}); waits until {next:u}", now);
                await db.SaveChangesAsync(ct);
            }

            return null;
        }

        if (await OverdueReplanning.ReplanTimerAsync(db, timer, project, options.Pacing, now, ct))
        {
            return null;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await open.ExecuteUpdateAsync(t => t.SetProperty(x => x.FiredAt, now), ct) == 0
            || !await OutreachService.MoveInAsync(db, sequence.Id, CandidateState.AwaitingReply, CandidateState.Timeout,
                $"No reply within {project.ReplyWindowMinutes} min", EngineLedger.Actor, now, ct))
        {
            // Fired by another node, or the candidate moved in the meantime (a reply just landed): leave it.
            return null;
        }

        await OutreachService.MoveInAsync(db, sequence.Id, CandidateState.Timeout, CandidateState.AiCalling,
            "Handed over to the AI screening call", EngineLedger.Actor, now, ct);
        EngineLedger.Add(db, project.Id, sequence.Id, timer.StepIndex, LedgerKind.TimerFired, "Reply timeout: handed over to the AI screening call", now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return project.Id;
    }
}
