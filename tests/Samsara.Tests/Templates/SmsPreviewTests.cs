using Samsara.Core.Templates;

namespace Samsara.Tests.Templates;

public sealed class SmsPreviewTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    public void For_PlainGsmText_UsesGsm7Limits(int length, int segments)
    {
        var preview = SmsPreview.For(new string('a', length));

        Assert.Equal(SmsEncoding.Gsm7, preview.Encoding);
        Assert.Equal(length, preview.Characters);
        Assert.Equal(segments, preview.Segments);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void For_TextWithNonGsmCharacter_UsesUcs2Limits(int length, int segments)
    {
        var preview = SmsPreview.For("ł" + new string('a', length - 1));

        Assert.Equal(SmsEncoding.Ucs2, preview.Encoding);
        Assert.Equal(segments, preview.Segments);
        Assert.Equal(['ł'], preview.NonGsmCharacters);
    }

    [Fact]
    public void For_ExtensionCharacters_CountTwoSeptets()
    {
        var preview = SmsPreview.For(new string('€', 80));

        Assert.Equal(SmsEncoding.Gsm7, preview.Encoding);
        Assert.Equal(80, preview.Characters);
        Assert.Equal(160, preview.Units);
        Assert.Equal(1, preview.Segments);
        Assert.Equal(2, SmsPreview.For(new string('€', 81)).Segments);
    }

    [Fact]
    public void For_EscapeAtSegmentBoundary_IsNotSplit()
    {
        // 152 septets, then a two-septet € that cannot straddle the 153 boundary: it starts segment two.
        var preview = SmsPreview.For(new string('a', 152) + "€" + new string('a', 152));

        Assert.Equal(306, preview.Units);
        Assert.Equal(3, preview.Segments);
    }

    [Fact]
    public void For_Emoji_IsUcs2AndCountsSurrogatePairs()
    {
        var preview = SmsPreview.For("Hi 👋");

        Assert.Equal(SmsEncoding.Ucs2, preview.Encoding);
        Assert.Equal(4, preview.Characters);
        Assert.Equal(5, preview.Units);
    }

    [Fact]
    public void For_GsmAccentedLetters_StayGsm7()
    {
        Assert.Equal(SmsEncoding.Gsm7, SmsPreview.For("Café à Zürich, señor Ñ £5 @ 10:00").Encoding);
    }
}
