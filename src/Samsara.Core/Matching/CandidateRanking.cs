using Microsoft.EntityFrameworkCore;
using Samsara.Core.CvIntake.Fields;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Consent;

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
    CvDocument? Cv)
{
    /// <summary>The score counts words only while the CV waits for the background semantic stage ("scoring…").</summary>
    public bool Scoring { get; init; }

    /// <summary>Who this candidate may be a duplicate of, and on what evidence; null unless flagged.</summary>
    public DuplicateHint? Duplicate { get; init; }

    /// <summary>Where the candidate is in this project's outreach; null when not enrolled.</summary>
    public CandidateState? State { get; init; }

    /// <summary>The candidate's number or address is opted out (in any project): nothing is sent to it.</summary>
    public bool OptedOut { get; init; }
}

/// <param name="Reasons">What the two share: "email", "phone", "file".</param>
public sealed record DuplicateHint(Guid OriginalId, string OriginalName, IReadOnlyList<string> Reasons)
{
    public string Describe() => $"possible duplicate of {OriginalName}" + (Reasons.Count > 0 ? $" (same {string.Join("/", Reasons)})" : "");
}

/// <param name="State">Only candidates in this outreach state.</param>
/// <param name="Enrolled">Only candidates enrolled in outreach (true) or not enrolled (false).</param>
public sealed record RankingQuery(string? Search = null, string? Skill = null, int? MinScore = null, int Skip = 0, int Take = 100, CandidateState? State = null, bool? Enrolled = null);

public sealed record RankedPage(IReadOnlyList<RankedCandidate> Items, int Total);

/// <summary>The project's candidates best match first, as the CVs page lists them.</summary>
public sealed class CandidateRanking(IDbContextFactory<SamsaraDbContext> dbFactory, SkillCatalog skills, Microsoft.Extensions.Options.IOptions<MatchingOptions> matching)
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
            join s in db.OutreachSequences.Where(s => s.ProjectId == projectId) on c.Id equals s.CandidateId into sequences
            from s in sequences.DefaultIfEmpty()
            select new
            {
                c.Id,
                c.FullName,
                c.Email,
                c.Phone,
                c.CurrentTitle,
                c.Location,
                c.CvJson,
                c.DuplicateOfId,
                c.FileSha256,
                Score = m == null ? (int?)null : m.Score,
                Explanation = m == null ? null : m.ExplanationJson,
                State = s == null ? (CandidateState?)null : s.Status,
            };
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

        if (query.State is { } state)
        {
            rows = rows.Where(r => r.State == state);
        }

        if (query.Enrolled is { } enrolled)
        {
            rows = enrolled ? rows.Where(r => r.State != null) : rows.Where(r => r.State == null);
        }

        var total = await rows.CountAsync(ct);
        var page = await rows.OrderByDescending(r => r.Score ?? -1).ThenBy(r => r.FullName).ThenBy(r => r.Id).Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 1000)).ToListAsync(ct);
        var originalIds = page.Where(r => r.DuplicateOfId != null).Select(r => r.DuplicateOfId!.Value).Distinct().ToList();
        var originals = originalIds.Count == 0 ? [] : await db.Candidates.AsNoTracking().Where(c => originalIds.Contains(c.Id))
            .Select(c => new { c.Id, c.FullName, c.Email, c.Phone, c.FileSha256 }).ToListAsync(ct);
        var phoneConsent = await ConsentLedger.CurrentManyAsync(db, page.Select(r => r.Phone), ConsentChannel.Phone, ct);
        var emailConsent = await ConsentLedger.CurrentManyAsync(db, page.Select(r => r.Email), ConsentChannel.Email, ct);
        var items = page.Select(r =>
        {
            var cv = CvDocument.FromJson(r.CvJson);
            var original = originals.Find(o => o.Id == r.DuplicateOfId);
            var explanation = MatchExplanation.FromJson(r.Explanation);
            return new RankedCandidate(
                r.Id, r.FullName, r.Email, r.Phone, r.CurrentTitle, r.Location, r.Score, explanation,
                cv?.Skills?.Value ?? [], r.DuplicateOfId, cv)
            {
                State = r.State,
                OptedOut = OptedOut(phoneConsent, r.Phone, ConsentChannel.Phone) || OptedOut(emailConsent, r.Email, ConsentChannel.Email),
                Scoring = matching.Value.Semantic && r.Score != null && explanation is { SemanticReady: false, SemanticNote: null },
                Duplicate = original is null ? null : new DuplicateHint(original.Id, original.FullName, Reasons(
                    r.Email != null && string.Equals(r.Email, original.Email, StringComparison.OrdinalIgnoreCase),
                    r.Phone != null && r.Phone == original.Phone,
                    r.FileSha256 != null && r.FileSha256 == original.FileSha256)),
            };
        }).ToList();
        return new RankedPage(items, total);
    }

    private static bool OptedOut(Dictionary<string, ConsentEntry> current, string? contact, ConsentChannel channel) =>
        contact is not null && current.GetValueOrDefault(ConsentLedger.Normalise(contact, channel)) is { Kind: ConsentKind.OptOut };

    private static List<string> Reasons(bool email, bool phone, bool file)
    {
        var reasons = new List<string>();
        if (email)
        {
            reasons.Add("email");
        }

        if (phone)
        {
            reasons.Add("phone");
        }

        if (file)
        {
            reasons.Add("file");
        }

        return reasons;
    }
}
