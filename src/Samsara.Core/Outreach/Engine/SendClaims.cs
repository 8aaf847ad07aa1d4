using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;

namespace Samsara.Core.Outreach.Engine;

/// <summary>
/// Takes due outbox rows for one node in a single guarded UPDATE. On PostgreSQL the inner SELECT skips rows another
/// node has locked (<c>FOR UPDATE SKIP LOCKED</c>); SQLite has one writer at a time, so the UPDATE's own re-check
/// of the status is enough. A claim whose lease ran out (its node died) is taken over.
/// </summary>
internal static class SendClaims
{
    private const string Due = """
        ((status = 'Pending' OR status = 'UnknownOutcome') AND due_at <= @now) OR (status = 'Claimed' AND lease_expires_at <= @now)
        """;

    public static async Task<IReadOnlyList<Guid>> ClaimAsync(SamsaraDbContext db, string node, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct)
    {
        var postgres = db.Database.IsNpgsql();
        var sql = $"""
            UPDATE outreach_sends SET status = 'Claimed', claimed_by = @node, lease_expires_at = @lease, updated_at = @now
            WHERE id IN (SELECT id FROM outreach_sends WHERE {Due} ORDER BY due_at LIMIT @limit{(postgres ? " FOR UPDATE SKIP LOCKED" : "")})
              AND ({Due})
            RETURNING id
            """;
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            Add(command, "node", node);
            Add(command, "now", Time(postgres, now));
            Add(command, "lease", Time(postgres, now + lease));
            Add(command, "limit", limit);
            var ids = new List<Guid>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetGuid(0));
            }

            return ids;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // SQLite stores every DateTimeOffset as UTC ticks (UtcTicksConverter); PostgreSQL takes timestamptz in UTC.
    private static object Time(bool postgres, DateTimeOffset at) => postgres ? at.ToUniversalTime() : at.UtcTicks;

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
