using System.Text.Json;
using Samsara.Core.CvIntake.Fields;

namespace Samsara.Core.Matching;

/// <summary>Why a candidate scored what they did, in terms a recruiter can check against the CV.</summary>
public sealed record MatchExplanation(
    IReadOnlyList<string> MatchedSkills,
    IReadOnlyList<string> MissingRequiredSkills,
    IReadOnlyList<string> MatchedNiceToHave,
    string SeniorityFit,
    string LocationFit,
    int SkillPoints,
    int SeniorityPoints,
    int LocationPoints)
{
    public string ToJson() => JsonSerializer.Serialize(this, MatchJson.Options);

    public static MatchExplanation? FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<MatchExplanation>(json, MatchJson.Options);
}

public sealed record MatchResult(int Score, MatchExplanation Explanation);

/// <summary>
/// Scores a CV against a job, 0-100: required skills 60, nice-to-have 15, seniority 15, location 10.
/// Skills dominate because they are what a recruiter screens on first.
/// </summary>
public sealed class MatchScorer(SkillCatalog skills)
{
    private const int RequiredWeight = 60;
    private const int NiceWeight = 15;
    private const int SeniorityWeight = 15;
    private const int LocationWeight = 10;

    public MatchResult Score(JobRequirements job, CvDocument cv, string? candidateLocation = null, string? candidateTitle = null, double? candidateYears = null)
    {
        var have = new HashSet<string>((cv.Skills?.Value ?? []).Select(skills.Canonical), StringComparer.OrdinalIgnoreCase);
        var matched = job.RequiredSkills.Where(have.Contains).ToList();
        var missing = job.RequiredSkills.Where(s => !have.Contains(s)).ToList();
        var niceMatched = job.NiceToHaveSkills.Where(have.Contains).ToList();

        double skillPoints;
        if (job.RequiredSkills.Count == 0 && job.NiceToHaveSkills.Count == 0)
        {
            skillPoints = (RequiredWeight + NiceWeight) / 2.0;
        }
        else if (job.RequiredSkills.Count == 0)
        {
            skillPoints = (RequiredWeight + NiceWeight) * niceMatched.Count / (double)job.NiceToHaveSkills.Count;
        }
        else
        {
            skillPoints = (RequiredWeight * matched.Count / (double)job.RequiredSkills.Count)
                + (job.NiceToHaveSkills.Count == 0 ? NiceWeight * matched.Count / (double)job.RequiredSkills.Count : NiceWeight * niceMatched.Count / (double)job.NiceToHaveSkills.Count);
        }

        var (seniorityPoints, seniorityFit) = SeniorityFit(job, candidateTitle ?? cv.CurrentTitle?.Value, candidateYears ?? cv.YearsExperience?.Value);
        var (locationPoints, locationFit) = LocationFit(job, candidateLocation ?? cv.Location?.Value);
        var score = (int)Math.Round(Math.Clamp(skillPoints + seniorityPoints + locationPoints, 0, 100));
        return new MatchResult(score, new MatchExplanation(matched, missing, niceMatched, seniorityFit, locationFit, (int)Math.Round(skillPoints), seniorityPoints, locationPoints));
    }

    private static (int Points, string Fit) SeniorityFit(JobRequirements job, string? title, double? years)
    {
        var wantedYears = job.MinYears ?? (job.Seniority == Seniority.Unknown ? (double?)null : SeniorityReader.MinimumYears(job.Seniority));
        if (wantedYears is null)
        {
            return (SeniorityWeight, "The job names no seniority.");
        }

        var level = SeniorityReader.FromText(title);
        var candidateYears = years ?? (level == Seniority.Unknown ? null : SeniorityReader.MinimumYears(level));
        if (candidateYears is null)
        {
            return (SeniorityWeight / 2, "Unknown: the CV states no years of experience or level.");
        }

        if (candidateYears >= wantedYears)
        {
            return (SeniorityWeight, $"Fits: {candidateYears:0.#} years against {wantedYears:0.#} wanted.");
        }

        var ratio = candidateYears.Value / Math.Max(1, wantedYears.Value);
        return ((int)Math.Round(SeniorityWeight * ratio * 0.8), $"Below: {candidateYears:0.#} years against {wantedYears:0.#} wanted.");
    }

    private static (int Points, string Fit) LocationFit(JobRequirements job, string? location)
    {
        if (job.Location is null)
        {
            return (LocationWeight, job.Remote ? "Remote job." : "The job names no location.");
        }

        if (string.IsNullOrWhiteSpace(location))
        {
            return (job.Remote ? LocationWeight : LocationWeight / 2, "Unknown: the CV gives no location.");
        }

        var wanted = Words(job.Location);
        var shares = Words(location).Any(wanted.Contains);
        if (shares)
        {
            return (LocationWeight, $"Matches {job.Location}.");
        }

        return job.Remote ? (LocationWeight, $"Remote allowed; candidate is in {location}.") : (0, $"Candidate is in {location}, the job is in {job.Location}.");
    }

    private static HashSet<string> Words(string text) =>
        new(text.Split([' ', ',', '/', '(', ')', '-', '|'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length > 2 && !string.Equals(w, "remote", StringComparison.OrdinalIgnoreCase) && !string.Equals(w, "hybrid", StringComparison.OrdinalIgnoreCase)), StringComparer.OrdinalIgnoreCase);
}
