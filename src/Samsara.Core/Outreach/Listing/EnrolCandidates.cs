using Microsoft.EntityFrameworkCore;
using Samsara.Core.Channels;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Sequences;

namespace Samsara.Core.Outreach.Listing;

/// <param name="Reachable">Whether any step of the chosen sequence can reach them (a usable number for SMS/calls, a working address for email).</param>
public sealed record EnrolCandidate(Guid Id, string Name, int? Score, bool HasPhone, bool HasEmail, bool Reachable);

/// <param name="Shown">The best-scoring candidates at or above the score, for the list; <see cref="Matching"/> counts them all.</param>
/// <param name="MatchingIds">Every candidate at or above the score (ids only), so "enrol all matching" needs no second read.</param>
public sealed record EnrolChoice(int NotEnrolled, int Matching, int Unreachable, IReadOnlyList<EnrolCandidate> Shown, IReadOnlyList<Guid> MatchingIds, IReadOnlyList<Guid> UnreachableIds);

/// <summary>
/// Who the enrol dialog offers: not yet enrolled, best score first, with contact presence and whether the chosen
/// sequence's channels can reach them. Reads a narrow projection (no CV text), so 10,000 candidates open at once.
/// </summary>
public sealed class EnrolCandidates(IDbContextFactory<SamsaraDbContext> dbFactory)
{
    public async Task<EnrolChoice> ChooseAsync(Guid projectId, Guid? sequenceId, int? minScore, int show = 100, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var channels = sequenceId is { } id
            ? await db.SequenceSteps.Where(s => s.DefinitionId == id).Select(s => s.Channel).Distinct().ToListAsync(ct)
            : [StepChannel.Sms];
        var jobId = await db.JobDescriptions.Where(j => j.ProjectId == projectId).OrderByDescending(j => j.UpdatedAt).Select(j => (Guid?)j.Id).FirstOrDefaultAsync(ct);
        var rows = await (
            from c in db.Candidates
            where c.ProjectId == projectId && !db.OutreachSequences.Any(s => s.CandidateId == c.Id && s.ProjectId == projectId)
            select new
            {
                c.Id,
                c.FullName,
                c.Phone,
                c.Email,
                c.EmailProblem,
                Score = db.CvJdMatches.Where(m => m.CandidateId == c.Id && m.JobDescriptionId == jobId).Select(m => (int?)m.Score).FirstOrDefault(),
            }).ToListAsync(ct);
        var all = rows.Select(r =>
        {
            var phone = E164.IsE164(r.Phone);
            var email = !string.IsNullOrWhiteSpace(r.Email) && r.EmailProblem is null;
            var reachable = channels.Count == 0 || channels.Any(ch => ch switch
            {
                StepChannel.Sms or StepChannel.AiCall => phone,
                StepChannel.Email => email,
            });
            return new EnrolCandidate(r.Id, r.FullName, r.Score, !string.IsNullOrWhiteSpace(r.Phone), !string.IsNullOrWhiteSpace(r.Email), reachable);
        }).ToList();
        var matching = all.Where(c => minScore is not { } min || (c.Score ?? 0) >= min)
            .OrderByDescending(c => c.Score ?? -1).ThenBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
        var unreachable = matching.Where(c => !c.Reachable).Select(c => c.Id).ToList();
        return new EnrolChoice(all.Count, matching.Count, unreachable.Count, [.. matching.Take(show)], [.. matching.Select(c => c.Id)], unreachable);
    }
}
