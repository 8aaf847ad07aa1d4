using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Sequences;
using Samsara.Core.Projects;
using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Engine.Pacing;

/// <summary>
/// Decides, just before a send leaves, whether its sender has room now. A send that must wait reserves the next free
/// moment in the sender's bucket (a <see cref="SendSlot"/>) and is due then, so a backlog of a thousand sends becomes a
/// queue with one ledger line each, not a retry storm; the daily cap is counted in the same guarded row.
/// </summary>
internal sealed class SendPacing(IDbContextFactory<SamsaraDbContext> dbFactory, OutreachPacingOptions options)
{
    private const int MaxContention = 20;

    /// <param name="hold">Re-dues the send at the given moment with the reason (and whether it goes in the ledger).</param>
    /// <returns>True when the send must wait and <paramref name="hold"/> has recorded until when.</returns>
    public async Task<bool> HoldAsync(
        OutreachSend send, Message message, Project project, string provider, string? sender, DateTimeOffset now,
        Func<DateTimeOffset, string, bool, Task> hold, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(sender))
        {
            // No sender configured: the provider call fails with its own clear reason.
            return false;
        }

        // Saved with the caller's attempt commit, so a sender's daily count can be rebuilt from the outbox per sender.
        send.Sender = sender;
        if (!options.Enabled)
        {
            // Pacing left to the provider.
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var slots = db.Set<SendSlot>();
        var slot = await slots.AsNoTracking().SingleOrDefaultAsync(s => s.SendId == send.Id, ct);
        if (slot is not null)
        {
            if (slot.SlotAt > now)
            {
                await hold(slot.SlotAt, "Waiting for its reserved send slot", false);
                return true;
            }

            if (now - slot.SlotAt <= options.StaleSlot && slot.Provider == provider && slot.Sender == sender)
            {
                if (await slots.Where(s => s.SendId == send.Id).ExecuteDeleteAsync(ct) == 1)
                {
                    return false;
                }

                // A cancel gave the slot (and its place in the day's count) back after we read it: reserve afresh.
                slot = null;
            }
        }

        var overdue = now - send.DueAt;
        var overdueLimit = TimeSpan.FromMinutes(project.OverdueReplanMinutes);
        var kind = SenderKinds.Of(sender);
        var segments = send.Channel == StepChannel.Sms ? Math.Max(1, SmsPreview.For(message.Body).Segments) : 1;
        var reservation = await ReserveAsync(db, send.Id, send.Channel, slot, provider, sender, kind, segments, now, ct);
        if (reservation is null)
        {
            // Other nodes kept taking the capacity we computed; try again on the next pass, no ledger noise.
            await hold(now + TimeSpan.FromSeconds(1), "Sender busy on other nodes", false);
            return true;
        }

        var (at, capped) = reservation.Value;
        if (at <= now)
        {
            return false;
        }

        var limit = options.For(kind);
        var why = capped
            ? $"daily cap of {limit.DailyCap} messages for {sender} reached"
            : $"{sender} ({kind}) sends {limit.SegmentsPerSecond:0.###} segment(s)/s";
        var reason = overdue > overdueLimit
            ? $"Overdue by {Describe(overdue)} after downtime (project limit {Describe(overdueLimit)}): re-planned, not sent in a burst. Rate-limited ({why}); waits until {at:u}"
            : $"Rate-limited ({why}); waits until {at:u}";
        await hold(at, reason, true);
        return true;
    }

    /// <summary>
    /// A message outside the outbox (a check-back, an opt-out confirmation, the recruiter's answer) takes its place in
    /// the same sender's bucket and daily count as any step. Its owner keeps the moment itself (no slot row).
    /// </summary>
    /// <returns>Null when it may go now; otherwise the moment reserved and why it waits.</returns>
    public async Task<(DateTimeOffset At, string Reason)?> ReserveUnqueuedAsync(
        string provider, string? sender, StepChannel channel, int segments, DateTimeOffset now, CancellationToken ct)
    {
        if (!options.Enabled || string.IsNullOrEmpty(sender))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var kind = SenderKinds.Of(sender);
        var reservation = await ReserveAsync(db, null, channel, null, provider, sender, kind, segments, now, ct);
        if (reservation is null)
        {
            return (now + TimeSpan.FromSeconds(1), "Sender busy on other nodes");
        }

        var (at, capped) = reservation.Value;
        var limit = options.For(kind);
        return at <= now ? null : (at, capped
            ? $"Rate-limited (daily cap of {limit.DailyCap} messages for {sender} reached); waits until {at:u}"
            : $"Rate-limited ({sender} ({kind}) sends {limit.SegmentsPerSecond:0.###} segment(s)/s); waits until {at:u}");
    }

    private async Task<(DateTimeOffset At, bool Capped)?> ReserveAsync(
        SamsaraDbContext db, Guid? slotFor, StepChannel channel, SendSlot? stale, string provider, string sender, SenderKind kind, int segments, DateTimeOffset now,
        CancellationToken ct)
    {
        var limit = options.For(kind);
        var interval = limit.Interval;
        var throttles = db.Set<SenderThrottle>();
        for (var attempt = 0; attempt < MaxContention; attempt++)
        {
            var row = await throttles.AsNoTracking().SingleOrDefaultAsync(t => t.Provider == provider && t.Sender == sender, ct);
            if (row is null)
            {
                await CreateAsync(db, provider, sender, channel, now, ct);
                continue;
            }

            // A stale slot (held by quiet hours or downtime) gives its place in its day's count back.
            var released = stale is not null && stale.Provider == provider && stale.Sender == sender && DayOf(stale.SlotAt) == row.Day ? 1 : 0;

            // GCRA: the bucket may run up to Burst segments ahead of its free moment.
            var slot = Max(now, row.FreeAt - interval * (limit.Burst - 1));
            var day = DayOf(slot);
            var capped = false;
            if (day < row.Day && released == 0)
            {
                // The row already counts a later day: the earlier one filled up.
                slot = row.Day;
                day = row.Day;
                capped = true;
            }

            var count = day == row.Day ? row.DayCount - released : await SentOnAsync(db, channel, sender, day, ct);
            if (limit.DailyCap > 0 && count >= limit.DailyCap)
            {
                day = day.AddDays(1);
                slot = Max(slot, day);
                count = 0;
                capped = true;
            }

            var freeAt = Max(row.FreeAt, slot) + interval * segments;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (stale is not null && await db.Set<SendSlot>().Where(s => s.SendId == stale.SendId).ExecuteDeleteAsync(ct) == 0)
            {
                // A cancel gave this slot (and its place in the count) back after we read it: compute again without it.
                await tx.RollbackAsync(ct);
                stale = null;
                continue;
            }

            var won = await throttles
                .Where(t => t.Provider == provider && t.Sender == sender && t.Version == row.Version)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.FreeAt, freeAt)
                    .SetProperty(x => x.Day, day)
                    .SetProperty(x => x.DayCount, count + 1)
                    .SetProperty(x => x.Version, row.Version + 1), ct);
            if (won == 0)
            {
                continue;
            }

            if (slot > now && slotFor is { } sendId)
            {
                // Written with the bucket move: a crash after this still finds the slot, so the capacity is not lost.
                db.Set<SendSlot>().Add(new SendSlot { SendId = sendId, Provider = provider, Sender = sender, SlotAt = slot });
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }

            await tx.CommitAsync(ct);
            return (slot, capped);
        }

        return null;
    }

    private static async Task CreateAsync(SamsaraDbContext db, string provider, string sender, StepChannel channel, DateTimeOffset now, CancellationToken ct)
    {
        // A sender seen for the first time may already have sent today (before this table existed): count the outbox.
        var day = DayOf(now);
        db.Set<SenderThrottle>().Add(new SenderThrottle
        {
            Provider = provider,
            Sender = sender,
            FreeAt = now,
            Day = day,
            DayCount = await SentOnAsync(db, channel, sender, day, ct),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node created it first; the caller reads theirs.
        }

        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// What this sender sent on a day, from the outbox. Sends that do not say which sender they used (sent before the
    /// column existed) count against every sender of the channel: a cap may only err on the safe side.
    /// </summary>
    private static Task<int> SentOnAsync(SamsaraDbContext db, StepChannel channel, string sender, DateTimeOffset day, CancellationToken ct)
    {
        var end = day.AddDays(1);
        return db.OutreachSends.CountAsync(s => s.Channel == channel && (s.Sender == sender || s.Sender == null)
            && s.Status == SendStatus.Sent && s.SentAt >= day && s.SentAt < end, ct);
    }

    internal static DateTimeOffset DayOf(DateTimeOffset at) => new(at.UtcDateTime.Date, TimeSpan.Zero);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    internal static string Describe(TimeSpan span) =>
        span.TotalHours >= 1
            ? span.Minutes == 0 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalHours} h {span.Minutes} min"
            : $"{Math.Max(1, (int)span.TotalMinutes)} min";
}
