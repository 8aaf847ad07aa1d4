using System.Buffers.Binary;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;

namespace Samsara.Core.Outreach.Engine.Pacing;

/// <summary>What re-planning needs of a due timer.</summary>
internal sealed record OverdueTimer(Guid Id, TimerKind Kind, DateTimeOffset DueAt, int StepIndex, Guid SequenceId);

/// <summary>
/// After downtime, timers that should have fired hours ago are not fired together (a burst of AI calls): each one
/// overdue by more than the project's limit is moved to now plus a stable per-timer jitter within
/// <see cref="OutreachPacingOptions.OverdueSpread"/>, with a ledger line. Sends are paced by <see cref="SendPacing"/>.
/// </summary>
internal static class OverdueReplanning
{
    /// <returns>True when the timer was re-planned (or another node just did it) and must not fire now.</returns>
    public static async Task<bool> ReplanTimerAsync(
        SamsaraDbContext db, OverdueTimer timer, Guid projectId, int overdueReplanMinutes, OutreachPacingOptions options, DateTimeOffset now, CancellationToken ct)
    {
        var overdue = now - timer.DueAt;
        var limit = TimeSpan.FromMinutes(overdueReplanMinutes);
        if (overdue <= limit)
        {
            return false;
        }

        var next = now + Jitter(timer.Id, options.OverdueSpread);
        // Guarded on the due time read, so of two nodes only one re-plans and writes the ledger line.
        var moved = await db.OutreachTimers
            .Where(t => t.Id == timer.Id && t.FiredAt == null && t.CancelledAt == null && t.DueAt == timer.DueAt)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.DueAt, next), ct);
        if (moved > 0)
        {
            EngineLedger.Add(db, projectId, timer.SequenceId, timer.StepIndex, LedgerKind.Deferred,
                $"{timer.Kind} timer overdue by {SendPacing.Describe(overdue)} after downtime (project limit {SendPacing.Describe(limit)}): re-planned to {next:u} instead of firing in a burst", now);
            await db.SaveChangesAsync(ct);
        }

        return true;
    }

    /// <summary>Stable per id (the random tail of a v7 Guid), so a retried pass plans the same moment.</summary>
    internal static TimeSpan Jitter(Guid id, TimeSpan spread)
    {
        if (spread <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        var seconds = (long)Math.Max(1, spread.TotalSeconds);
        return TimeSpan.FromSeconds(BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]) % (ulong)seconds);
    }
}
