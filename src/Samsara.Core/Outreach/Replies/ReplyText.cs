using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Samsara.Core.Outreach.Replies;

/// <summary>
/// The part of a reply the candidate wrote, in a form the rules can match: quoted history and signatures cut,
/// lower case, accents folded ("arrêtez" → "arretez"), curly quotes made straight, spaces collapsed.
/// </summary>
public static partial class ReplyText
{
    /// <summary>Longer replies are cut: the words that matter come first, and the rules must stay fast on a 1 MB email.</summary>
    public const int MaxLength = 2_000;

    public static string Fresh(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "";
        }

        var text = body.Length > 20_000 ? body[..20_000] : body;
        var kept = new StringBuilder();
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (QuoteStart().IsMatch(line) || line == "--" || line == "-- ")
            {
                break;
            }

            if (!line.TrimStart().StartsWith('>'))
            {
                kept.Append(line).Append('\n');
            }
        }

        var fresh = kept.ToString().Trim();
        return fresh.Length > MaxLength ? fresh[..MaxLength] : fresh;
    }

    public static string Fold(string fresh)
    {
        var lower = fresh.ToLowerInvariant()
            .Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u00b4', '\'').Replace('`', '\'');
        var decomposed = lower.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c == 'ß' ? "ss" : c.ToString());
            }
        }

        return Spaces().Replace(folded.ToString().Normalize(NormalizationForm.FormC), " ").Trim();
    }

    // "On Tue, 3 Dec 2026 at 10:02, Sam <sam@x> wrote:", "-----Original Message-----", "From: ...", "Le ... a écrit :",
    // "Am ... schrieb ...:", "El ... escribió:", "Sent from my iPhone".
    [GeneratedRegex(@"^\s*(on\s.+wrote:?|-{2,}\s*original message\s*-{2,}|from:\s.+|le\s.+a\s+[ée]crit\s*:|am\s.+schrieb.+:|el\s.+escribi[óo]:?|sent from my\s.+|_{5,})\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex QuoteStart();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
