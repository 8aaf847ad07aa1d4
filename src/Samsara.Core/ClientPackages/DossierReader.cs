using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Calls;
using Samsara.Core.CvIntake.Fields;
using Samsara.Core.Data;
using Samsara.Core.Matching;
using Samsara.Core.Outreach;

namespace Samsara.Core.ClientPackages;

/// <summary>A candidate who can go into a package, with the call turns the recruiter can pick excerpts from.</summary>
public sealed record EligibleCandidate(Guid CandidateId, string Name, CandidateState State, int? Score, string? Outcome, IReadOnlyList<CallTurn> Turns);

/// <summary>Everything about one candidate, named, before any anonymising.</summary>
public sealed record CandidateFacts(CandidateDossier Dossier, Identity Identity, Guid SequenceId, CandidateState State, string? StoredFilePath, string? OriginalFileName);

/// <summary>Reads what a package says about candidates from the CV data, the match, the AI screen and the notes.</summary>
public sealed partial class DossierReader(IDbContextFactory<SamsaraDbContext> dbFactory)
{
    public static readonly CandidateState[] Eligible = [CandidateState.AtsReady, CandidateState.AtsSubmitted, CandidateState.SentToClient];

    public async Task<IReadOnlyList<EligibleCandidate>> EligibleAsync(Guid projectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (from s in db.OutreachSequences
                          join c in db.Candidates on s.CandidateId equals c.Id
                          where s.ProjectId == projectId && Eligible.Contains(s.Status)
                          orderby c.FullName
                          select new { c.Id, c.FullName, s.Status, SequenceId = s.Id }).ToListAsync(ct);
        var result = new List<EligibleCandidate>();
        foreach (var r in rows)
        {
            var (call, turns) = await ScreenAsync(db, r.SequenceId, ct);
            result.Add(new(r.Id, r.FullName, r.Status, await ScoreAsync(db, projectId, r.Id, ct) is var (score, _) ? score : null,
                call?.ScreeningOutcome?.ToString(), turns));
        }

        return result;
    }

    /// <param name="excerptTurns">Indexes into the call's turns the recruiter picked; null takes the knock-out answers.</param>
    public async Task<CandidateFacts?> ReadAsync(Guid projectId, Guid candidateId, IReadOnlyList<int>? excerptTurns, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var candidate = await db.Candidates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == candidateId && c.ProjectId == projectId, ct);
        var sequence = await db.OutreachSequences.AsNoTracking().SingleOrDefaultAsync(s => s.CandidateId == candidateId && s.ProjectId == projectId, ct);
        if (candidate is null || sequence is null)
        {
            return null;
        }

        var cv = CvDocument.FromJson(candidate.CvJson);
        var (call, turns) = await ScreenAsync(db, sequence.Id, ct);
        var verdict = ScreeningVerdict.FromJson(call?.VerdictJson);
        var answers = verdict?.Answers.Where(a => a.Verdict != AnswerVerdict.NotAsked).ToList() ?? [];
        var score = await ScoreAsync(db, projectId, candidateId, ct);
        var dossier = new CandidateDossier
        {
            CandidateId = candidate.Id,
            DisplayName = candidate.FullName,
            CurrentTitle = candidate.CurrentTitle ?? cv?.CurrentTitle?.Value,
            Location = candidate.Location ?? cv?.Location?.Value,
            YearsExperience = candidate.YearsExperience ?? cv?.YearsExperience?.Value,
            Summary = Summary(candidate.RawText),
            Skills = cv?.Skills?.Value ?? [],
            WorkHistory = cv?.WorkHistory?.Value ?? [],
            Education = cv?.Education?.Value ?? [],
            Contact = [.. new[] { candidate.Email, candidate.Phone, cv?.LinkedIn?.Value, cv?.GitHub?.Value }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!)],
            Score = score?.Score,
            ScoreReasons = score?.Explanation is { } e ? Reasons(e) : [],
            ScreeningOutcome = call?.ScreeningOutcome?.ToString(),
            ScreeningReasons = verdict?.Reasons ?? [],
            Answers = [.. answers.Select(a => new ScreeningAnswer(a.Question, a.Answer, a.Verdict.ToString()))],
            RecruiterNotes = string.Join("\n", new[] { candidate.Notes, sequence.Notes, call?.Notes }.Where(n => !string.IsNullOrWhiteSpace(n))),
            Excerpts = Excerpts(turns, excerptTurns, answers),
            Availability = AnswerAbout(answers, StartWords()),
            SalaryExpectation = AnswerAbout(answers, SalaryWords()),
            NoticePeriod = AnswerAbout(answers, NoticeWords()),
        };
        var identity = Anonymiser.IdentityOf(candidate.FullName, candidate.Email, candidate.Phone, cv);
        return new(dossier, identity, sequence.Id, sequence.Status, candidate.StoredFilePath, candidate.OriginalFileName);
    }

    private static async Task<(CallRecord?, IReadOnlyList<CallTurn>)> ScreenAsync(SamsaraDbContext db, Guid sequenceId, CancellationToken ct)
    {
        var calls = await db.CallRecords.AsNoTracking()
            .Where(c => c.SequenceId == sequenceId && c.CallType == CallType.AiScreening && c.ScreeningOutcome != null)
            .ToListAsync(ct);
        var call = calls.OrderByDescending(c => c.CreatedAt).FirstOrDefault();
        if (call is null)
        {
            return (null, []);
        }

        var transcript = await db.Transcripts.AsNoTracking().Where(t => t.CallRecordId == call.Id).ToListAsync(ct);
        var json = transcript.OrderByDescending(t => t.CreatedAt).FirstOrDefault()?.SegmentsJson;
        return (call, CallTurns.FromJson(json));
    }

    private static async Task<(int Score, MatchExplanation? Explanation)?> ScoreAsync(SamsaraDbContext db, Guid projectId, Guid candidateId, CancellationToken ct)
    {
        var match = await (from m in db.CvJdMatches
                           join j in db.JobDescriptions on m.JobDescriptionId equals j.Id
                           where j.ProjectId == projectId && m.CandidateId == candidateId
                           select m).AsNoTracking().ToListAsync(ct);
        var latest = match.OrderByDescending(m => m.ComputedAt).FirstOrDefault();
        return latest is null ? null : (latest.Score, MatchExplanation.FromJson(latest.ExplanationJson));
    }

    private static List<string> Reasons(MatchExplanation e)
    {
        var lines = new List<string>();
        if (e.MatchedSkills.Count > 0)
        {
            lines.Add("Has: " + string.Join(", ", e.MatchedSkills));
        }

        if (e.MissingRequiredSkills.Count > 0)
        {
            lines.Add("Missing: " + string.Join(", ", e.MissingRequiredSkills));
        }

        if (e.MatchedNiceToHave.Count > 0)
        {
            lines.Add("Also: " + string.Join(", ", e.MatchedNiceToHave));
        }

        lines.Add("Seniority: " + e.SeniorityFit);
        lines.Add("Location: " + e.LocationFit);
        return lines;
    }

    private static List<TranscriptExcerpt> Excerpts(IReadOnlyList<CallTurn> turns, IReadOnlyList<int>? picked, List<JudgedAnswer> answers)
    {
        if (picked is null || picked.Count == 0)
        {
            // By default the client reads the answers to the knock-out questions.
            return [.. answers.Where(a => a.KnockOutAnswer is not null && a.Answer is not null).Take(4).Select(a => new TranscriptExcerpt(a.Question, a.Answer!))];
        }

        return [.. picked.Where(i => i >= 0 && i < turns.Count).Distinct().Order().Take(4).Select(i =>
        {
            var asked = turns.Take(i).LastOrDefault(t => t.IsAgent && !turns[i].IsAgent);
            return new TranscriptExcerpt(asked?.Text, turns[i].Text);
        })];
    }

    private static string? AnswerAbout(List<JudgedAnswer> answers, Regex topic) =>
        answers.FirstOrDefault(a => a.Answer is not null && topic.IsMatch(a.Question))?.Answer;

    /// <summary>The paragraph under a "Summary"/"Profile" heading of the CV's text, if it has one.</summary>
    internal static string? Summary(string? rawText)
    {
        if (string.IsNullOrWhiteSpace(rawText))
        {
            return null;
        }

        var lines = rawText.Split('\n').Select(l => l.Trim()).ToList();
        var start = lines.FindIndex(l => SummaryHeading().IsMatch(l));
        if (start < 0)
        {
            return null;
        }

        var body = lines.Skip(start + 1).SkipWhile(l => l.Length == 0).TakeWhile(l => l.Length > 0 && !Heading().IsMatch(l));
        var text = string.Join(' ', body);
        return text.Length == 0 ? null : text.Length > 1200 ? text[..1200] + "…" : text;
    }

    [GeneratedRegex(@"^(professional\s+)?(summary|profile|about me|personal statement|objective)\s*:?$", RegexOptions.IgnoreCase)]
    private static partial Regex SummaryHeading();

    [GeneratedRegex(@"^(experience|work history|employment|skills|education|projects|certifications|languages|interests)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Heading();

    [GeneratedRegex(@"\b(start|available|availability)\b", RegexOptions.IgnoreCase)]
    private static partial Regex StartWords();

    [GeneratedRegex(@"\b(salary|pay|rate|compensation)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SalaryWords();

    [GeneratedRegex(@"\bnotice\b", RegexOptions.IgnoreCase)]
    private static partial Regex NoticeWords();
}
