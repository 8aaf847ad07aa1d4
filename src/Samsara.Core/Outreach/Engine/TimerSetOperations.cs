using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;

namespace Samsara.Core.Outreach.Engine;

/// <summary>The set-based statements a chunk of firing timers needs (<see cref="SetStatements"/>).</summary>
internal static class TimerSetOperations
{
    /// <summary>On PostgreSQL locks the chunk's timers in id order, so two nodes with overlapping chunks queue instead of deadlocking.</summary>
    public static async Task LockAsync(SamsaraDbContext db, IReadOnlyCollection<Guid> timerIds, CancellationToken ct)
    {
        if (db.Database.IsNpgsql() && timerIds.Count > 0)
        {
            await SetStatements.QueryIdsAsync(db, "SELECT id FROM outreach_timers WHERE id IN (__IDS__) ORDER BY id FOR UPDATE", timerIds, [], ct);
        }
    }

    /// <summary>Marks the timers still open as fired; returns those this transaction fired.</summary>
    public static Task<List<Guid>> ClaimOpenAsync(SamsaraDbContext db, IReadOnlyCollection<Guid> timerIds, DateTimeOffset now, CancellationToken ct) =>
        SetStatements.QueryIdsAsync(db, "UPDATE outreach_timers SET fired_at = @now WHERE id IN (__IDS__) AND fired_at IS NULL AND cancelled_at IS NULL RETURNING id",
            timerIds, [("now", SetStatements.Time(db, now))], ct);

    /// <summary>
    /// AWAITING_REPLY → AI_CALLING in one statement for the whole chunk (the TIMEOUT step in between is recorded as
    /// events); only sequences still awaiting a reply move. Returns the ones that moved.
    /// </summary>
    public static Task<List<Guid>> HandOverAsync(SamsaraDbContext db, IReadOnlyCollection<Guid> sequenceIds, DateTimeOffset now, CancellationToken ct) =>
        SequenceMoves.MoveManyAsync(db, sequenceIds, now, ct, CandidateState.AwaitingReply, CandidateState.Timeout, CandidateState.AiCalling);

    /// <summary>Timers claimed whose candidate did not move (a reply landed meanwhile): the timeout no longer applies.</summary>
    public static Task CancelClaimedAsync(SamsaraDbContext db, IReadOnlyCollection<Guid> timerIds, DateTimeOffset now, CancellationToken ct) =>
        timerIds.Count == 0
            ? Task.CompletedTask
            : db.OutreachTimers.Where(t => timerIds.Contains(t.Id))
                .ExecuteUpdateAsync(t => t.SetProperty(x => x.FiredAt, (DateTimeOffset?)null).SetProperty(x => x.CancelledAt, now), ct);
}
