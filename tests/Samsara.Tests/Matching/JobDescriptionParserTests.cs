using Samsara.Core.Matching;

namespace Samsara.Tests.Matching;

public sealed class JobDescriptionParserTests
{
    internal const string SeniorDotNet = """
        Senior .NET Engineer
        Location: London, UK (hybrid)

        About the role
        You will build our payments platform.

        Requirements:
        - 5+ years of commercial experience
        - C#, ASP.NET Core and SQL Server
        - Docker and Kubernetes

        Nice to have:
        - Kafka
        - Terraform
        """;

    private readonly JobDescriptionParser parser = new(SkillCatalog.Default);

    [Fact]
    public void Parse_TypicalAdvert_SplitsRequiredAndNiceToHave()
    {
        var job = parser.Parse(SeniorDotNet);

        Assert.Equal("Senior .NET Engineer", job.Title);
        Assert.Equal(["5+ years of commercial experience", "C#", "ASP.NET Core", "SQL Server", "Docker", "Kubernetes"], job.RequiredSkills);
        Assert.Equal(["Kafka", "Terraform"], job.NiceToHaveSkills);
        Assert.Equal(Seniority.Senior, job.Seniority);
        Assert.Equal(5, job.MinYears);
        Assert.Equal("London, UK (hybrid)", job.Location);
        Assert.False(job.Remote);
    }

    [Fact]
    public void Parse_OneParagraphAdvert_SplitsRequiredFromNiceToHave()
    {
        var job = parser.Parse("Executive Chef\nWe are a busy brasserie in Leeds looking for a chef to run our kitchen. Required: menu planning, food safety, kitchen management. Nice to have: pastry, wine pairing. Apply today.");

        Assert.Equal(["menu planning", "food safety", "kitchen management"], job.RequiredSkills);
        Assert.Equal(["pastry", "wine pairing"], job.NiceToHaveSkills);
    }

    [Fact]
    public void Parse_EssentialAndDesirableHeadings_MarksEachBullet()
    {
        var job = parser.Parse("""
            Staff Nurse
            Essential
            • NMC registration
            • Experience in acute medical wards
            Desirable
            • Phlebotomy
            • IV therapy
            Benefits
            • 27 days holiday
            """);

        Assert.Equal(["NMC registration", "Experience in acute medical wards"], job.RequiredSkills);
        Assert.Equal(["Phlebotomy", "IV therapy"], job.NiceToHaveSkills);
    }

    [Fact]
    public void Parse_MustHaveAndBonusLines_ReadsBothInlineLists()
    {
        var job = parser.Parse("HGV Class 1 Driver\nMust have: Class C+E licence, CPC card, digital tachograph card.\nBonus: ADR certificate.");

        Assert.Equal(["Class C+E licence", "CPC card", "digital tachograph card"], job.RequiredSkills);
        Assert.Equal(["ADR certificate"], job.NiceToHaveSkills);
    }

    [Fact]
    public void Parse_InlineNiceToHave_MarksThatSentenceOptional()
    {
        var job = parser.Parse("Junior Python Developer\nYou know Python and SQL.\nExperience with AWS is a plus.\nFully remote.");

        Assert.Contains("You know Python and SQL", job.RequiredSkills);
        Assert.Equal(["Experience with AWS"], job.NiceToHaveSkills);
        Assert.Equal(Seniority.Junior, job.Seniority);
        Assert.True(job.Remote);
    }

    [Theory]
    [InlineData("Sales Executive", "You will own lead generation and close deals. Requirements: B2B sales, CRM.")]
    [InlineData("Yoga Teacher", "You will lead classes for all ages. Requirements: yoga certification.")]
    [InlineData("Staff Accountant", "Requirements: ACCA part-qualified, month-end close.")]
    public void Parse_LeadOrStaffThatIsNotALevel_ReadsNoSeniority(string title, string body)
    {
        var job = parser.Parse(title + "\n" + body);

        Assert.Equal(Seniority.Unknown, job.Seniority);
        Assert.Null(job.MinYears);
    }

    [Theory]
    [InlineData("Lead Frontend Developer", Seniority.Lead)]
    [InlineData("Head Chef", Seniority.Lead)]
    [InlineData("Staff Software Engineer", Seniority.Lead)]
    [InlineData("Graduate Mechanical Engineer", Seniority.Intern)]
    public void Parse_LevelInTitle_ReadsIt(string title, Seniority expected)
    {
        var job = parser.Parse("We are hiring!\nMust have: React.", title: title);

        Assert.Equal(title, job.Title);
        Assert.Equal(expected, job.Seniority);
    }
}
