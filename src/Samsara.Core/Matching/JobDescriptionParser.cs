using System.Globalization;
using System.Text.RegularExpressions;

namespace Samsara.Core.Matching;

/// <summary>
/// Reads requirements out of a job description as the advert words them: each bullet, or each item of an inline
/// list ("Required: a, b, c. Nice to have: d, e."), is one requirement. Items under or after "nice to have",
/// "desirable", "bonus" are optional; "must have", "essential", "required" switch back. Adverts with no such
/// wording fall back to their bullets, then to their sentences.
/// </summary>
/// <remarks>The skills catalog only helps split a bullet that names several known skills without commas.</remarks>
public sealed partial class JobDescriptionParser(SkillCatalog skills)
{
    private const int MaxRequirements = 40;
    private const int MaxRequirementLength = 200;

    public JobRequirements Parse(string text, string? title = null)
    {
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var jobTitle = string.IsNullOrWhiteSpace(title) ? TitleFrom(lines) : title.Trim();
        var items = new List<JobRequirement>();
        var bullets = new List<string>();
        string? location = null;
        Section section = Section.None;
        foreach (var line in lines)
        {
            if (location is null && LocationLabel().Match(line) is { Success: true } loc)
            {
                location = loc.Groups[1].Value.Trim();
                continue;
            }

            if (line == jobTitle || TitleLabel().IsMatch(line))
            {
                continue;
            }

            var isBullet = Bullet().IsMatch(line);
            var body = Bullet().Replace(line, "").Trim();
            if (isBullet)
            {
                bullets.Add(body);
            }

            // A heading on its own line ("Nice to have:", "Essential") opens a section.
            var markers = Marker().Matches(body);
            var inline = markers.Count > 0 && body[(markers[^1].Index + markers[^1].Length)..].Trim().Length > 0;
            if (!inline && HeadingOnly(line) is { } heading)
            {
                section = heading;
                continue;
            }

            // Inline markers split one paragraph into labelled runs: "… Required: a, b. Nice to have: c."
            if (inline)
            {
                var lead = body[..markers[0].Index].Trim();
                if (section is Section.Required or Section.Nice && lead.Length > 0)
                {
                    AddItems(items, lead, section == Section.Required, isBullet: isBullet);
                }

                for (var i = 0; i < markers.Count; i++)
                {
                    var start = markers[i].Index + markers[i].Length;
                    var end = i + 1 < markers.Count ? markers[i + 1].Index : body.Length;
                    var required = !IsNice(markers[i].Groups[1].Value);
                    section = required ? Section.Required : Section.Nice;
                    AddItems(items, FirstSentence(body[start..end]), required, isBullet: false, list: true);
                }

                continue;
            }

            if (section is Section.Required or Section.Nice)
            {
                // A sentence that says "is a plus" is optional wherever it stands.
                AddItems(items, body, section == Section.Required && !NiceWords().IsMatch(body), isBullet);
            }
        }

        if (items.Count == 0)
        {
            // No requirement wording at all: every bullet is a requirement; failing that, every sentence.
            var fallback = bullets.Count > 0 ? bullets : Sentences(lines.Where(l => l != jobTitle && !LocationLabel().IsMatch(l)));
            foreach (var item in fallback)
            {
                AddItems(items, item, !NiceWords().IsMatch(item), isBullet: bullets.Count > 0);
            }
        }

        var seniority = SeniorityReader.FromTitle(jobTitle);
        double? minYears = YearsRequired().Match(text) is { Success: true } years ? double.Parse(years.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        var remote = RemoteWord().IsMatch(text);
        return new JobRequirements(jobTitle, items.Take(MaxRequirements).ToList(), seniority, minYears, location, remote);
    }

    private enum Section
    {
        None,
        Required,
        Nice,
        Other,
    }

    private void AddItems(List<JobRequirement> items, string text, bool required, bool isBullet, bool list = false)
    {
        text = NiceTail().Replace(text, "").Trim().TrimEnd('.', ';', ':', ',').Trim();
        if (text.Length == 0)
        {
            return;
        }

        // "C#, ASP.NET Core and SQL Server" on a bullet, or any inline list, is several requirements; a sentence is one.
        IEnumerable<string> parts = list || (isBullet && LooksLikeList(text)) ? ListItems(text) : [text];
        foreach (var part in parts.Select(p => p.Trim().TrimEnd('.')).Where(p => p.Length > 1 && Stems.Of(p).Count > 0))
        {
            var clipped = part.Length <= MaxRequirementLength ? part : part[..MaxRequirementLength];
            if (!items.Exists(i => string.Equals(i.Text, clipped, StringComparison.OrdinalIgnoreCase)))
            {
                items.Add(new JobRequirement(clipped, required));
            }
        }
    }

    // "Docker and Kubernetes" is two requirements; "3 years in a busy kitchen and a food hygiene certificate" stays one.
    private bool LooksLikeList(string text)
    {
        var parts = ListItems(text).ToList();
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var separated = text.Contains(',', StringComparison.Ordinal) || text.Contains(';', StringComparison.Ordinal) || words <= 6 || skills.FindIn(text).Count > 1;
        return separated && parts.Count > 1 && parts.TrueForAll(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 5);
    }

    private static IEnumerable<string> ListItems(string text) =>
        ListSeparator().Split(text).Select(p => p.Trim()).Where(p => p.Length > 0);

    private static string FirstSentence(string run)
    {
        var end = SentenceEnd().Match(run);
        return end.Success ? run[..end.Index] : run;
    }

    private static IEnumerable<string> Sentences(IEnumerable<string> lines) =>
        lines.SelectMany(l => SentenceEnd().Split(l)).Select(s => s.Trim()).Where(s => s.Length > 2 && s.Split(' ').Length <= 30);

    private static Section? HeadingOnly(string line)
    {
        var bare = Bullet().Replace(line, "").Trim().TrimEnd(':', '-', '–').Trim();
        if (bare.Length > 60 || bare.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        // "Experience in acute wards" under a bullet is a requirement; "Experience" alone, or anything ending in ':', a heading.
        var words = bare.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var labelled = line.TrimEnd().EndsWith(':');
        if (!labelled && (Bullet().IsMatch(line) || words > 5 || !(HeadingWords().IsMatch(bare) && (words <= 2 || NiceHeading().IsMatch(bare) || RequiredHeading().IsMatch(bare) || OtherHeading().IsMatch(bare)))))
        {
            return null;
        }

        if (NiceHeading().IsMatch(bare))
        {
            return Section.Nice;
        }

        return RequiredHeading().IsMatch(bare) ? Section.Required : Section.Other;
    }

    private static bool IsNice(string marker) => NiceHeading().IsMatch(marker);

    private static string? TitleFrom(List<string> lines)
    {
        foreach (var line in lines.Take(5))
        {
            if (TitleLabel().Match(line) is { Success: true } labelled)
            {
                return labelled.Groups[1].Value.Trim();
            }
        }

        return lines.FirstOrDefault(l => l.Length <= 100 && !Marker().IsMatch(l));
    }

    [GeneratedRegex(@"^\s*(?:[-*•·▪◦●‣–—]|\d{1,2}[.)])\s*")]
    private static partial Regex Bullet();

    // "Required:", "Must have:", "Essential:", "Nice to have:", "Desirable:", "Bonus:" inside a line.
    [GeneratedRegex(@"\b(required(?: skills| experience)?|requirements|must[- ]haves?|essential(?: skills| criteria)?|nice[- ]to[- ]haves?|desirable(?: skills| criteria)?|bonus(?: points)?|preferred(?: skills)?|good to have|would be a plus)\s*:\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Marker();

    [GeneratedRegex(@"\b(nice[- ]to[- ]have|desirable|bonus|preferred|a plus|advantageous|would be great|optional|good to have|an advantage)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NiceWords();

    [GeneratedRegex(@"\s*(?:\(|,|-|–)?\s*(?:is|are|would be|will be)?\s*(?:a (?:big |real )?plus|an advantage|advantageous|desirable|nice to have|preferred)\)?\s*\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex NiceTail();

    [GeneratedRegex(@"^(nice[- ]to[- ]haves?|desirable.*|bonus.*|preferred.*|good to have|optional.*|would be a plus|advantageous.*|extra credit)$", RegexOptions.IgnoreCase)]
    private static partial Regex NiceHeading();

    [GeneratedRegex(@"^(requirements?|required.*|must[- ]haves?|essential.*|what you('|’)ll (need|bring)|what we('|’)re looking for|who you are|you have|you will have|about you|the ideal candidate|qualifications.*|skills.*|key skills|experience|person specification)$", RegexOptions.IgnoreCase)]
    private static partial Regex RequiredHeading();

    [GeneratedRegex(@"^(about (us|the role|you|the company)|benefits|responsibilities|duties|what you('|’)ll do|what we offer|the role|perks|salary( and benefits)?|how to apply|the company|our company)$", RegexOptions.IgnoreCase)]
    private static partial Regex OtherHeading();

    [GeneratedRegex(@"^(requirements?|required|must[- ]haves?|essential|nice[- ]to[- ]haves?|desirable|bonus|preferred|about (us|the role|you|the company)|benefits|responsibilities|duties|what you('|’)ll (need|do|bring)|what we offer|the role|qualifications|skills|key skills|person specification|perks|salary|who you are|you have|experience)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HeadingWords();

    [GeneratedRegex(@"\s*(?:,|;|\band\b(?=[^,;]*$)|\bor\b(?=[^,;]*$))\s*", RegexOptions.IgnoreCase)]
    private static partial Regex ListSeparator();

    [GeneratedRegex(@"(?<=[a-z0-9)])[.!?](?:\s+|$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"^(?:location|based in|office)\s*[:\-–]\s*(.{2,100})$", RegexOptions.IgnoreCase)]
    private static partial Regex LocationLabel();

    [GeneratedRegex(@"^(?:job title|title|role|position)\s*[:\-–]\s*(.{2,100})$", RegexOptions.IgnoreCase)]
    private static partial Regex TitleLabel();

    [GeneratedRegex(@"\b(\d{1,2})\+?\s*(?:years?|yrs?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex YearsRequired();

    [GeneratedRegex(@"\b(remote|work from home|wfh|anywhere)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteWord();
}
