using Microsoft.EntityFrameworkCore;
using Samsara.Core.CvIntake.Fields;
using Samsara.Core.Data;

namespace Samsara.Core.Matching;

public sealed record RankedCandidate(
    Guid Id,
    string FullName,
    string? Email,
    string? Phone,
    string? CurrentTitle,
    string? Location,
    int? Score,
    MatchExplanation? Explanation,
    IReadOnlyList<string> Skills,
    Guid? DuplicateOfId,
    CvDocument? Cv);

public sealed record RankingQuery(string? Search = null, string? Skill = null, int? MinScore = null, int Skip = 0, int Take = 100);

public sealed record RankedPage(IReadOnlyList<RankedCandidate> Items, int Total);

/// <summary>The project's candidates best match first, as the CVs page lists them.</summary>
public sealed class CandidateRanking(IDbContextFactory<SamsaraDbContext> dbFactory, SkillCatalog skills)
{
    public async Task<RankedPage> ListAsync(Guid projectId, RankingQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var jobId = await db.JobDescriptions.Where(j => j.ProjectId == projectId).Select(j => (Guid?)j.Id).SingleOrDefaultAsync(ct);
        var rows =
            from c in db.Candidates.AsNoTracking()
            where c.ProjectId == projectId
            join m in db.CvJdMatches.Where(m => m.JobDescriptionId == jobId) on c.Id equals m.CandidateId into matches
            from m in matches.DefaultIfEmpty()
            select new { c.Id, c.FullName, c.Email, c.Phone, c.CurrentTitle, c.Location, c.CvJson, c.DuplicateOfId, Score = m == null ? (int?)null : m.Score, Explanation = m == null ? null : m.ExplanationJson };
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = $"%{query.Search.Trim()}%";
            rows = rows.Where(r => EF.Functions.Like(r.FullName, term) || EF.Functions.Like(r.Email!, term) || EF.Functions.Like(r.Location!, term));
        }

        if (!string.IsNullOrWhiteSpace(query.Skill))
        {
            // Skills are stored by canonical name inside the CV JSON; a quoted match finds the array element.
            var quoted = $"%\"{skills.Canonical(query.Skill).Replace("%", "", StringComparison.Ordinal)}\"%";
            rows = rows.Where(r => EF.Functions.Like(r.CvJson!, quoted));
        }

        if (query.MinScore is { } minScore)
        {
            rows = rows.Where(r => r.Score >= minScore);
        }

        var total = await rows.CountAsync(ct);
        var page = await rows.OrderByDescending(r => r.Score ?? -1).ThenBy(r => r.FullName).ThenBy(r => r.Id).Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 1000)).ToListAsync(ct);
        var items = page.Select(r =>
        {
            var cv = CvDocument.FromJson(r.CvJson);
            return new RankedCandidate(
                r.Id, r.FullName, r.Email, r.Phone, r.CurrentTitle, r.Location, r.Score, MatchExplanation.FromJson(r.Explanation),
                cv?.Skills?.Value ?? [], r.DuplicateOfId, cv);
        }).ToList();
        return new RankedPage(items, total);
    }
}
