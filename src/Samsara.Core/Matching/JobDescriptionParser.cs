using System.Globalization;
using System.Text.RegularExpressions;

namespace Samsara.Core.Matching;

/// <summary>
/// Reads requirements out of a job description. Skills under a "nice to have" heading (or on a line that
/// says so) are optional; every other skill the text names is required.
/// </summary>
public sealed partial class JobDescriptionParser(SkillCatalog skills)
{
    public JobRequirements Parse(string text, string? title = null)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var required = new List<string>();
        var nice = new List<string>();
        var inNiceSection = false;
        string? location = null;
        foreach (var line in lines)
        {
            if (IsHeading(line))
            {
                inNiceSection = NiceWords().IsMatch(line);
                if (!inNiceSection && !RequiredWords().IsMatch(line))
                {
                    // Other headings (about us, benefits) neither start nor end a list of optional skills.
                    inNiceSection = false;
                }
            }

            if (location is null && LocationLabel().Match(line) is { Success: true } loc)
            {
                location = loc.Groups[1].Value.Trim();
            }

            var target = inNiceSection || NiceWords().IsMatch(line) ? nice : required;
            foreach (var skill in skills.FindIn(line))
            {
                if (!required.Contains(skill) && !nice.Contains(skill))
                {
                    target.Add(skill);
                }
            }
        }

        var jobTitle = string.IsNullOrWhiteSpace(title) ? TitleFrom(lines) : title.Trim();
        var seniority = SeniorityReader.FromText(jobTitle);
        if (seniority == Seniority.Unknown)
        {
            seniority = SeniorityReader.FromText(text);
        }

        double? minYears = YearsRequired().Match(text) is { Success: true } years ? double.Parse(years.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        var remote = RemoteWord().IsMatch(text);
        return new JobRequirements(jobTitle, required, nice, seniority, minYears, location, remote);
    }

    private static string? TitleFrom(List<string> lines)
    {
        foreach (var line in lines.Take(5))
        {
            if (TitleLabel().Match(line) is { Success: true } labelled)
            {
                return labelled.Groups[1].Value.Trim();
            }
        }

        return lines.FirstOrDefault(l => l.Length <= 100);
    }

    private static bool IsHeading(string line) => line.Length <= 60 && (line.EndsWith(':') || HeadingWords().IsMatch(line)) && !line.Contains(',');

    [GeneratedRegex(@"\b(nice[- ]to[- ]have|desirable|bonus|preferred|a plus|advantageous|would be great|optional|good to have)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NiceWords();

    [GeneratedRegex(@"\b(requirements|required|must[- ]have|essential|what you('|’)ll need|you have|qualifications|skills)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RequiredWords();

    [GeneratedRegex(@"^(requirements|required skills|must[- ]haves?|essential|nice[- ]to[- ]haves?|desirable|bonus points|preferred|about (us|the role|you)|benefits|responsibilities|what you('|’)ll (need|do)|the role|qualifications)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HeadingWords();

    [GeneratedRegex(@"^(?:location|based in|office)\s*[:\-–]\s*(.{2,100})$", RegexOptions.IgnoreCase)]
    private static partial Regex LocationLabel();

    [GeneratedRegex(@"^(?:job title|title|role|position)\s*[:\-–]\s*(.{2,100})$", RegexOptions.IgnoreCase)]
    private static partial Regex TitleLabel();

    [GeneratedRegex(@"\b(\d{1,2})\+?\s*(?:years?|yrs?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex YearsRequired();

    [GeneratedRegex(@"\b(remote|work from home|wfh|anywhere)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteWord();
}
