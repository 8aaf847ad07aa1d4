using Samsara.Core.Scheduling.Offers;

namespace Samsara.Tests.Scheduling;

/// <summary>Reading "which time" from a candidate's answer to "Reply 1 for Tue 24 Nov 13:00, 2 for Wed 25 Nov 10:00 or 3 for Thu 26 Nov 10:00".</summary>
public sealed class SlotPickTests
{
    private static readonly TimeSpan Paris = TimeSpan.FromHours(1);

    private static readonly DateTimeOffset[] Offered =
    [
        new(2026, 11, 24, 13, 0, 0, Paris),
        new(2026, 11, 25, 10, 0, 0, Paris),
        new(2026, 11, 26, 10, 0, 0, Paris),
    ];

    [Theory]
    [InlineData("2", 1)]
    [InlineData(" 3. ", 2)]
    [InlineData("Option 1 please", 0)]
    [InlineData("#2 thanks!", 1)]
    [InlineData("the second one", 1)]
    [InlineData("3rd works for me", 2)]
    [InlineData("Let's do the last one", 2)]
    [InlineData("Tuesday at 1pm works", 0)]
    [InlineData("Thursday at 10 works", 2)]
    [InlineData("wed 10:00", 1)]
    [InlineData("26 Nov at 10am is good", 2)]
    [InlineData("Nov 24th, 13:00", 0)]
    [InlineData("Tue 24 Nov 13:00", 0)]
    [InlineData("Ok 2 is perfect\n\nOn Tue, 24 Nov 2026 at 10:02, Rita <rita@agency.test> wrote:\n> Reply 1 for ..., 3 for ...", 1)]
    public void Read_ClearPick_ThatSlot(string reply, int expected)
    {
        var pick = SlotPick.Read(reply, Offered);

        Assert.Equal(expected, pick.Index);
    }

    [Theory]
    [InlineData("none of those work, sorry", "says")]
    [InlineData("I can't do 2", "says")]
    [InlineData("1 or 2", "more than one")]
    [InlineData("Could we do next week instead?", "no option or time")]
    [InlineData("Wednesday at 3pm?", "not offered")]
    [InlineData("4", "not offered")]
    [InlineData("at 2", "not offered")]
    [InlineData("10:00", "more than one")]
    [InlineData("yes", "no option or time")]
    [InlineData("", "empty")]
    public void Read_NoClearPick_LeftForTheRecruiterWithWhy(string reply, string why)
    {
        var pick = SlotPick.Read(reply, Offered);

        Assert.Null(pick.Index);
        Assert.Contains(why, pick.Why);
    }
}
