using System.Globalization;
using Samsara.Core.Common;

namespace Samsara.Core.Usage;

/// <summary>Reads the period of a usage query as people type it: dates (whole days, <c>to</c> included) or ISO instants.</summary>
public static class UsagePeriod
{
    /// <summary>No range is longer: a longer one is almost always a typo in the year.</summary>
    public const int MaxDays = 3660;

    /// <summary>The twelve months up to today (this month included), in UTC.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Default(DateTimeOffset now)
    {
        var today = now.UtcDateTime.Date;
        var from = new DateTime(today.Year, today.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-11);
        return (new DateTimeOffset(from), new DateTimeOffset(today.AddDays(1)));
    }

    /// <exception cref="InputValidationException">A value that is not a date, or a range that ends before it starts.</exception>
    public static UsageQuery Parse(string? from, string? to, Guid? projectId, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var (defaultFrom, defaultTo) = Default(now);
        var start = Read(from, "from", endOfDay: false, errors) ?? defaultFrom;
        var end = Read(to, "to", endOfDay: true, errors) ?? defaultTo;
        if (errors.Count == 0 && end <= start)
        {
            errors["to"] = [$"'to' ({to}) must be after 'from' ({from ?? start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})."];
        }
        else if (errors.Count == 0 && (end - start).TotalDays > MaxDays)
        {
            errors["from"] = [$"The range is longer than {MaxDays / 366} years; check the year."];
        }

        return errors.Count > 0 ? throw new InputValidationException(errors) : new UsageQuery(start, end, projectId);
    }

    private static DateTimeOffset? Read(string? text, string name, bool endOfDay, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            // A date names the whole day, so "to=2026-11-30" includes the 30th.
            var at = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? at.AddDays(1) : at;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant.ToUniversalTime();
        }

        errors[name] = [$"'{text}' is not a date; use YYYY-MM-DD (e.g. 2026-11-01) or an ISO 8601 time."];
        return null;
    }
}
