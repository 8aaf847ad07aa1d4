using System.Text;
using System.Text.RegularExpressions;

namespace Samsara.Core.Matching.Semantic;

/// <summary>
/// Cuts a CV into passages of about 500 characters at line or word ends. Only the first few passages are embedded:
/// that is where profile, skills and recent roles are, and the model's time grows with every token it reads. So lines
/// that say nothing about the person's work are left out first (page headers and footers, a line already seen, the
/// contact block, "References available on request"), and the passages hold the text that matters.
/// See docs/decisions/matching-every-profession.md.
/// </summary>
public static partial class CvChunker
{
    public const int ChunkLength = 500;

    /// <summary>Measured on the profession corpus (docs/benchmarks.md): five clean passages rank as well as eight raw ones.</summary>
    public const int MaxChunks = 5;

    public static List<string> Chunks(string? text) => Chunks(text, MaxChunks, skipNoise: true);

    /// <param name="skipNoise">False reads every line, as before noise was left out (the benchmark's baseline).</param>
    public static List<string> Chunks(string? text, int maxChunks, bool skipNoise)
    {
        var chunks = new List<string>();
        var current = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in (text ?? "").Split('\n'))
        {
            var line = Spaces().Replace(raw, " ").Trim();
            if (line.Length < 3 || line.All(c => !char.IsLetter(c)))
            {
                continue;
            }

            if (skipNoise && (IsNoise(line) || !seen.Add(line)))
            {
                continue;
            }

            foreach (var piece in Pieces(line))
            {
                if (current.Length > 0 && current.Length + piece.Length + 1 > ChunkLength)
                {
                    chunks.Add(current.ToString());
                    current.Clear();
                    if (chunks.Count == maxChunks)
                    {
                        return chunks;
                    }
                }

                current.Append(current.Length > 0 ? " " : "").Append(piece);
            }
        }

        if (current.Length > 0 && chunks.Count < maxChunks)
        {
            chunks.Add(current.ToString());
        }

        return chunks;
    }

    /// <summary>A line that tells nothing about the work: page furniture, contact details, boilerplate.</summary>
    public static bool IsNoise(string line) =>
        PageFurniture().IsMatch(line) || Contact().IsMatch(line) || IsPhoneLine(line);

    // A phone number with little else ("Mobile: 07700 900123 | Leeds"); a job's dates ("03/2019 – 05/2021") are no phone.
    private static bool IsPhoneLine(string line) =>
        line.Count(char.IsLetter) <= 20 && Phone().Matches(line).Any(m => m.Value.Count(char.IsDigit) >= 9);

    /// <summary>
    /// The model's tokenizer splits only on spaces and line ends, so "kitchen," would be an unknown word: punctuation is
    /// set apart and the text lower-cased before embedding.
    /// </summary>
    public static string Flatten(string text) => Spaces().Replace(Punctuation().Replace(text.ToLowerInvariant(), " $0 "), " ").Trim();

    private static IEnumerable<string> Pieces(string line)
    {
        if (line.Length <= ChunkLength)
        {
            yield return line;
            yield break;
        }

        var at = 0;
        while (at < line.Length)
        {
            var take = Math.Min(ChunkLength, line.Length - at);
            if (at + take < line.Length && line.LastIndexOf(' ', at + take - 1, take) is var space and > 0 && space > at)
            {
                take = space - at;
            }

            yield return line.Substring(at, take).Trim();
            at += take;
        }
    }

    // "Page 2 of 3", "Curriculum Vitae", "Jane Doe - CV", "References available on request."
    [GeneratedRegex(@"^(page \d+( of \d+)?|(.{0,60}\s[-–—|:]\s*)?(curriculum vitae|cv|resume|résumé)|references (are )?(available )?(up)?on request\.?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PageFurniture();

    // An e-mail address or a web address: the contact block, a LinkedIn line.
    [GeneratedRegex(@"[\w.+-]+@[\w-]+\.[\w.-]+|https?://|www\.|linkedin\.com", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Contact();

    [GeneratedRegex(@"\+?\d[\d ().-]{7,}\d")]
    private static partial Regex Phone();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"[^\p{L}\p{N}\s]")]
    private static partial Regex Punctuation();
}
