namespace Samsara.Core.Scheduling;

/// <summary>
/// When a recruiter takes calls: working days and hours in their own time zone, cut into slots of
/// <see cref="SlotMinutes"/> with <see cref="BufferMinutes"/> between them. Samsara has no user accounts yet, so there is
/// one calendar (<see cref="DefaultRecruiter"/>); the key is there so a second recruiter gets their own row.
/// </summary>
public sealed class RecruiterCalendar
{
    public const string DefaultRecruiter = "recruiter";

    public required string RecruiterId { get; set; }
    public string TimeZoneId { get; set; } = "Europe/London";

    /// <summary>Working days as a bit set over <see cref="DayOfWeek"/> (bit 0 = Sunday); Monday to Friday by default.</summary>
    public int WorkingDays { get; set; } = WorkingDayBits.From([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday]);

    /// <summary>Start and end of the working day, minutes after local midnight.</summary>
    public int DayStartMinute { get; set; } = 9 * 60;
    public int DayEndMinute { get; set; } = 17 * 60;
    public int SlotMinutes { get; set; } = 30;
    public int BufferMinutes { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public static RecruiterCalendar Default(string recruiterId) => new() { RecruiterId = recruiterId };
}

/// <summary>A one-off time the recruiter cannot take calls (a meeting, a dentist appointment).</summary>
public sealed class BusyBlock
{
    public Guid Id { get; set; }
    public required string RecruiterId { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public static class WorkingDayBits
{
    public static int From(IEnumerable<DayOfWeek> days) => days.Aggregate(0, (bits, day) => bits | (1 << (int)day));

    public static bool Has(int bits, DayOfWeek day) => (bits & (1 << (int)day)) != 0;

    /// <summary>Monday first, as a recruiter reads a week.</summary>
    public static IReadOnlyList<DayOfWeek> Days(int bits) =>
        [.. Enumerable.Range(1, 7).Select(i => (DayOfWeek)(i % 7)).Where(d => Has(bits, d))];
}
