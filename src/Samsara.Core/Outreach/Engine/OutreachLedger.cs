using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;

namespace Samsara.Core.Outreach.Engine;

/// <summary>One line of the send ledger, with the candidate it concerns.</summary>
public sealed record LedgerRow(DateTimeOffset At, Guid CandidateId, string CandidateName, int? Step, LedgerKind Kind, string Detail);

/// <summary>Which ledger lines to read; every part optional. <see cref="Step"/> is zero-based like the API's steps.</summary>
public sealed record LedgerFilter(LedgerKind? Kind = null, Guid? CandidateId = null, int? Step = null, string? CandidateName = null);

public sealed record LedgerPage(IReadOnlyList<LedgerRow> Items, int Total, int Page, int PageSize);

/// <summary>Reads the send ledger: every send and skip of a project, oldest first.</summary>
public sealed class OutreachLedger(IDbContextFactory<SamsaraDbContext> dbFactory)
{
    /// <returns>Null when there is no such project.</returns>
    public async Task<IReadOnlyList<LedgerRow>?> ListAsync(Guid projectId, CancellationToken ct = default) =>
        await ListAsync(projectId, new LedgerFilter(), ct);

    public async Task<IReadOnlyList<LedgerRow>?> ListAsync(Guid projectId, LedgerFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct))
        {
            return null;
        }

        return await Rows(db, projectId, filter).OrderBy(r => r.At).ThenBy(r => r.Id).Select(r => r.Row).ToListAsync(ct);
    }

    /// <summary>One page, newest first (the screen's order: what just happened is on top).</summary>
    public async Task<LedgerPage?> PageAsync(Guid projectId, LedgerFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct))
        {
            return null;
        }

        var size = Math.Clamp(pageSize, 1, 500);
        page = Math.Max(1, page);
        var rows = Rows(db, projectId, filter);
        var total = await rows.CountAsync(ct);
        var items = await rows.OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Skip((page - 1) * size).Take(size).Select(r => r.Row).ToListAsync(ct);
        return new LedgerPage(items, total, page, size);
    }

    // Member-init, not a constructor: EF translates ordering by an initialised member, not by a constructor argument.
    private sealed class Keyed
    {
        public DateTimeOffset At { get; init; }
        public Guid Id { get; init; }
        public required LedgerRow Row { get; init; }
    }

    private static IQueryable<Keyed> Rows(SamsaraDbContext db, Guid projectId, LedgerFilter filter)
    {
        var entries = db.OutreachLedger.Where(e => e.ProjectId == projectId);
        if (filter.Kind is { } kind)
        {
            entries = entries.Where(e => e.Kind == kind);
        }

        if (filter.Step is { } step)
        {
            entries = entries.Where(e => e.StepIndex == step);
        }

        var candidates = db.Candidates.AsQueryable();
        if (filter.CandidateId is { } candidateId)
        {
            candidates = candidates.Where(c => c.Id == candidateId);
        }

        if (!string.IsNullOrWhiteSpace(filter.CandidateName))
        {
            var term = filter.CandidateName.Trim().ToLowerInvariant();
#pragma warning disable CA1862 // ToLower translates to SQL on both databases; a comparison overload does not.
            candidates = candidates.Where(c => c.FullName.ToLower().Contains(term));
#pragma warning restore CA1862
        }

        return from e in entries
               join s in db.OutreachSequences on e.SequenceId equals s.Id
               join c in candidates on s.CandidateId equals c.Id
               select new Keyed { At = e.OccurredAt, Id = e.Id, Row = new LedgerRow(e.OccurredAt, c.Id, c.FullName, e.StepIndex, e.Kind, e.Detail) };
    }
}
