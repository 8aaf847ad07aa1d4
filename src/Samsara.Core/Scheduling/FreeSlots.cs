namespace Samsara.Core.Scheduling;

/// <summary>A time already taken: a busy block or a booked call.</summary>
public readonly record struct BusyTime(DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// The recruiter's free slots: working days and hours cut into slots on a fixed grid (start of day, then every
/// slot + buffer), minus anything overlapping a busy time widened by the buffer. Pure, so it is tested without a database.
/// </summary>
public static class FreeSlots
{
    /// <summary>Free slot starts (UTC) from <paramref name="notBefore"/> up to <paramref name="until"/>, earliest first.</summary>
    public static IReadOnlyList<DateTimeOffset> Between(RecruiterCalendar calendar, IReadOnlyCollection<BusyTime> busy, DateTimeOffset notBefore, DateTimeOffset until)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(calendar.TimeZoneId);
        var slot = TimeSpan.FromMinutes(calendar.SlotMinutes);
        var buffer = TimeSpan.FromMinutes(calendar.BufferMinutes);
        var free = new List<DateTimeOffset>();
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(notBefore, zone).DateTime);
        var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(until, zone).DateTime);
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            foreach (var start in Grid(calendar, zone, day))
            {
                if (start >= notBefore && start < until && !busy.Any(b => Overlaps(start, start + slot, b, buffer)))
                {
                    free.Add(start);
                }
            }
        }

        return free;
    }

    /// <summary>Whether <paramref name="start"/> is a slot of the calendar's grid (any day, free or not).</summary>
    public static bool IsOnGrid(RecruiterCalendar calendar, DateTimeOffset start)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(calendar.TimeZoneId);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, zone).DateTime);
        return Grid(calendar, zone, day).Contains(start);
    }

    private static IEnumerable<DateTimeOffset> Grid(RecruiterCalendar calendar, TimeZoneInfo zone, DateOnly day)
    {
        if (!WorkingDayBits.Has(calendar.WorkingDays, day.DayOfWeek))
        {
            yield break;
        }

        var step = calendar.SlotMinutes + calendar.BufferMinutes;
        for (var minute = calendar.DayStartMinute; minute + calendar.SlotMinutes <= calendar.DayEndMinute; minute += step)
        {
            var local = day.ToDateTime(TimeOnly.MinValue).AddMinutes(minute);
            // A slot inside a DST gap does not exist on the wall clock; skip it rather than book a time nobody can read.
            if (zone.IsInvalidTime(local))
            {
                continue;
            }

            yield return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
        }
    }

    private static bool Overlaps(DateTimeOffset start, DateTimeOffset end, BusyTime busy, TimeSpan buffer) =>
        start < busy.End + buffer && busy.Start - buffer < end;
}
