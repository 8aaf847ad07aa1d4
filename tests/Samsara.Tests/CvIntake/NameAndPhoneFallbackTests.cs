using Samsara.Core.CvIntake.Fields;
using Samsara.Core.Matching;

namespace Samsara.Tests.CvIntake;

public sealed class NameAndPhoneFallbackTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);
    private readonly CvFieldExtractor fields = new(SkillCatalog.Default);

    [Theory]
    [InlineData("Career Focus\nDedicated professional seeking a new challenge.\nExperience\nWarehouse Operative 2019 - Present")]
    [InlineData("Technical Skills\nActive Directory\nExchange Server\nExperience\nIT Support 2018 - 2022")]
    [InlineData("Qualification Â\nNVQ Level 3 Professional Cookery\nKey Skills\nFood Hygiene Level 2")]
    public void Extract_CvWithoutAName_FindsNoNameRatherThanAHeading(string cv)
    {
        var doc = fields.Extract(cv, "GB", Today);

        Assert.Null(doc.FullName);
    }

    [Fact]
    public void Extract_NameLowDownThePage_IsFlaggedForReview()
    {
        var cv = string.Join('\n', Enumerable.Range(1, 6).Select(i => $"line {i} of the letter head")) + "\nMaria Gonzalez\nChef de Partie";

        var doc = fields.Extract(cv, "GB", Today);

        Assert.Equal("Maria Gonzalez", doc.FullName!.Value);
        Assert.True(doc.FullName.NeedsReview);
    }

    [Fact]
    public void For_FileName_ReadsUnnamedWithTheFile()
    {
        Assert.Equal("Unnamed (cv-0042.pdf)", UnnamedCandidate.For("uploads/cv-0042.pdf"));
        Assert.True(UnnamedCandidate.Is("Unnamed (cv-0042.pdf)"));
        Assert.False(UnnamedCandidate.Is("Una Named"));
    }

    [Fact]
    public void Extract_NationalNumberWithUsAddress_ReadsItAsAUsNumberInAGbProject()
    {
        var doc = fields.Extract("Dana Whitfield\nSan Francisco, CA\n(415) 555-0134\ndana@example.com", "GB", Today);

        Assert.Equal(["+14155550134"], doc.Phones!.Value);
        Assert.Null(doc.PhonesToCheck);
    }

    [Fact]
    public void Extract_SandboxDemoNumber_ImportsCleanly()
    {
        var doc = fields.Extract("Sam Demo\nLondon, UK\n+44 7700 900001\nsam@example.com", "GB", Today);

        Assert.Equal(["+447700900001"], doc.Phones!.Value);
        Assert.False(doc.Phones.NeedsReview);
        Assert.Null(doc.PhonesToCheck);
    }

    [Fact]
    public void Extract_NumberFailingValidation_IsKeptAndFlagged()
    {
        var doc = fields.Extract("Pat Invalid\nLeeds, UK\nMobile: +1 555 010 0199\npat@example.com", "GB", Today);

        Assert.Equal(["+15550100199"], doc.Phones!.Value);
        Assert.Equal(["+15550100199"], doc.PhonesToCheck);
        Assert.True(doc.Phones.NeedsReview);
    }

    [Fact]
    public void Extract_YearRange_IsNotTakenForAPhoneNumber()
    {
        var doc = fields.Extract("Lee Range\nLeeds, UK\nExperience\nCook 2015 - 2019\nChef 2019 - 2024", "GB", Today);

        Assert.Null(doc.Phones);
    }
}
