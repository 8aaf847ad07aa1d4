using Samsara.Core.CvIntake.Fields;

namespace Samsara.Core.Matching;

/// <summary>A job made ready to score many CVs against: requirements split into concepts, and (once embedded) its vectors.</summary>
public sealed record PreparedJob(JobRequirements Job, IReadOnlyList<RequirementCoverage.Prepared> Items, JobVectors? Vectors);

/// <summary>The JD as a whole and each requirement, embedded (unit vectors).</summary>
public sealed record JobVectors(float[] Job, IReadOnlyList<float[]> Requirements);

/// <summary>A CV's passages and their stored embeddings (unit vectors).</summary>
public sealed record CvVectors(IReadOnlyList<string> Chunks, IReadOnlyList<float[]> Vectors);

/// <summary>
/// Scores a CV against a job, 0-100. With the CV embedded: requirement coverage 50, meaning 30, seniority 12,
/// location 8. Before that, coverage carries the meaning's share too and the explanation says "scoring…".
/// Required items weigh twice a nice-to-have. See docs/decisions/matching-every-profession.md.
/// </summary>
public sealed class MatchScorer(SkillCatalog skills)
{
    private const double CoverageWeight = 50;
    private const double SemanticWeight = 30;
    private const int SeniorityWeight = 12;
    private const int LocationWeight = 8;

    // all-MiniLM-L6-v2 cosines: unrelated text sits near 0.1-0.2, a passage on the same job near 0.5-0.7.
    private const double SemanticFloor = 0.15;
    private const double SemanticSpan = 0.5;
    private const double RelatedThreshold = 0.5;
    private const double RelatedCredit = 0.4;
    private const double PartialCredit = 0.6;
    private const int TopChunks = 3;
    private const int MaxQuote = 300;

    private readonly RequirementCoverage coverage = new(skills);

    public PreparedJob Prepare(JobRequirements job, JobVectors? vectors = null) => new(job, coverage.Prepare(job), vectors);

    public MatchResult Score(JobRequirements job, string? cvText, CvDocument cv) => Score(Prepare(job), cvText, cv, null);

    /// <param name="semanticNote">Why this CV will not be scored for meaning (failed to embed, no text), shown instead of "scoring…".</param>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Callers hold the scorer they prepared the job with.")]
    public MatchResult Score(PreparedJob job, string? cvText, CvDocument cv, CvVectors? cvVectors, string? candidateLocation = null, string? candidateTitle = null, double? candidateYears = null, string? semanticNote = null)
    {
        // Skills the recruiter corrected (or the parser listed) count as CV text too.
        var index = new CvTextIndex(cv.Skills is { Value.Count: > 0 } listed ? cvText + "\nSkills: " + string.Join(", ", listed.Value) : cvText);
        var buffer = new ulong[index.Lines.Count];
        var semantic = job.Vectors is not null && cvVectors is { Vectors.Count: > 0 } ? (job.Vectors, cvVectors) : default;
        var ready = semantic.Vectors is not null;
        var evidence = new List<RequirementEvidence>(job.Items.Count);
        double earned = 0, possible = 0;
        for (var r = 0; r < job.Items.Count; r++)
        {
            var hit = RequirementCoverage.Find(job.Items[r], index, buffer);
            var weight = hit.Requirement.Required ? 2 : 1;
            possible += weight;
            if (hit.Found)
            {
                earned += weight;
                var quote = Clip(index.Lines[hit.Line] + (hit.Lines == 2 && hit.Line + 1 < index.Lines.Count ? " " + index.Lines[hit.Line + 1] : ""));
                evidence.Add(new RequirementEvidence(hit.Requirement.Text, hit.Requirement.Required, RequirementStatus.Found, quote, Marks(quote, hit.MatchedStems)));
                continue;
            }

            var credit = hit.Fraction * PartialCredit;
            if (ready && r < semantic.Vectors!.Requirements.Count && Best(semantic.Vectors.Requirements[r], semantic.cvVectors!) is var (chunk, similarity) && similarity >= RelatedThreshold)
            {
                credit = Math.Max(credit, RelatedCredit);
                evidence.Add(new RequirementEvidence(hit.Requirement.Text, hit.Requirement.Required, RequirementStatus.Related, Clip(semantic.cvVectors!.Chunks[chunk]), null));
            }
            else
            {
                evidence.Add(new RequirementEvidence(hit.Requirement.Text, hit.Requirement.Required, RequirementStatus.Missing, null, null));
            }

            earned += weight * credit;
        }

        var covered = possible == 0 ? 0.5 : earned / possible;
        double semanticShare = 0;
        string? bestPassage = null;
        if (ready)
        {
            var sims = semantic.cvVectors!.Vectors.Select(v => Dot(semantic.Vectors!.Job, v)).ToArray();
            var mean = sims.OrderDescending().Take(TopChunks).Average();
            semanticShare = Math.Clamp((mean - SemanticFloor) / SemanticSpan, 0, 1);
            bestPassage = Clip(semantic.cvVectors.Chunks[Array.IndexOf(sims, sims.Max())]);
        }

        var coveragePoints = covered * (ready ? CoverageWeight : CoverageWeight + SemanticWeight);
        var semanticPoints = semanticShare * SemanticWeight;
        var (seniorityPoints, seniorityFit) = SeniorityFit(job.Job, candidateTitle ?? cv.CurrentTitle?.Value, candidateYears ?? cv.YearsExperience?.Value);
        var (locationPoints, locationFit) = LocationFit(job.Job, candidateLocation ?? cv.Location?.Value);
        var score = (int)Math.Round(Math.Clamp(coveragePoints + semanticPoints + seniorityPoints + locationPoints, 0, 100));
        return new MatchResult(score, new MatchExplanation(
            evidence, bestPassage, ready, seniorityFit, locationFit, (int)Math.Round(coveragePoints), (int)Math.Round(semanticPoints), seniorityPoints, locationPoints,
            ready ? null : semanticNote));
    }

    public static float Dot(float[] a, float[] b)
    {
        var width = System.Numerics.Vector<float>.Count;
        var sum = System.Numerics.Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - width; i += width)
        {
            sum += new System.Numerics.Vector<float>(a, i) * new System.Numerics.Vector<float>(b, i);
        }

        var total = System.Numerics.Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }

    private static (int Chunk, double Similarity)? Best(float[] query, CvVectors cv)
    {
        var best = -1;
        var bestSim = double.MinValue;
        for (var i = 0; i < cv.Vectors.Count; i++)
        {
            var sim = Dot(query, cv.Vectors[i]);
            if (sim > bestSim)
            {
                (best, bestSim) = (i, sim);
            }
        }

        return best < 0 ? null : (best, bestSim);
    }

    private static List<int[]> Marks(string quote, IReadOnlySet<string> stems) =>
        Stems.Spans(quote).Where(s => stems.Contains(s.Stem)).Select(s => new[] { s.Start, s.Length }).ToList();

    private static string Clip(string text) => text.Length <= MaxQuote ? text : text[..MaxQuote] + "…";

    private static (int Points, string Fit) SeniorityFit(JobRequirements job, string? title, double? years)
    {
        var wantedYears = job.MinYears ?? (job.Seniority == Seniority.Unknown ? (double?)null : SeniorityReader.MinimumYears(job.Seniority));
        if (wantedYears is null)
        {
            return (SeniorityWeight, "The job names no seniority.");
        }

        var level = SeniorityReader.FromTitle(title);
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
        if (Words(location).Any(wanted.Contains))
        {
            return (LocationWeight, $"Matches {job.Location}.");
        }

        return job.Remote ? (LocationWeight, $"Remote allowed; candidate is in {location}.") : (0, $"Candidate is in {location}, the job is in {job.Location}.");
    }

    private static HashSet<string> Words(string text) =>
        new(text.Split([' ', ',', '/', '(', ')', '-', '|'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length > 2 && !string.Equals(w, "remote", StringComparison.OrdinalIgnoreCase) && !string.Equals(w, "hybrid", StringComparison.OrdinalIgnoreCase)), StringComparer.OrdinalIgnoreCase);
}
