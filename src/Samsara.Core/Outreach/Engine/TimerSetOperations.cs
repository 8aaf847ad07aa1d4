using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Samsara.Core.Data;

namespace Samsara.Core.Outreach.Engine;

/// <summary>
/// The set-based statements a chunk of firing timers needs, each a guarded UPDATE ... RETURNING so only the rows that
/// really changed come back (RETURNING works on PostgreSQL and on SQLite 3.35+). Raw SQL because EF's
/// ExecuteUpdate returns a count, not which rows: with two nodes the count alone cannot say whose timers fired.
/// </summary>
internal static class TimerSetOperations
{
    /// <summary>On PostgreSQL locks the chunk's timers in id order, so two nodes with overlapping chunks queue instead of deadlocking.</summary>
    public static async Task LockAsync(SamsaraDbContext db, IReadOnlyCollection<Guid> timerIds, CancellationToken ct)
    {
        if (db.Database.IsNpgsql() && timerIds.Count > 0)
        {
            await QueryIdsAsync(db, "SELECT id FROM outreach_timers WHERE id IN (__IDS__) ORDER BY id FOR UPDATE", timerIds, [], ct);
        }
    }

    /// <summary>Marks the timers still open as fired; returns those this transaction fired.</summary>
    public static Task<List<Guid>> ClaimOpenAsync(SamsaraDbContext db, IReadOnlyCollection<Guid> timerIds, DateTimeOffset now, CancellationToken ct) =>
        QueryIdsAsync(db, "UPDATE outreach_timers SET fired_at = @now WHERE id IN (__IDS__) AND fired_at IS NULL AND cancelled_at IS NULL RETURNING id",
            timerIds, [("now", Time(db, now))], ct);

    /// <summary>
    /// AWAITING_REPLY → AI_CALLING in one statement for the whole chunk (the TIMEOUT step in between is recorded as
    /// events); only sequences still awaiting a reply move. Returns the ones that moved.
    /// </summary>
    public static Task<List<Guid>> HandOverAsync(SamsaraDbContext db, IReadOnlyCollection<Guid> sequenceIds, DateTimeOffset now, CancellationToken ct) =>
        QueryIdsAsync(db, $"""
            UPDATE outreach_sequences SET status = '{CandidateState.AiCalling}', state_changed_at = @now, updated_at = @now, completed_at = NULL
            WHERE id IN (__IDS__) AND status = '{CandidateState.AwaitingReply}'
            RETURNING id
            """, sequenceIds, [("now", Time(db, now))], ct);

    /// <summary>Timers claimed whose candidate did not move (a reply landed meanwhile): the timeout no longer applies.</summary>
    public static Task CancelClaimedAsync(SamsaraDbContext db, IReadOnlyCollection<Guid> timerIds, DateTimeOffset now, CancellationToken ct) =>
        timerIds.Count == 0
            ? Task.CompletedTask
            : db.OutreachTimers.Where(t => timerIds.Contains(t.Id))
                .ExecuteUpdateAsync(t => t.SetProperty(x => x.FiredAt, (DateTimeOffset?)null).SetProperty(x => x.CancelledAt, now), ct);

    private static async Task<List<Guid>> QueryIdsAsync(
        SamsaraDbContext db, string sql, IReadOnlyCollection<Guid> ids, (string Name, object Value)[] values, CancellationToken ct)
    {
        var result = new List<Guid>(ids.Count);
        if (ids.Count == 0)
        {
            return result;
        }

        var postgres = db.Database.IsNpgsql();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var names = new List<string>(ids.Count);
            foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            {
                names.Add("@id" + i);
                // EF stores a Guid on SQLite as upper-case text; ADO.NET would bind it as a blob and match nothing.
                Add(command, "id" + i, postgres ? id : id.ToString().ToUpperInvariant());
            }

            foreach (var (name, value) in values)
            {
                Add(command, name, value);
            }

            command.CommandText = sql.Replace("__IDS__", string.Join(", ", names), StringComparison.Ordinal);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                result.Add(reader.GetGuid(0));
            }

            return result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // SQLite stores every DateTimeOffset as UTC ticks (UtcTicksConverter); PostgreSQL takes timestamptz in UTC.
    private static object Time(SamsaraDbContext db, DateTimeOffset at) => db.Database.IsNpgsql() ? at.ToUniversalTime() : at.UtcTicks;

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
