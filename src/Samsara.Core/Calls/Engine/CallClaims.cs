using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Engine;

namespace Samsara.Core.Calls.Engine;

/// <summary>
/// Takes due call work for one node in a single guarded UPDATE, as the outreach engine takes sends: on PostgreSQL the
/// inner SELECT skips rows another node has locked (<c>FOR UPDATE SKIP LOCKED</c>); on SQLite the single writer and
/// the UPDATE's own re-check are enough. A claim whose lease ran out (its node died) is taken over, so a call being
/// polled when a node stopped is polled again by the next one, and at most one poll of a call is ever in flight.
/// </summary>
internal static class CallClaims
{
    private const string Due = """
        stage <> 'Done' AND due_at <= @now AND (claimed_by IS NULL OR lease_expires_at <= @now)
        """;

    public static async Task<IReadOnlyList<Guid>> ClaimAsync(SamsaraDbContext db, string node, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct)
    {
        var skipLocked = db.Database.IsNpgsql() ? " FOR UPDATE SKIP LOCKED" : "";
        return await SetStatements.QueryIdsAsync(db, $"""
            UPDATE call_records SET claimed_by = @node, lease_expires_at = @lease
            WHERE id IN (SELECT id FROM call_records WHERE {Due} ORDER BY due_at LIMIT @limit{skipLocked})
              AND ({Due})
            RETURNING id
            """, [], [("node", node), ("now", SetStatements.Time(db, now)), ("lease", SetStatements.Time(db, now + lease)), ("limit", limit)], ct);
    }

    /// <summary>
    /// Serialises the "is there a free line?" check per provider account across nodes (a transaction-scoped advisory
    /// lock on PostgreSQL; SQLite has one writer anyway), so two nodes cannot both take an account's last slot.
    /// </summary>
    public static async Task LockLinesAsync(SamsaraDbContext db, string account, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [LockKey(account)], ct);
        }
    }

    /// <summary>A stable 64-bit key (FNV-1a): string.GetHashCode differs per process, and every node must pick the same lock.</summary>
    internal static long LockKey(string account)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in "samsara-call-lines:" + account)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }
}
