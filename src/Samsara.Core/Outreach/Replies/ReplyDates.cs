using System.Globalization;
using System.Text.RegularExpressions;

namespace Samsara.Core.Outreach.Replies;

/// <summary>
/// The date a reply names, read the way a recruiter would: "try me in January" is 1 January next, "after 15/03" is
/// 16 March, "back on Monday" the coming Monday, "in two weeks" 14 days on. Day/month order is the European one
/// unless the month cannot be one ("03/15"). Returns null when no date is named.
/// </summary>
public static partial class ReplyDates
{
    private static readonly string[][] Months =
    [
        ["january", "jan", "janvier", "januar", "enero"],
        ["february", "feb", "fevrier", "februar", "febrero"],
        ["march", "mar", "mars", "marz", "marzo"],
        ["april", "apr", "avril", "abril"],
        ["may", "mai", "mayo"],
        ["june", "jun", "juin", "juni", "junio"],
        ["july", "jul", "juillet", "juli", "julio"],
        ["august", "aug", "aout", "agosto"],
        ["september", "sep", "sept", "septembre", "septiembre"],
        ["october", "oct", "octobre", "oktober", "octubre"],
        ["november", "nov", "novembre", "noviembre"],
        ["december", "dec", "decembre", "dezember", "diciembre"],
    ];

    private static readonly Dictionary<string, int> MonthByName = Months
        .SelectMany((names, i) => names.Select(n => (n, i + 1)))
        .ToDictionary(p => p.n, p => p.Item2);

    private static readonly Dictionary<string, DayOfWeek> Weekdays = new()
    {
        ["monday"] = DayOfWeek.Monday,
        ["tuesday"] = DayOfWeek.Tuesday,
        ["wednesday"] = DayOfWeek.Wednesday,
        ["thursday"] = DayOfWeek.Thursday,
        ["friday"] = DayOfWeek.Friday,
        ["saturday"] = DayOfWeek.Saturday,
        ["sunday"] = DayOfWeek.Sunday,
        ["lundi"] = DayOfWeek.Monday,
        ["montag"] = DayOfWeek.Monday,
        ["lunes"] = DayOfWeek.Monday,
    };

    private static readonly Dictionary<string, int> Numbers = new()
    {
        ["a"] = 1,
        ["one"] = 1,
        ["a couple of"] = 2,
        ["couple of"] = 2,
        ["two"] = 2,
        ["three"] = 3,
        ["four"] = 4,
        ["five"] = 5,
        ["six"] = 6,
        ["few"] = 3,
        ["a few"] = 3,
    };

    /// <param name="folded">Text from <see cref="ReplyText.Fold"/>.</param>
    /// <param name="today">The day the reply arrived, in the candidate's zone where known.</param>
    /// <param name="after">"after 15/03" means the day after; an out-of-office "until 5 January" means back on the 5th.</param>
    public static DateOnly? Find(string folded, DateOnly today, bool after = false)
    {
        var shift = after ? 1 : 0;
        foreach (Match numeric in NumericDate().Matches(folded))
        {
            if (FromNumbers(numeric, today) is { } n)
            {
                return n.AddDays(shift);
            }
        }

        foreach (var match in DayMonth().Matches(folded).Concat(MonthDay().Matches(folded)))
        {
            if (FromDayAndMonth(match.Groups["day"].Value, match.Groups["month"].Value, match.Groups["year"].Value, today) is { } date)
            {
                return date.AddDays(shift);
            }
        }

        if (Relative().Match(folded) is { Success: true } rel)
        {
            var count = int.TryParse(rel.Groups["n"].Value, out var k) ? k : Numbers.GetValueOrDefault(rel.Groups["n"].Value.Trim(), 1);
            return rel.Groups["unit"].Value switch
            {
                var u when u.StartsWith("day", StringComparison.Ordinal) => today.AddDays(count),
                var u when u.StartsWith("week", StringComparison.Ordinal) => today.AddDays(7 * count),
                var u when u.StartsWith("month", StringComparison.Ordinal) => today.AddMonths(count),
                _ => today.AddYears(count),
            };
        }

        if (Next().Match(folded) is { Success: true } next)
        {
            return next.Groups["unit"].Value switch
            {
                "week" => today.AddDays(7),
                "month" => new DateOnly(today.Year, today.Month, 1).AddMonths(1),
                "quarter" => new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1).AddMonths(3),
                _ => new DateOnly(today.Year + 1, 1, 1),
            };
        }

        if (Season().Match(folded) is { Success: true } season)
        {
            var (month, day) = season.Groups["season"].Value switch
            {
                "christmas" or "xmas" or "the holidays" => (12, 27),
                "new year" or "the new year" => (1, 2),
                "easter" => (4, 15),
                "summer" or "the summer" => (9, 1),
                _ => (1, 5),
            };
            return Upcoming(today, month, day);
        }

        // "on contract until the end of April, contact me again in May": the last month named is when to come back.
        if (MonthOnly().Matches(folded).LastOrDefault() is { } monthOnly && MonthByName.TryGetValue(monthOnly.Groups["month"].Value, out var m))
        {
            return Upcoming(today, m, 1, strictlyAfterThisMonth: true);
        }

        if (Weekday().Match(folded) is { Success: true } wd && Weekdays.TryGetValue(wd.Groups["day"].Value, out var dow))
        {
            var ahead = ((int)dow - (int)today.DayOfWeek + 7) % 7;
            return today.AddDays(ahead == 0 ? 7 : ahead);
        }

        return folded.Contains("tomorrow", StringComparison.Ordinal) ? today.AddDays(1) : null;
    }

    private static DateOnly? FromNumbers(Match match, DateOnly today)
    {
        var a = int.Parse(match.Groups["a"].Value, CultureInfo.InvariantCulture);
        var b = int.Parse(match.Groups["b"].Value, CultureInfo.InvariantCulture);
        var (day, month) = b <= 12 ? (a, b) : (b, a);
        if (month is < 1 or > 12 || day < 1 || day > 31)
        {
            return null;
        }

        var year = match.Groups["y"].Success ? NormaliseYear(int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture)) : (int?)null;
        return year is { } y ? Safe(y, month, day) : Upcoming(today, month, day);
    }

    private static DateOnly? FromDayAndMonth(string day, string monthName, string year, DateOnly today)
    {
        if (!MonthByName.TryGetValue(monthName, out var month) || !int.TryParse(day, out var d) || d is < 1 or > 31)
        {
            return null;
        }

        return int.TryParse(year, out var y) ? Safe(NormaliseYear(y), month, d) : Upcoming(today, month, d);
    }

    private static int NormaliseYear(int year) => year < 100 ? 2000 + year : year;

    /// <summary>The next time that day comes round: 1 January said in December is next year's.</summary>
    private static DateOnly? Upcoming(DateOnly today, int month, int day, bool strictlyAfterThisMonth = false)
    {
        if (Safe(today.Year, month, day) is not { } date)
        {
            return null;
        }

        var past = strictlyAfterThisMonth ? month <= today.Month : date < today;
        return past ? Safe(today.Year + 1, month, day) : date;
    }

    private static DateOnly? Safe(int year, int month, int day) =>
        day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;

    // "15/03", "15/03/27" or "15.03.2027"; "10.30" is a time, not a date.
    [GeneratedRegex(@"\b(?<a>\d{1,2})/(?<b>\d{1,2})(?:/(?<y>\d{2,4}))?\b|\b(?<a>\d{1,2})\.(?<b>\d{1,2})\.(?<y>\d{2,4})?")]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"\b(?<day>\d{1,2})(?:st|nd|rd|th|er|\.)?(?:\s+(?:of|de))?\s+(?<month>[a-z]{3,10})\.?(?:\s+(?<year>\d{4}))?\b")]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"\b(?<month>[a-z]{3,10})\.?\s+(?<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?<year>\d{4}))?")]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"\b(?:in|for|another|after)\s+(?<n>\d+|a couple of|couple of|a few|few|a|one|two|three|four|five|six)\s+(?<unit>days?|weeks?|months?|years?)\b")]
    private static partial Regex Relative();

    [GeneratedRegex(@"\bnext\s+(?<unit>week|month|quarter|year)\b")]
    private static partial Regex Next();

    [GeneratedRegex(@"\b(?:after|past|post)\s+(?<season>christmas|xmas|the holidays|new year|the new year|easter|the summer|summer)\b|\bin\s+(?<season>the new year)\b")]
    private static partial Regex Season();

    [GeneratedRegex(@"\b(?:in|from|after|until|around|by|early|mid|late|end of|en|im|ab|a partir de|despues de)\s+(?<month>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|sept|sep|oct|nov|dec|janvier|fevrier|mars|avril|juin|juillet|septembre|octobre|novembre|decembre|januar|februar|marz|juni|juli|dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\b")]
    private static partial Regex MonthOnly();

    [GeneratedRegex(@"\b(?:on|until|till|next|from)\s+(?<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")]
    private static partial Regex Weekday();
}
