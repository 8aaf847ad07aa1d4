using Samsara.Core.Outreach.Engine;

namespace Samsara.Tests.Outreach.Engine;

public sealed class QuietHoursTests
{
    private static QuietHours For(string phone, string region = "GB") => new(8 * 60, 21 * 60, CandidateTimeZones.For(phone, region));

    private static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void For_UkNumber_LondonOnly()
    {
        Assert.Equal(["Europe/London"], CandidateTimeZones.For("+447700900123", "US").Select(z => z.Id));
    }

    [Fact]
    public void For_UnknownCallingCode_FallsBackToProjectRegion()
    {
        Assert.Equal(["Europe/Dublin"], CandidateTimeZones.For("+9999123456", "IE").Select(z => z.Id));
    }

    [Fact]
    public void For_UnknownCodeAndRegion_Utc()
    {
        Assert.Equal([TimeZoneInfo.Utc], CandidateTimeZones.For("07700 900123", "XX"));
    }

    [Theory]
    [InlineData(7, 59, false)]
    [InlineData(8, 0, true)]
    [InlineData(20, 59, true)]
    [InlineData(21, 0, false)]
    public void Allows_UkNumberInWinter_EdgesOfTheWindow(int hour, int minute, bool allowed)
    {
        Assert.Equal(allowed, For("+447700900123").Allows(Utc(24, hour, minute)));
    }

    [Fact]
    public void NextAllowed_UsNumberAtUkMorning_WaitsForPacificEight()
    {
        // Contact must be allowed in every US zone: 08:00 in Los Angeles is 16:00 UTC in November.
        Assert.Equal(Utc(24, 16), For("+12025550143").NextAllowed(Utc(24, 10)));
    }

    [Fact]
    public void NextAllowed_UsNumberLateEvening_NextDayWhenNewYorkCloses()
    {
        // 02:30 UTC is 21:30 in New York (closed) and 18:30 in Los Angeles (open): wait for the next shared window.
        Assert.Equal(Utc(25, 16), For("+12025550143").NextAllowed(Utc(25, 2, 30)));
    }

    [Fact]
    public void NextAllowed_AlreadyAllowed_SameMoment()
    {
        Assert.Equal(Utc(24, 12), For("+447700900123").NextAllowed(Utc(24, 12)));
    }

    [Fact]
    public void NextAllowed_WindowsNeverOverlap_Null()
    {
        var hours = new QuietHours(9 * 60, 10 * 60, [TimeZoneInfo.FindSystemTimeZoneById("Europe/London"), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")]);

        Assert.Null(hours.NextAllowed(Utc(24, 12)));
    }

    [Theory]
    [InlineData("STOP", true)]
    [InlineData("stop", true)]
    [InlineData(" Unsubscribe ", true)]
    [InlineData("optout", true)]
    [InlineData("Stop.", true)]
    [InlineData("please stop", false)]
    [InlineData("STOPPED", false)]
    [InlineData("Yes", false)]
    public void IsOptOut_SingleKeywordOnly(string body, bool optOut)
    {
        Assert.Equal(optOut, OptOutKeywords.IsOptOut(body));
    }
}
