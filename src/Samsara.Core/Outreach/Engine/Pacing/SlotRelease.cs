using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;

namespace Samsara.Core.Outreach.Engine.Pacing;

/// <summary>
/// Gives reserved send slots back when their sends will never go (the candidate replied, opted out or was stopped),
/// so a daily cap counts only messages that can still leave. The bucket's moment is not handed back: other sends
/// already queued behind it keep their slots, and a gap in the pace errs on the safe side.
/// </summary>
internal static class SlotRelease
{
    /// <summary>Inside the caller's transaction, so the cancel and the give-back commit together.</summary>
    public static async Task ReleaseAsync(SamsaraDbContext db, IQueryable<Guid> sendIds, CancellationToken ct)
    {
        var slots = await db.Set<SendSlot>().AsNoTracking().Where(s => sendIds.Contains(s.SendId)).ToListAsync(ct);
        foreach (var slot in slots)
        {
            // Whoever deletes the slot owns it: a send that took its slot first keeps its place in the count.
            if (await db.Set<SendSlot>().Where(s => s.SendId == slot.SendId).ExecuteDeleteAsync(ct) == 0)
            {
                continue;
            }

            // A throttle already counting a later day no longer counts this slot's day. The version moves too, so a node
            // that read the old count for a reservation computes again.
            var day = SendPacing.DayOf(slot.SlotAt);
            await db.Set<SenderThrottle>()
                .Where(t => t.Provider == slot.Provider && t.Sender == slot.Sender && t.Day == day && t.DayCount > 0)
                .ExecuteUpdateAsync(t => t
                    .SetProperty(x => x.DayCount, x => x.DayCount - 1)
                    .SetProperty(x => x.Version, x => x.Version + 1), ct);
        }
    }
}
