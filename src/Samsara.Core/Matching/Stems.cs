using System.Text.RegularExpressions;

namespace Samsara.Core.Matching;

/// <summary>
/// Words reduced to a crude common stem ("managing", "manager", "management" → "manag"), so a requirement written one
/// way is found in a CV written another. The same function runs on both sides, so consistency matters more than
/// linguistic accuracy; a full Porter stemmer was not worth its size here.
/// </summary>
public static partial class Stems
{
    // Generic advert words that say nothing about the job itself ("5+ years of proven experience with …").
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "is", "are", "be", "been", "being",
        "it", "its", "this", "that", "these", "those", "you", "your", "we", "our", "us", "they", "their", "will", "would", "should", "can",
        "could", "may", "must", "have", "has", "had", "do", "does", "not", "no", "all", "any", "some", "such", "other", "etc", "e.g", "i.e",
        "eg", "ie", "plus", "also", "into", "within", "across", "who", "which", "what", "where", "when", "how", "both", "each", "per", "via",
        "experience", "experienced", "years", "year", "yrs", "ability", "able", "strong", "excellent", "good", "great", "knowledge",
        "understanding", "skill", "skills", "proven", "including", "required", "requirement", "requirements", "essential", "desirable",
        "nice", "bonus", "preferred", "demonstrable", "demonstrated", "solid", "familiarity", "familiar", "proficiency", "proficient",
        "least", "minimum", "relevant", "similar", "role", "candidate", "ideal", "ideally", "hands", "background", "track", "record",
        "using", "use", "working", "previous", "prior", "related", "environment", "advantage", "advantageous", "someone", "person", "need",
        "needed", "looking", "plus", "ensure", "within", "well", "very", "more", "than", "over", "up", "new", "high", "highly", "level",
        "i", "my", "me", "he", "she", "his", "her", "was", "were", "if", "so", "but", "out", "about", "after", "before", "during",
    };

    // Longest first; the first that leaves at least three letters wins.
    private static readonly (string Suffix, string Replacement)[] Suffixes =
    [
        ("ational", "ate"), ("ations", "ate"), ("ation", "ate"), ("ements", ""), ("ement", ""), ("ments", ""), ("ment", ""), ("ities", ""),
        ("ity", ""), ("ness", ""), ("ings", ""), ("ing", ""), ("ants", ""), ("ant", ""), ("ents", ""), ("ies", "y"), ("ied", "y"),
        ("ers", ""), ("er", ""), ("ors", ""), ("or", ""), ("edly", ""), ("ed", ""), ("ly", ""), ("es", ""), ("al", ""), ("s", ""),
    ];

    /// <summary>The content words of a text as stems, in order, generic advert words left out.</summary>
    public static List<string> Of(string text)
    {
        var stems = new List<string>();
        foreach (Match m in Word().Matches(text))
        {
            var word = m.Value.ToLowerInvariant();
            if (!StopWords.Contains(word) && !word.All(char.IsDigit))
            {
                stems.Add(Stem(word));
            }
        }

        return stems;
    }

    /// <summary>Where each word of a text starts and ends, with its stem (stop words included, for highlighting).</summary>
    public static IEnumerable<(int Start, int Length, string Stem)> Spans(string text)
    {
        foreach (Match m in Word().Matches(text))
        {
            yield return (m.Index, m.Length, Stem(m.Value.ToLowerInvariant()));
        }
    }

    public static string Stem(string word)
    {
        // Technical words ("c#", "node.js", "asp.net") are matched exactly.
        if (word.Length <= 3 || !word.All(char.IsLetter))
        {
            return word;
        }

        foreach (var (suffix, replacement) in Suffixes)
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal) && word.Length - suffix.Length >= 3
                && !(suffix == "s" && (word.EndsWith("ss", StringComparison.Ordinal) || word.EndsWith("us", StringComparison.Ordinal) || word.EndsWith("is", StringComparison.Ordinal))))
            {
                word = word[..^suffix.Length] + replacement;
                break;
            }
        }

        if (word.Length > 3 && word[^1] == 'e')
        {
            word = word[..^1];
        }

        // "planning" → "plann" → "plan".
        if (word.Length > 3 && word[^1] == word[^2] && word[^1] is not ('l' or 's' or 'z'))
        {
            word = word[..^1];
        }

        return word;
    }

    [GeneratedRegex(@"\.net\b|[\p{L}\p{N}][\p{L}\p{N}]*(?:[+#]+|(?:\.[\p{L}\p{N}]+)+)?", RegexOptions.IgnoreCase)]
    private static partial Regex Word();
}
