using Samsara.Core.Scheduling;

namespace Samsara.Tests.Scheduling;

public class FreeSlotsTests
{
    // Monday 30 November 2026; London is on GMT (UTC+0), New York on EST (UTC-5).
    private static readonly DateTimeOffset MondayMidnight = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    private static RecruiterCalendar London(int buffer = 0) => new() { RecruiterId = "r", TimeZoneId = "Europe/London", BufferMinutes = buffer };

    [Fact]
    public void Between_OneWorkingDay_HalfHourSlotsFromNineToFiveLocal()
    {
        var slots = FreeSlots.Between(London(), [], MondayMidnight, MondayMidnight.AddDays(1));

        Assert.Equal(16, slots.Count);
        Assert.Equal(MondayMidnight.AddHours(9), slots[0]);
        Assert.Equal(MondayMidnight.AddHours(16.5), slots[^1]);
    }

    [Fact]
    public void Between_Weekend_NoSlots()
    {
        var saturday = MondayMidnight.AddDays(5);

        Assert.Empty(FreeSlots.Between(London(), [], saturday, saturday.AddDays(2)));
    }

    [Fact]
    public void Between_RecruiterInNewYork_SlotsOnTheirOwnClock()
    {
        var calendar = new RecruiterCalendar { RecruiterId = "r", TimeZoneId = "America/New_York" };

        var slots = FreeSlots.Between(calendar, [], MondayMidnight.AddHours(12), MondayMidnight.AddHours(36));

        Assert.Equal(MondayMidnight.AddHours(14), slots[0]); // 09:00 EST
        Assert.Equal(MondayMidnight.AddHours(21.5), slots[^1]); // 16:30 EST
    }

    [Fact]
    public void Between_BusyBlockWithBuffer_DropsSlotsTouchingTheWidenedBlock()
    {
        // 30 min slots + 15 min buffer: 09:00, 09:45, 10:30, 11:15, ...; busy 10:00-10:20 plus the buffer reaches 10:35.
        var busy = new BusyTime(MondayMidnight.AddHours(10), MondayMidnight.AddHours(10).AddMinutes(20));

        var slots = FreeSlots.Between(London(buffer: 15), [busy], MondayMidnight, MondayMidnight.AddDays(1));

        Assert.Equal([MondayMidnight.AddHours(9), MondayMidnight.AddHours(11.25)], slots.Take(2));
    }

    [Fact]
    public void Between_NotBeforeMidMorning_NoEarlierSlot()
    {
        var slots = FreeSlots.Between(London(), [], MondayMidnight.AddHours(10.1), MondayMidnight.AddDays(1));

        Assert.Equal(MondayMidnight.AddHours(10.5), slots[0]);
    }

    [Fact]
    public void IsOnGrid_HalfPastAndQuarterPast_OnlyTheGridTimeCounts()
    {
        Assert.True(FreeSlots.IsOnGrid(London(), MondayMidnight.AddHours(10.5)));
        Assert.False(FreeSlots.IsOnGrid(London(), MondayMidnight.AddHours(10.25)));
        Assert.False(FreeSlots.IsOnGrid(London(), MondayMidnight.AddHours(17)));
    }
}
