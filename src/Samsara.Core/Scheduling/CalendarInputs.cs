using System.ComponentModel.DataAnnotations;

namespace Samsara.Core.Scheduling;

/// <summary>The "My calendar" settings as the API and the Settings page read and write them.</summary>
public sealed record CalendarSettings(
    string TimeZone,
    IReadOnlyList<DayOfWeek> WorkingDays,
    string DayStart,
    string DayEnd,
    int SlotMinutes,
    int BufferMinutes)
{
    public static CalendarSettings From(RecruiterCalendar c) => new(
        c.TimeZoneId, WorkingDayBits.Days(c.WorkingDays), Clock(c.DayStartMinute), Clock(c.DayEndMinute), c.SlotMinutes, c.BufferMinutes);

    private static string Clock(int minute) => $"{minute / 60:00}:{minute % 60:00}";
}

public sealed class CalendarSettingsInput
{
    [Required(ErrorMessage = "Pick your time zone.")]
    public string? TimeZone { get; set; }

    [Required(ErrorMessage = "Pick at least one working day.")]
    public List<DayOfWeek>? WorkingDays { get; set; }

    [Required(ErrorMessage = "Give the time your working day starts, e.g. 09:00.")]
    public string? DayStart { get; set; }

    [Required(ErrorMessage = "Give the time your working day ends, e.g. 17:30.")]
    public string? DayEnd { get; set; }

    [Range(10, 240, ErrorMessage = "A slot is 10 to 240 minutes long.")]
    public int SlotMinutes { get; set; } = 30;

    [Range(0, 120, ErrorMessage = "The buffer between calls is 0 to 120 minutes.")]
    public int BufferMinutes { get; set; }
}

public sealed class BusyBlockInput
{
    [Required(ErrorMessage = "Say when you are busy from.")]
    public DateTimeOffset? StartsAt { get; set; }

    [Required(ErrorMessage = "Say when you are free again.")]
    public DateTimeOffset? EndsAt { get; set; }

    [StringLength(200, ErrorMessage = "Keep the note under 200 characters.")]
    public string? Note { get; set; }
}

public sealed record BusyBlockView(Guid Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Note)
{
    public static BusyBlockView From(BusyBlock b) => new(b.Id, b.StartsAt, b.EndsAt, b.Note);
}
