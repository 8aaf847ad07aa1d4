using System.Globalization;
using System.Text.RegularExpressions;
using Samsara.Core.Matching;

namespace Samsara.Core.CvIntake.Fields;

/// <summary>Reads the fields a recruiter needs out of a CV's text, each with a confidence.</summary>
public sealed partial class CvFieldExtractor(SkillCatalog skills)
{
    private const int MaxListedSkillLength = 40;

    public CvDocument Extract(string text, string defaultPhoneRegion, DateOnly today)
    {
        var lines = new CvLines(text);
        var emails = Emails(text);
        var work = WorkHistoryReader.Read(lines);
        var location = Location(lines);
        var (phones, toCheck) = PhoneFinder.Find(text, defaultPhoneRegion, location?.Value ?? AddressLine(lines));
        var doc = new CvDocument
        {
            Emails = emails.Count == 0 ? null : new CvField<IReadOnlyList<string>>(emails, 0.99),
            Phones = phones,
            PhonesToCheck = toCheck.Count == 0 ? null : toCheck,
            FullName = NameFinder.Find(lines, emails, skills),
            Location = location,
            Skills = Skills(text, lines),
            Education = Education(lines),
            WorkHistory = work.Count == 0 ? null : new CvField<IReadOnlyList<WorkEntry>>(work, 0.7),
            LinkedIn = Link(LinkedInUrl(), text),
            GitHub = Link(GitHubUrl(), text),
        };
        doc.CurrentTitle = CurrentTitle(lines, work, doc.FullName?.Value);
        doc.YearsExperience = YearsExperience(text, work, today);
        return doc;
    }

    private static List<string> Emails(string text) =>
        EmailAddress().Matches(text).Select(m => m.Value.TrimEnd('.').ToLowerInvariant()).Distinct().ToList();

    private static CvField<string>? Location(CvLines lines)
    {
        foreach (var (line, _) in lines.Lines.Take(40))
        {
            if (LocationLabel().Match(line) is { Success: true } labelled)
            {
                return new CvField<string>(CutAtSeparator(labelled.Groups[1].Value), 0.9);
            }
        }

        foreach (var (line, _) in lines.Lines.Take(15))
        {
            foreach (var segment in line.Split(['|', '•', '·', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (CityCountry().IsMatch(segment) && segment.Split(' ').Length <= 6)
                {
                    return new CvField<string>(segment, 0.6);
                }
            }
        }

        return null;
    }

    /// <summary>The top of the CV, where the address usually is, for reading the region of national phone numbers.</summary>
    private static string AddressLine(CvLines lines) => string.Join(" | ", lines.Lines.Take(12).Select(l => l.Text));

    private CvField<IReadOnlyList<string>>? Skills(string text, CvLines lines)
    {
        var found = skills.FindIn(text).ToList();
        var listed = lines.In(CvSection.Skills)
            .SelectMany(l => l.Split([',', ';', '•', '·', '|', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(s => s.TrimStart('-', '*', ' ').Trim())
            .Where(s => s.Length is > 1 and <= MaxListedSkillLength && !s.Contains(':'))
            .ToList();

        // Skills the catalog does not know still count when the candidate listed them under a skills heading.
        foreach (var item in listed)
        {
            var canonical = skills.Canonical(item);
            if (!found.Contains(canonical, StringComparer.OrdinalIgnoreCase) && skills.FindIn(item).Count == 0)
            {
                found.Add(canonical);
            }
        }

        return found.Count == 0 ? null : new CvField<IReadOnlyList<string>>(found, listed.Count > 0 ? 0.9 : 0.7);
    }

    private static CvField<IReadOnlyList<EducationEntry>>? Education(CvLines lines)
    {
        var entries = lines.In(CvSection.Education)
            .Where(l => DegreeWords().IsMatch(l))
            .Select(l => new EducationEntry(l, LastYear(l)))
            .ToList();
        return entries.Count == 0 ? null : new CvField<IReadOnlyList<EducationEntry>>(entries, 0.7);
    }

    private static CvField<string>? CurrentTitle(CvLines lines, IReadOnlyList<WorkEntry> work, string? name)
    {
        foreach (var (line, _) in lines.Lines.Take(40))
        {
            if (TitleLabel().Match(line) is { Success: true } labelled)
            {
                return new CvField<string>(CutAtSeparator(labelled.Groups[1].Value), 0.9);
            }
        }

        var latest = work.FirstOrDefault(w => w.IsCurrent && w.Title is not null)
            ?? work.Where(w => w.Title is not null).OrderByDescending(w => w.Start, StringComparer.Ordinal).FirstOrDefault();
        if (latest?.Title is { } title && TitleWords().IsMatch(title))
        {
            return new CvField<string>(title, 0.8);
        }

        // The line under the name is often the headline ("Senior Data Engineer").
        var header = lines.Lines.Take(8).Select(l => l.Text).ToList();
        var nameAt = name is null ? -1 : header.FindIndex(l => l.Contains(name, StringComparison.OrdinalIgnoreCase));
        foreach (var line in header.Skip(nameAt + 1))
        {
            var first = line.Split(['|', '•', '·', '\t'], StringSplitOptions.TrimEntries)[0];
            if (first.Length <= 80 && TitleWords().IsMatch(first) && !first.Contains('@'))
            {
                return new CvField<string>(first, 0.6);
            }
        }

        return latest?.Title is { } anyTitle ? new CvField<string>(anyTitle, 0.4) : null;
    }

    private static CvField<double>? YearsExperience(string text, IReadOnlyList<WorkEntry> work, DateOnly today)
    {
        if (YearsStated().Match(text) is { Success: true } stated)
        {
            return new CvField<double>(double.Parse(stated.Groups[1].Value, CultureInfo.InvariantCulture), 0.9);
        }

        return WorkHistoryReader.TotalYears(work, today) is { } years ? new CvField<double>(years, 0.7) : null;
    }

    private static CvField<string>? Link(Regex pattern, string text) =>
        pattern.Match(text) is { Success: true } m ? new CvField<string>("https://" + m.Groups[1].Value.TrimEnd('/', '.'), 0.95) : null;

    private static string CutAtSeparator(string value) => value.Split(['|', '•', '·', '\t'])[0].Trim();

    private static int? LastYear(string line) =>
        YearNumber().Matches(line).Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).DefaultIfEmpty().Max() is var y and > 0 ? y : null;

    [GeneratedRegex(@"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}")]
    private static partial Regex EmailAddress();

    [GeneratedRegex(@"^(?:location|address|based in|lives in|city|residence|wohnort|adresse)\s*[:\-–]?\s*(.{2,100})$", RegexOptions.IgnoreCase)]
    private static partial Regex LocationLabel();

    [GeneratedRegex(@"^(?:current (?:title|role|position)|title|position|job title)\s*[:\-–]\s*(.{2,100})$", RegexOptions.IgnoreCase)]
    private static partial Regex TitleLabel();

    [GeneratedRegex(@"^\p{Lu}[\p{L}\p{M}.'’\- ]+,\s*\p{Lu}[\p{L}\p{M}.'’\- ]+(?:,\s*\p{Lu}[\p{L}\p{M}.'’\- ]+)?$")]
    private static partial Regex CityCountry();

    [GeneratedRegex(@"\b(engineer|developer|manager|analyst|designer|consultant|lead|director|scientist|architect|specialist|officer|administrator|assistant|accountant|recruiter|intern|head|chief|principal|associate|executive|coordinator|technician|programmer|tester|owner|cto|ceo|cfo|vp)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TitleWords();

    [GeneratedRegex(@"\b(\d{1,2})\+?\s*(?:years?|yrs?)(?:'|’)?\s+(?:of\s+)?(?:professional\s+|commercial\s+|industry\s+|relevant\s+)?(?:experience|exp)\b", RegexOptions.IgnoreCase)]
    private static partial Regex YearsStated();

    [GeneratedRegex(@"\b(BSc|MSc|BA|MA|PhD|MBA|BEng|MEng|Bachelor|Master|Degree|Diploma|University|College|School|Universität|Université|Universidad|Hochschule|Licence|Doctorate|A-Levels?|GCSE)", RegexOptions.IgnoreCase)]
    private static partial Regex DegreeWords();

    [GeneratedRegex(@"(?:19|20)\d{2}")]
    private static partial Regex YearNumber();

    [GeneratedRegex(@"(?:https?://)?(?:[a-z]{2,3}\.)?(linkedin\.com/in/[A-Za-z0-9\-_%]+)", RegexOptions.IgnoreCase)]
    private static partial Regex LinkedInUrl();

    [GeneratedRegex(@"(?:https?://)?(?:www\.)?(github\.com/[A-Za-z0-9](?:[A-Za-z0-9\-]{0,38}))", RegexOptions.IgnoreCase)]
    private static partial Regex GitHubUrl();
}
