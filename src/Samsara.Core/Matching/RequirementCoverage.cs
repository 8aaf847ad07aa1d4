namespace Samsara.Core.Matching;

/// <summary>How much of one requirement a CV shows in words: the best line (with the next one, for wrapped text).</summary>
/// <param name="Lines">1 when the words are all on <paramref name="Line"/>, 2 when they run into the next line.</param>
public sealed record RequirementHit(JobRequirement Requirement, double Fraction, int Line, int Lines, IReadOnlySet<string> MatchedStems)
{
    /// <summary>Most of its words on one line: a recruiter would call it found.</summary>
    public bool Found => Fraction >= RequirementCoverage.FoundFraction;
}

/// <summary>
/// Finds each job requirement in a CV by stemmed words. A requirement is a list of concepts: each content word, or a
/// catalog skill with all its spellings ("Kubernetes" is also "k8s"), which is the only use of the skills dictionary.
/// </summary>
public sealed class RequirementCoverage(SkillCatalog skills)
{
    public const double FoundFraction = 0.6;
    private const int MaxConcepts = 63;

    public sealed record Prepared(JobRequirement Requirement, IReadOnlyList<string[][]> Concepts);

    public IReadOnlyList<Prepared> Prepare(JobRequirements job) => job.Requirements.Select(Prepare).ToList();

    public Prepared Prepare(JobRequirement requirement)
    {
        var concepts = new List<string[][]>();
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var skill in skills.FindIn(requirement.Text))
        {
            var spellings = skills.SpellingsOf(skill).Select(a => Stems.Of(a).ToArray()).Where(a => a.Length > 0).Distinct(new StemsComparer()).ToArray();
            if (spellings.Length > 0)
            {
                concepts.Add(spellings);
                claimed.UnionWith(spellings.SelectMany(a => a));
            }
        }

        foreach (var stem in Stems.Of(requirement.Text).Distinct(StringComparer.Ordinal))
        {
            if (!claimed.Contains(stem))
            {
                concepts.Add([[stem]]);
            }
        }

        return new Prepared(requirement, concepts.Take(MaxConcepts).ToList());
    }

    public static RequirementHit Find(Prepared prepared, CvTextIndex cv, ulong[] buffer)
    {
        var lines = Math.Min(cv.Lines.Count, buffer.Length);
        Array.Clear(buffer, 0, lines);
        var concepts = prepared.Concepts;
        for (var k = 0; k < concepts.Count; k++)
        {
            foreach (var spelling in concepts[k])
            {
                Mark(cv, spelling, 1UL << k, buffer, lines);
            }
        }

        var best = -1;
        var bestCount = 0;
        var bestRank = 0;
        for (var i = 0; i < lines; i++)
        {
            var window = buffer[i] | (i + 1 < lines ? buffer[i + 1] : 0);
            var count = System.Numerics.BitOperations.PopCount(window);

            // At equal count, a line that holds every word itself beats one that borrows from its neighbour.
            var rank = (count * 2) + (window == buffer[i] ? 1 : 0);
            if (count > 0 && rank > bestRank)
            {
                (best, bestCount, bestRank) = (i, count, rank);
            }
        }

        if (best < 0 || concepts.Count == 0)
        {
            return new RequirementHit(prepared.Requirement, 0, -1, 0, new HashSet<string>());
        }

        var matched = new HashSet<string>(StringComparer.Ordinal);
        var bestWindow = buffer[best] | (best + 1 < lines ? buffer[best + 1] : 0);
        for (var k = 0; k < concepts.Count; k++)
        {
            if ((bestWindow & (1UL << k)) != 0)
            {
                matched.UnionWith(concepts[k].SelectMany(s => s));
            }
        }

        return new RequirementHit(prepared.Requirement, bestCount / (double)concepts.Count, best, bestRank % 2 == 1 ? 1 : 2, matched);
    }

    /// <summary>Marks the lines holding every stem of one spelling.</summary>
    private static void Mark(CvTextIndex cv, string[] spelling, ulong bit, ulong[] buffer, int lines)
    {
        if (!cv.LinesByStem.TryGetValue(spelling[0], out var first))
        {
            return;
        }

        foreach (var line in first)
        {
            if (line >= lines)
            {
                break;
            }

            var all = true;
            for (var s = 1; s < spelling.Length && all; s++)
            {
                all = cv.LinesByStem.TryGetValue(spelling[s], out var other) && (other.BinarySearch(line) >= 0 || other.BinarySearch(line + 1) >= 0);
            }

            if (all)
            {
                buffer[line] |= bit;
            }
        }
    }

    private sealed class StemsComparer : IEqualityComparer<string[]>
    {
        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(string[] obj) => obj.Length == 0 ? 0 : HashCode.Combine(obj.Length, obj[0]);
    }
}
