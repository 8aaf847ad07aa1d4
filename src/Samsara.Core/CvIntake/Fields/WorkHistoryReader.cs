using System.Globalization;
using System.Text.RegularExpressions;

namespace Samsara.Core.CvIntake.Fields;

/// <summary>Jobs from the experience section: a date range on a line, with the title and company beside or above it.</summary>
internal static partial class WorkHistoryReader
{
    public static IReadOnlyList<WorkEntry> Read(CvLines lines)
    {
        var experience = lines.In(CvSection.Experience).ToList();
        if (experience.Count == 0)
        {
            // CVs without headings still list jobs with dates; dates anywhere are better than nothing.
            experience = lines.Lines.Select(l => l.Text).ToList();
        }

        var entries = new List<WorkEntry>();
        for (var i = 0; i < experience.Count; i++)
        {
            var match = DateRange().Match(experience[i]);
            if (!match.Success)
            {
                continue;
            }

            var rest = (experience[i][..match.Index] + " " + experience[i][(match.Index + match.Length)..]).Trim(' ', '|', ',', '(', ')', '-', '–', '—', '\t');
            if (rest.Length < 3 && i > 0 && !DateRange().IsMatch(experience[i - 1]))
            {
                rest = experience[i - 1];
            }

            var (title, company) = SplitTitleCompany(rest);
            var end = match.Groups["end"].Value;
            var current = CurrentWords().IsMatch(end);
            entries.Add(new WorkEntry(title, company, ToYearMonth(match.Groups["start"].Value), current ? null : ToYearMonth(end), current));
        }

        return entries;
    }

    /// <summary>Years covered by the jobs, counting overlapping jobs once.</summary>
    public static double? TotalYears(IReadOnlyList<WorkEntry> entries, DateOnly today)
    {
        var spans = entries
            .Select(e => (Start: Parse(e.Start), End: e.IsCurrent ? today : Parse(e.End)))
            .Where(s => s.Start is not null && s.End is not null && s.End >= s.Start)
            .Select(s => (Start: s.Start!.Value, End: s.End!.Value))
            .OrderBy(s => s.Start)
            .ToList();
        if (spans.Count == 0)
        {
            return null;
        }

        var days = 0;
        var (curStart, curEnd) = spans[0];
        foreach (var (start, end) in spans.Skip(1))
        {
            if (start > curEnd)
            {
                days += curEnd.DayNumber - curStart.DayNumber;
                (curStart, curEnd) = (start, end);
            }
            else if (end > curEnd)
            {
                curEnd = end;
            }
        }

        days += curEnd.DayNumber - curStart.DayNumber;
        return Math.Round(days / 365.25, 1);
    }

    private static (string? Title, string? Company) SplitTitleCompany(string text)
    {
        if (text.Length == 0)
        {
            return (null, null);
        }

        foreach (var separator in new[] { " at ", " @ ", " — ", " – ", " - ", " | ", ", " })
        {
            var at = text.IndexOf(separator, StringComparison.OrdinalIgnoreCase);
            if (at > 0)
            {
                return (text[..at].Trim(), text[(at + separator.Length)..].Trim(' ', '|', ','));
            }
        }

        return (text, null);
    }

    private static string? ToYearMonth(string text) => Parse(text) is { } d ? d.ToString("yyyy-MM", CultureInfo.InvariantCulture) : null;

    private static DateOnly? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim().TrimEnd('.');
        if (YearMonth().Match(text) is { Success: true } ym)
        {
            return new DateOnly(int.Parse(ym.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(ym.Groups[2].Value, CultureInfo.InvariantCulture), 1);
        }

        if (MonthSlashYear().Match(text) is { Success: true } my && int.Parse(my.Groups[1].Value, CultureInfo.InvariantCulture) is >= 1 and <= 12 and var m)
        {
            return new DateOnly(int.Parse(my.Groups[2].Value, CultureInfo.InvariantCulture), m, 1);
        }

        if (MonthName().Match(text) is { Success: true } mn)
        {
            var month = Array.FindIndex(Months, p => mn.Groups[1].Value.StartsWith(p, StringComparison.OrdinalIgnoreCase)) + 1;
            return new DateOnly(int.Parse(mn.Groups[2].Value, CultureInfo.InvariantCulture), Math.Max(1, month), 1);
        }

        return Year().Match(text) is { Success: true } y ? new DateOnly(int.Parse(y.Value, CultureInfo.InvariantCulture), 1, 1) : null;
    }

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private const string DatePart = @"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d{2}|\d{1,2}[/.](?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}|(?:19|20)\d{2})";

    [GeneratedRegex(@"(?<start>" + DatePart + @")\s*(?:–|—|-|to|until|bis)\s*(?<end>" + DatePart + @"|present|current|now|today|date|heute|aujourd'hui)", RegexOptions.IgnoreCase)]
    private static partial Regex DateRange();

    [GeneratedRegex(@"^(present|current|now|today|date|heute|aujourd'hui)$", RegexOptions.IgnoreCase)]
    private static partial Regex CurrentWords();

    [GeneratedRegex(@"^((?:19|20)\d{2})-(\d{2})$")]
    private static partial Regex YearMonth();

    [GeneratedRegex(@"^(\d{1,2})[/.]((?:19|20)\d{2})$")]
    private static partial Regex MonthSlashYear();

    [GeneratedRegex(@"^([a-z]+)\.?\s+((?:19|20)\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex MonthName();

    [GeneratedRegex(@"(?:19|20)\d{2}")]
    private static partial Regex Year();
}
