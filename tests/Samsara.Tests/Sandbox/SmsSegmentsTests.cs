using Samsara.Core.Channels;

namespace Samsara.Tests.Sandbox;

public sealed class SmsSegmentsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    public void Count_Gsm7Text_160ThenSegmentsOf153(int length, int segments)
    {
        var info = SmsSegments.Count(new string('a', length));

        Assert.Equal(SmsEncoding.Gsm7, info.Encoding);
        Assert.Equal(segments, info.Segments);
        Assert.Equal(length, info.Characters);
    }

    [Fact]
    public void Count_ExtensionCharacters_TakeTwoSeptets()
    {
        Assert.Equal(1, SmsSegments.Count(new string('€', 80)).Segments);
        var over = SmsSegments.Count(new string('€', 81));
        Assert.Equal(SmsEncoding.Gsm7, over.Encoding);
        Assert.Equal(162, over.CodeUnits);
        Assert.Equal(2, over.Segments);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Count_NonGsmCharacter_Ucs2At70ThenSegmentsOf67(int length, int segments)
    {
        var info = SmsSegments.Count("ł" + new string('a', length - 1));

        Assert.Equal(SmsEncoding.Ucs2, info.Encoding);
        Assert.Equal(segments, info.Segments);
    }

    [Fact]
    public void Count_Emoji_OneCharacterTwoUnits()
    {
        var info = SmsSegments.Count("Hi 👋");

        Assert.Equal(SmsEncoding.Ucs2, info.Encoding);
        Assert.Equal(4, info.Characters);
        Assert.Equal(5, info.CodeUnits);
        Assert.Equal(65, info.RemainingInSegment);
    }

    [Fact]
    public void Count_AccentsInGsm7Table_StayGsm7()
    {
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.Count("Café à Zürich, £5 ¿niño?").Encoding);
    }

    [Fact]
    public void Count_AccentOutsideGsm7Table_SwitchesToUcs2()
    {
        // í has no GSM-7 code, unlike é: one such letter makes the whole message UCS-2.
        Assert.Equal(SmsEncoding.Ucs2, SmsSegments.Count("¿Sí?").Encoding);
    }
}

public sealed class PhoneNumbersTests
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
        Assert.Equal(expected, PhoneNumbers.IsE164(number));
        Assert.Equal(expected, PhoneNumbers.Check(number, "Recipient") is null);
    }
}
