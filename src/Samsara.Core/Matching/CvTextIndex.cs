namespace Samsara.Core.Matching;

/// <summary>A CV's lines with an inverted index from word stem to the lines holding it, built once per scoring.</summary>
public sealed class CvTextIndex
{
    private const int MaxLines = 600;
    private const int MaxLineLength = 400;

    public CvTextIndex(string? text)
    {
        foreach (var raw in (text ?? "").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var at = Lines.Count;
            Lines.Add(line.Length <= MaxLineLength ? line : line[..MaxLineLength]);
            foreach (var stem in Stems.Of(Lines[at]))
            {
                if (!LinesByStem.TryGetValue(stem, out var list))
                {
                    LinesByStem[stem] = list = [];
                }

                if (list.Count == 0 || list[^1] != at)
                {
                    list.Add(at);
                }
            }

            if (Lines.Count == MaxLines)
            {
                break;
            }
        }
    }

    public List<string> Lines { get; } = [];

    public Dictionary<string, List<int>> LinesByStem { get; } = new(StringComparer.Ordinal);
}
