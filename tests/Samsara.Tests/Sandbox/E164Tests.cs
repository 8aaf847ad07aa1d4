using Samsara.Core.Channels;

namespace Samsara.Tests.Sandbox;

public sealed class E164Tests
{
    [Theory]
    [InlineData("+447700900123", true)]
    [InlineData("+15551230001", true)]
    [InlineData("+123456789012345", true)]
    [InlineData("+1234567890123456", false)]
    [InlineData("447700900123", false)]
    [InlineData("+44 7700 900123", false)]
    [InlineData("+0447700900123", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsE164_Various_OnlyPlusCountryCodeAndDigits(string? number, bool expected)
    {
        Assert.Equal(expected, E164.IsE164(number));
        Assert.Equal(expected, E164.Check(number, "Recipient") is null);
    }
}
