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

    [Fact]
    public void Parse_TypicalAdvert_SplitsRequiredAndNiceToHave()
    {
        var job = new JobDescriptionParser(SkillCatalog.Default).Parse(SeniorDotNet);

        Assert.Equal("Senior .NET Engineer", job.Title);
        Assert.Equal([".NET", "C#", "SQL Server", "Docker", "Kubernetes"], job.RequiredSkills);
        Assert.Equal(["Kafka", "Terraform"], job.NiceToHaveSkills.Order());
        Assert.Equal(Seniority.Senior, job.Seniority);
        Assert.Equal(5, job.MinYears);
        Assert.Equal("London, UK (hybrid)", job.Location);
        Assert.False(job.Remote);
    }

    [Fact]
    public void Parse_InlineNiceToHave_MarksThoseSkillsOptional()
    {
        var job = new JobDescriptionParser(SkillCatalog.Default).Parse("Junior Python Developer\nYou know Python and SQL.\nExperience with AWS is a plus.\nFully remote.");

        Assert.Equal(["Python", "SQL"], job.RequiredSkills);
        Assert.Equal(["AWS"], job.NiceToHaveSkills);
        Assert.Equal(Seniority.Junior, job.Seniority);
        Assert.True(job.Remote);
    }

    [Fact]
    public void Parse_GivenTitle_WinsOverFirstLine()
    {
        var job = new JobDescriptionParser(SkillCatalog.Default).Parse("We are hiring!\nMust know React.", title: "Lead Frontend Developer");

        Assert.Equal("Lead Frontend Developer", job.Title);
        Assert.Equal(Seniority.Lead, job.Seniority);
    }
}
