using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Outreach;

namespace Samsara.Core.Ats;

/// <summary>One candidate the extension's popup can fill a page for.</summary>
public sealed record AtsCandidateHit(Guid Id, Guid ProjectId, string Name, string Project, CandidateState State);

/// <summary>
/// The popup's search box: enrolled candidates of every project by name, those ready for the ATS first.
/// Only enrolled candidates are offered because a fill is a submission of an outreach sequence.
/// </summary>
public sealed class AtsCandidateSearch(IDbContextFactory<SamsaraDbContext> dbFactory)
{
    public const int MaxHits = 20;
    public const int MaxQueryLength = 100;

    public async Task<IReadOnlyList<AtsCandidateHit>> SearchAsync(string? query, CancellationToken ct = default)
    {
        var term = (query ?? "").Trim();
        term = term[..Math.Min(term.Length, MaxQueryLength)].ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows =
            from s in db.OutreachSequences.AsNoTracking()
            join c in db.Candidates.AsNoTracking() on s.CandidateId equals c.Id
            join p in db.Projects.AsNoTracking() on s.ProjectId equals p.Id
            select new { c.Id, s.ProjectId, c.FullName, Project = p.Name, s.Status };
        if (term.Length > 0)
        {
            // lower() is ASCII-only on SQLite; names typed as stored (accents included) still match there.
            var pattern = "%" + term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            rows = rows.Where(r => EF.Functions.Like(r.FullName.ToLower(), pattern, "\\") || EF.Functions.Like(r.Project.ToLower(), pattern, "\\"));
        }

        var hits = await rows
            .OrderBy(r => r.Status == CandidateState.AtsReady ? 0 : 1)
            .ThenBy(r => r.FullName)
            .Take(MaxHits)
            .ToListAsync(ct);
        return [.. hits.Select(r => new AtsCandidateHit(r.Id, r.ProjectId, r.FullName, r.Project, r.Status))];
    }
}
