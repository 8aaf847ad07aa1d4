using System.Globalization;
using System.Text.RegularExpressions;
using Samsara.Core.Outreach.Replies;

namespace Samsara.Core.Scheduling.Offers;

/// <summary>Which offered time a reply picks, or why it picks none (then the recruiter reads it).</summary>
public sealed record SlotPickResult(int? Index, string Why)
{
    public bool Picked => Index is not null;
}

/// <summary>
/// Reads a candidate's answer to "Reply 1 for …, 2 for …": a bare option number ("2", "option 2", "#2"), an ordinal
/// ("the second one", "3rd") or a time that names exactly one offered slot ("Tuesday at 10 works", "Wed 14:30",
/// "3 Dec at 10am"). Anything else, a negation ("none of these work", "can't do 2"), or a reply that fits two offered
/// times picks nothing: booking the wrong time is worse than asking the recruiter to read one message.
/// </summary>
public static partial class SlotPick
{
    /// <param name="offeredLocal">The offered slots in the candidate's zone, in the order they were numbered.</param>
    public static SlotPickResult Read(string? body, IReadOnlyList<DateTimeOffset> offeredLocal)
    {
        var text = ReplyText.Fold(ReplyText.Fresh(body));
        if (text.Length == 0)
        {
            return new(null, "empty reply");
        }

        if (Negation().Match(text) is { Success: true } no)
        {
            return new(null, $"says \"{no.Value}\"");
        }

        var picks = new HashSet<int>();
        foreach (Match m in Ordinal().Matches(text))
        {
            picks.Add(OrdinalIndex(m.Groups["o"].Value, offeredLocal.Count));
        }

        foreach (Match m in BareNumber().Matches(text))
        {
            picks.Add(m.Groups["n"].Value[0] - '1');
        }

        var (named, fitting) = TimesNamed(text, offeredLocal);
        if (named)
        {
            if (fitting.Count == 0)
            {
                return new(null, "names a time that was not offered");
            }

            picks.UnionWith(fitting);
        }

        if (picks.Count == 0)
        {
            return new(null, "no option or time named");
        }

        if (picks.Count > 1)
        {
            return new(null, "fits more than one offered time");
        }

        var index = picks.Single();
        return index >= 0 && index < offeredLocal.Count
            ? new(index, $"picked option {index + 1}")
            : new(null, $"option {index + 1} was not offered");
    }

    private static int OrdinalIndex(string word, int count) => word switch
    {
        "first" or "1st" => 0,
        "second" or "2nd" => 1,
        "third" or "3rd" => 2,
        "fourth" or "4th" => 3,
        "fifth" or "5th" => 4,
        "last" => count - 1,
        _ => -1,
    };

    /// <summary>Whether the reply names a day, date or clock time, and which offered slots fit everything it names.</summary>
    private static (bool Named, List<int> Fitting) TimesNamed(string text, IReadOnlyList<DateTimeOffset> offered)
    {
        var days = Weekday().Matches(text).Select(m => DayOf(m.Groups["d"].Value)).ToHashSet();
        var dates = DayMonth().Matches(text).Concat(MonthDay().Matches(text))
            .Select(m => (Day: int.Parse(m.Groups["day"].Value, CultureInfo.InvariantCulture), Month: MonthOf(m.Groups["mon"].Value))).ToList();
        var clocks = Clock().Matches(text).Select(m => m).ToList();
        if (days.Count == 0 && dates.Count == 0 && clocks.Count == 0)
        {
            return (false, []);
        }

        var fitting = new List<int>();
        for (var i = 0; i < offered.Count; i++)
        {
            var s = offered[i];
            if ((days.Count == 0 || days.Contains(s.DayOfWeek))
                && (dates.Count == 0 || dates.Any(d => d.Day == s.Day && d.Month == s.Month))
                && (clocks.Count == 0 || clocks.Any(c => ClockFits(c, s))))
            {
                fitting.Add(i);
            }
        }

        return (true, fitting);
    }

    private static bool ClockFits(Match clock, DateTimeOffset slot)
    {
        var hour = int.Parse(clock.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = clock.Groups["m"].Success ? int.Parse(clock.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        var half = clock.Groups["ap"].Value;
        if (half.StartsWith('p') && hour < 12)
        {
            hour += 12;
        }
        else if (half.StartsWith('a') && hour == 12)
        {
            hour = 0;
        }

        // "at 2" said in a working day means 14:00; without am/pm either reading of the hour fits.
        var hourFits = slot.Hour == hour || (half.Length == 0 && hour is >= 1 and <= 11 && slot.Hour == hour + 12);
        return hourFits && slot.Minute == minute;
    }

    private static DayOfWeek DayOf(string word) => word[..3] switch
    {
        "mon" => DayOfWeek.Monday,
        "tue" => DayOfWeek.Tuesday,
        "wed" => DayOfWeek.Wednesday,
        "thu" => DayOfWeek.Thursday,
        "fri" => DayOfWeek.Friday,
        "sat" => DayOfWeek.Saturday,
        _ => DayOfWeek.Sunday,
    };

    private static int MonthOf(string word) =>
        Array.IndexOf(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], word[..3]) + 1;

    [GeneratedRegex(@"\b(?:can't|cant|cannot|can\s+not|couldn't|not|none|neither|nor|unable|won't|don't|doesn't|isn't|no\s+good)\b")]
    private static partial Regex Negation();

    [GeneratedRegex(@"\b(?<o>first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)\b(?!\s+(?:of|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))")]
    private static partial Regex Ordinal();

    // A lone digit 1-9 that is not part of a time, a date or an amount: "2", "option 2", "#2", "2 please", "2)".
    [GeneratedRegex(@"(?<![\d:.,/£$€+-])(?<!\bat\s)(?<!\bon\s)(?<!@\s?)\b(?<n>[1-9])\b(?![:.h]\d)(?!\s*(?:am|pm|a\.m|p\.m|o'?clock|ish|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|min|hour|hr|day|week|month|year|people|person))")]
    private static partial Regex BareNumber();

    [GeneratedRegex(@"\b(?<d>mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\b")]
    private static partial Regex Weekday();

    [GeneratedRegex(@"\b(?<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b")]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"\b(?<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+(?<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?![:.h]\d)")]
    private static partial Regex MonthDay();

    // "10:00", "14.30", "10h", "10am", "2 pm", "at 10", "@ 3": a bare number only counts as a time after "at"/"@".
    [GeneratedRegex(@"(?:\b(?<h>[01]?\d|2[0-3])(?:[:.h](?<m>[0-5]\d))\b|\b(?<h>[01]?\d)\s*(?<ap>am|pm|a\.m\.|p\.m\.)|(?:\bat|@)\s*(?<h>[01]?\d|2[0-3])(?:[:.h](?<m>[0-5]\d))?\s*(?<ap>am|pm|a\.m\.|p\.m\.)?(?!\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|st|nd|rd|th)))")]
    private static partial Regex Clock();
}
