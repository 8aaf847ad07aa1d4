namespace Samsara.Core.Ats.Mapping;

/// <summary>
/// Splits a full name into first and last name the way an ATS form wants them. A surname keeps its particles
/// ("van der Berg", "de la Cruz"), and apostrophes and hyphens stay inside their word ("O'Brien", "Jean-Luc").
/// </summary>
public static class NameSplitter
{
    // Lower-case words that start a surname when they follow a given name (Dutch, German, Spanish,
    // Portuguese, French, Italian, Arabic). Matched without regard to case: "Van Dijk" is as common as "van Dijk".
    private static readonly HashSet<string> Particles = new(StringComparer.OrdinalIgnoreCase)
    {
        "van", "von", "der", "den", "de", "del", "della", "dello", "la", "le", "da", "das", "do", "dos", "du",
        "di", "ten", "ter", "te", "zu", "bin", "ibn", "al", "el", "y", "st", "st.", "mac",
    };

    public static (string First, string Last) Split(string fullName)
    {
        var text = fullName.Trim();
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0)
        {
            // "Berg, Ludwig van der": the ATS-style "last, first" order, particles written after the given name.
            var (given, particles) = TrailingParticles(text[(comma + 1)..]);
            var surname = text[..comma].Trim();
            return (given, particles.Length == 0 ? surname : particles + " " + surname);
        }

        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length <= 1)
        {
            return (words.FirstOrDefault() ?? "", "");
        }

        // The surname starts at the first particle after the first word, else it is the last word alone.
        var start = words.Length - 1;
        for (var i = 1; i < words.Length - 1; i++)
        {
            if (Particles.Contains(words[i]))
            {
                start = i;
                break;
            }
        }

        return (string.Join(' ', words[..start]), string.Join(' ', words[start..]));
    }

    private static (string Given, string Particles) TrailingParticles(string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var end = words.Length;
        while (end > 1 && Particles.Contains(words[end - 1]))
        {
            end--;
        }

        return (string.Join(' ', words[..end]), string.Join(' ', words[end..]));
    }
}
