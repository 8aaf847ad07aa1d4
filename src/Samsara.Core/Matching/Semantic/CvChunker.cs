using System.Text;
using System.Text.RegularExpressions;

namespace Samsara.Core.Matching.Semantic;

/// <summary>
/// Cuts a CV into passages of about 500 characters at line or word ends. Only the first few thousand characters are
/// embedded: that is where profile, skills and recent roles are, and it bounds the background stage's cost per CV.
/// </summary>
public static partial class CvChunker
{
    public const int ChunkLength = 500;
    public const int MaxChunks = 8;

    public static List<string> Chunks(string? text)
    {
        var chunks = new List<string>();
        var current = new StringBuilder();
        foreach (var raw in (text ?? "").Split('\n'))
        {
            var line = Spaces().Replace(raw, " ").Trim();
            if (line.Length < 3 || line.All(c => !char.IsLetter(c)))
            {
                continue;
            }

            foreach (var piece in Pieces(line))
            {
                if (current.Length > 0 && current.Length + piece.Length + 1 > ChunkLength)
                {
                    chunks.Add(current.ToString());
                    current.Clear();
                    if (chunks.Count == MaxChunks)
                    {
                        return chunks;
                    }
                }

                current.Append(current.Length > 0 ? " " : "").Append(piece);
            }
        }

        if (current.Length > 0 && chunks.Count < MaxChunks)
        {
            chunks.Add(current.ToString());
        }

        return chunks;
    }

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

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"[^\p{L}\p{N}\s]")]
    private static partial Regex Punctuation();
}
