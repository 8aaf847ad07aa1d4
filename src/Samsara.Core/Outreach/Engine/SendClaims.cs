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

    private const string Ours = "status = 'Claimed' AND claimed_by = @node";

    public static async Task<IReadOnlyList<Guid>> ClaimAsync(SamsaraDbContext db, string node, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct)
    {
        var skipLocked = db.Database.IsNpgsql() ? " FOR UPDATE SKIP LOCKED" : "";
        return await SetStatements.QueryIdsAsync(db, $"""
            UPDATE outreach_sends SET status = 'Claimed', claimed_by = @node, lease_expires_at = @lease, updated_at = @now
            WHERE id IN (SELECT id FROM outreach_sends WHERE {Due} ORDER BY due_at LIMIT @limit{skipLocked})
              AND ({Due})
            RETURNING id
            """, [], [("node", node), ("now", SetStatements.Time(db, now)), ("lease", SetStatements.Time(db, now + lease)), ("limit", limit)], ct);
    }

    /// <summary>
    /// Of <paramref name="sendIds"/>, those this node still holds, with their lease extended to <paramref name="leaseUntil"/>.
    /// Inside the caller's transaction the rows stay locked (PostgreSQL) until it commits, so nobody takes them over meanwhile.
    /// </summary>
    public static async Task<HashSet<Guid>> StillOursAsync(
        SamsaraDbContext db, string node, IReadOnlyCollection<Guid> sendIds, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct) =>
        [.. await SetStatements.QueryIdsAsync(db, $"""
            UPDATE outreach_sends SET updated_at = @now, lease_expires_at = @lease
            WHERE id IN ({SetStatements.Ids}) AND {Ours}
            RETURNING id
            """, sendIds, [("node", node), ("now", SetStatements.Time(db, now)), ("lease", SetStatements.Time(db, leaseUntil))], ct)];
}
