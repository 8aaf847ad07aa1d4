using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;

namespace Samsara.Core.Outreach.Engine;

/// <summary>One line of the send ledger, with the candidate it concerns.</summary>
public sealed record LedgerRow(DateTimeOffset At, Guid CandidateId, string CandidateName, int? Step, LedgerKind Kind, string Detail);

/// <summary>Reads the send ledger: every send and skip of a project, oldest first.</summary>
public sealed class OutreachLedger(IDbContextFactory<SamsaraDbContext> dbFactory)
{
    /// <returns>Null when there is no such project.</returns>
    public async Task<IReadOnlyList<LedgerRow>?> ListAsync(Guid projectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct))
        {
            return null;
        }

        var rows = await (
            from e in db.OutreachLedger
            join s in db.OutreachSequences on e.SequenceId equals s.Id
            join c in db.Candidates on s.CandidateId equals c.Id
            where e.ProjectId == projectId
            orderby e.OccurredAt, e.Id
            select new LedgerRow(e.OccurredAt, c.Id, c.FullName, e.StepIndex, e.Kind, e.Detail))
            .ToListAsync(ct);
        return rows;
    }
}
