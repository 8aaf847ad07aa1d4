using System.Text.Json;

namespace Samsara.Core.Matching;

/// <summary>
/// The known skills and their synonyms, loaded from <c>skill-synonyms.json</c> (an embedded resource),
/// so recruiters' spellings map to one canonical name without code changes.
/// </summary>
public sealed class SkillCatalog
{
    private static readonly JsonSerializerOptions ReadOptions = new(JsonSerializerDefaults.Web);

    private const string ResourceName = "Samsara.Core.Matching.skill-synonyms.json";

    private readonly List<(string Alias, string Skill)> insensitive = [];
    private readonly List<(string Alias, string Skill)> exactCase = [];
    private readonly Dictionary<string, string> canonicalByAlias = new(StringComparer.OrdinalIgnoreCase);

    public static SkillCatalog Default { get; } = LoadEmbedded();

    public IReadOnlyCollection<string> Skills { get; }

    public SkillCatalog(SkillSynonymFile file)
    {
        var skills = new List<string>();
        foreach (var entry in file.Skills)
        {
            skills.Add(entry.Name);
            foreach (var alias in entry.Aliases.Append(entry.Name).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (!entry.ExactCase.Contains(alias, StringComparer.Ordinal))
                {
                    insensitive.Add((alias.ToLowerInvariant(), entry.Name));
                }

                canonicalByAlias.TryAdd(alias, entry.Name);
            }

            foreach (var alias in entry.ExactCase)
            {
                exactCase.Add((alias, entry.Name));
            }
        }

        // Longer aliases first so "asp.net core" is consumed before ".net" looks at the same words.
        insensitive.Sort((a, b) => b.Alias.Length.CompareTo(a.Alias.Length));
        Skills = skills;
    }

    /// <summary>The canonical name for a skill as written, or the text itself when the catalog does not know it.</summary>
    public string Canonical(string skill) => canonicalByAlias.TryGetValue(skill.Trim(), out var name) ? name : skill.Trim();

    /// <summary>Every spelling of a canonical skill, its name included.</summary>
    public IReadOnlyList<string> SpellingsOf(string skill) =>
        canonicalByAlias.Where(a => string.Equals(a.Value, skill, StringComparison.Ordinal)).Select(a => a.Key).ToList();

    public bool IsKnown(string skill) => canonicalByAlias.ContainsKey(skill.Trim());

    /// <summary>Canonical skills mentioned in the text, in order of first mention.</summary>
    /// <remarks>Text claimed by a longer alias is not matched again by a shorter one, so "SQL Server" is not also "SQL".</remarks>
    public IReadOnlyList<string> FindIn(string text)
    {
        var lower = text.ToLowerInvariant();
        var claimed = new List<(int Start, int End)>();
        var firstSeen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (alias, skill) in insensitive)
        {
            Claim(lower, alias, skill, claimed, firstSeen);
        }

        foreach (var (alias, skill) in exactCase)
        {
            Claim(text, alias, skill, claimed, firstSeen);
        }

        return firstSeen.OrderBy(f => f.Value).Select(f => f.Key).ToList();
    }

    private static void Claim(string text, string alias, string skill, List<(int Start, int End)> claimed, Dictionary<string, int> firstSeen)
    {
        for (var at = WholeWord(text, alias, 0); at >= 0; at = WholeWord(text, alias, at + 1))
        {
            var end = at + alias.Length;
            if (claimed.Exists(c => at < c.End && end > c.Start))
            {
                continue;
            }

            claimed.Add((at, end));
            if (!firstSeen.TryGetValue(skill, out var first) || at < first)
            {
                firstSeen[skill] = at;
            }
        }
    }

    /// <summary>Position of the alias where it stands as a word of its own ("java" must not match inside "javascript").</summary>
    private static int WholeWord(string text, string alias, int from)
    {
        while (from < text.Length)
        {
            var at = text.IndexOf(alias, from, StringComparison.Ordinal);
            if (at < 0)
            {
                return -1;
            }

            var end = at + alias.Length;
            var before = at == 0 || !IsWordChar(text[at - 1]);
            // A following dot ends the word ("java.") unless a word continues after it ("node.js").
            var after = end >= text.Length || (!IsWordChar(text[end]) && !(text[end] == '.' && end + 1 < text.Length && char.IsLetterOrDigit(text[end + 1])));
            if (before && after && !(end < text.Length && text[end] is '#' or '+'))
            {
                return at;
            }

            from = at + 1;
        }

        return -1;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static SkillCatalog LoadEmbedded()
    {
        using var stream = typeof(SkillCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        var file = JsonSerializer.Deserialize<SkillSynonymFile>(stream, ReadOptions)
            ?? throw new InvalidOperationException($"{ResourceName} is empty.");
        return new SkillCatalog(file);
    }
}

public sealed class SkillSynonymFile
{
    public List<SkillSynonymEntry> Skills { get; set; } = [];
}

public sealed class SkillSynonymEntry
{
    public string Name { get; set; } = "";
    public List<string> Aliases { get; set; } = [];

    /// <summary>Spellings that only count when written with exactly this case ("Go" but not "go").</summary>
    public List<string> ExactCase { get; set; } = [];
}
