using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Common;
using Samsara.Core.Data;

namespace Samsara.Core.Scheduling;

/// <summary>The recruiter's calendar: working hours, busy blocks and the free slots they leave.</summary>
public sealed class CalendarService(IDbContextFactory<SamsaraDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>How far ahead free slots are looked for when a caller does not say.</summary>
    public const int DefaultHorizonDays = 14;

    public async Task<RecruiterCalendar> CalendarAsync(string recruiterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await CalendarAsync(db, recruiterId, ct);
    }

    internal static async Task<RecruiterCalendar> CalendarAsync(SamsaraDbContext db, string recruiterId, CancellationToken ct) =>
        await db.RecruiterCalendars.AsNoTracking().SingleOrDefaultAsync(c => c.RecruiterId == recruiterId, ct) ?? RecruiterCalendar.Default(recruiterId);

    public async Task<CalendarSettings> SaveAsync(string recruiterId, CalendarSettingsInput input, CancellationToken ct = default)
    {
        InputValidationException.ThrowIfInvalid(input);
        var errors = new Dictionary<string, string[]>();
        if (!TryZone(input.TimeZone!, out _))
        {
            errors["timeZone"] = [$"\"{input.TimeZone}\" is not a time zone this machine knows (use an IANA name such as Europe/London)."];
        }

        if (input.WorkingDays!.Count == 0)
        {
            errors["workingDays"] = ["Pick at least one working day."];
        }

        var start = Minute(input.DayStart!);
        var end = Minute(input.DayEnd!);
        if (start is null)
        {
            errors["dayStart"] = ["Write the start as hours:minutes, e.g. 09:00."];
        }

        if (end is null)
        {
            errors["dayEnd"] = ["Write the end as hours:minutes, e.g. 17:30."];
        }
        else if (start is not null && end - start < input.SlotMinutes)
        {
            errors["dayEnd"] = ["The working day must end after it starts, with room for at least one slot."];
        }

        if (errors.Count > 0)
        {
            throw new InputValidationException(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var calendar = await db.RecruiterCalendars.SingleOrDefaultAsync(c => c.RecruiterId == recruiterId, ct);
        if (calendar is null)
        {
            calendar = RecruiterCalendar.Default(recruiterId);
            db.RecruiterCalendars.Add(calendar);
        }

        calendar.TimeZoneId = input.TimeZone!;
        calendar.WorkingDays = WorkingDayBits.From(input.WorkingDays!);
        calendar.DayStartMinute = start!.Value;
        calendar.DayEndMinute = end!.Value;
        calendar.SlotMinutes = input.SlotMinutes;
        calendar.BufferMinutes = input.BufferMinutes;
        calendar.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return CalendarSettings.From(calendar);
    }

    public async Task<IReadOnlyList<BusyBlockView>> BusyBlocksAsync(string recruiterId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var blocks = await db.BusyBlocks.AsNoTracking().Where(b => b.RecruiterId == recruiterId && b.EndsAt > now).OrderBy(b => b.StartsAt).ToListAsync(ct);
        return [.. blocks.Select(BusyBlockView.From)];
    }

    public async Task<BusyBlockView> AddBusyBlockAsync(string recruiterId, BusyBlockInput input, CancellationToken ct = default)
    {
        InputValidationException.ThrowIfInvalid(input);
        if (input.EndsAt <= input.StartsAt)
        {
            throw new InputValidationException(new Dictionary<string, string[]> { ["endsAt"] = ["A busy time must end after it starts."] });
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var block = new BusyBlock
        {
            Id = Guid.CreateVersion7(now),
            RecruiterId = recruiterId,
            StartsAt = input.StartsAt!.Value.ToUniversalTime(),
            EndsAt = input.EndsAt!.Value.ToUniversalTime(),
            Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(),
            CreatedAt = now,
        };
        db.BusyBlocks.Add(block);
        await db.SaveChangesAsync(ct);
        return BusyBlockView.From(block);
    }

    public async Task<bool> RemoveBusyBlockAsync(string recruiterId, Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.BusyBlocks.Where(b => b.Id == id && b.RecruiterId == recruiterId).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>Free slot starts from now (or <paramref name="from"/> if later) for <paramref name="days"/> days.</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> FreeSlotsAsync(string recruiterId, DateTimeOffset? from = null, int days = DefaultHorizonDays, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await FreeSlotsAsync(db, recruiterId, from, days, ct);
    }

    internal async Task<IReadOnlyList<DateTimeOffset>> FreeSlotsAsync(SamsaraDbContext db, string recruiterId, DateTimeOffset? from, int days, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var notBefore = from is { } f && f > now ? f : now;
        var until = notBefore.AddDays(Math.Clamp(days, 1, 62));
        var calendar = await CalendarAsync(db, recruiterId, ct);
        var busy = await BusyBetweenAsync(db, recruiterId, notBefore.AddDays(-1), until.AddDays(1), ct);
        return FreeSlots.Between(calendar, busy, notBefore, until);
    }

    /// <summary>Busy blocks and calls holding a slot that touch the window.</summary>
    internal static async Task<List<BusyTime>> BusyBetweenAsync(SamsaraDbContext db, string recruiterId, DateTimeOffset from, DateTimeOffset until, CancellationToken ct)
    {
        var blocks = await db.BusyBlocks.AsNoTracking()
            .Where(b => b.RecruiterId == recruiterId && b.EndsAt > from && b.StartsAt < until)
            .Select(b => new { b.StartsAt, b.EndsAt }).ToListAsync(ct);
        var calls = await db.RecruiterCalls.AsNoTracking()
            .Where(c => c.RecruiterId == recruiterId && c.HeldSlot != null && c.EndsAt > from && c.StartsAt < until)
            .Select(c => new { c.StartsAt, c.EndsAt }).ToListAsync(ct);
        return [.. blocks.Select(b => new BusyTime(b.StartsAt, b.EndsAt)).Concat(calls.Select(c => new BusyTime(c.StartsAt, c.EndsAt)))];
    }

    private static int? Minute(string clockTime) =>
        TimeOnly.TryParseExact(clockTime.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t.Hour * 60 + t.Minute : null;

    internal static bool TryZone(string id, out TimeZoneInfo zone)
    {
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            zone = TimeZoneInfo.Utc;
            return false;
        }
    }
}
