using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Engine.Pacing;

namespace Samsara.Core.Outreach.Engine;

/// <summary>What is left to do for a sequence once the candidate replied or opted out: nothing.</summary>
internal static class OutstandingWork
{
    /// <summary>Cancels open timers, skips queued sends and gives back their send slots, inside the caller's transaction.</summary>
    public static async Task CancelAsync(SamsaraDbContext db, Guid sequenceId, string reason, DateTimeOffset now, CancellationToken ct)
    {
        await db.OutreachTimers
            .Where(t => t.SequenceId == sequenceId && t.FiredAt == null && t.CancelledAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.CancelledAt, now), ct);
        // A send another node holds right now is left alone: it re-checks the candidate's state before it sends.
        await db.OutreachSends
            .Where(s => s.SequenceId == sequenceId && (s.Status == SendStatus.Pending || s.Status == SendStatus.UnknownOutcome) && s.AttemptedAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, SendStatus.Skipped)
                .SetProperty(x => x.Reason, reason)
                .SetProperty(x => x.UpdatedAt, now), ct);
        // A skipped send never uses the slot it reserved; its place in the sender's daily count goes back.
        await SlotRelease.ReleaseAsync(db, db.OutreachSends
            .Where(s => s.SequenceId == sequenceId && (s.Status == SendStatus.Skipped || s.Status == SendStatus.Failed))
            .Select(s => s.Id), ct);
    }
}
