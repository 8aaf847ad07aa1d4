using Samsara.Core.CvIntake;
using Samsara.Core.CvIntake.Extraction;
using Samsara.Core.CvIntake.Fields;
using Samsara.Core.Matching;
using Samsara.Testing.CvCorpus;

namespace Samsara.Tests.Matching;

public sealed class RankingTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);
    private readonly CvFieldExtractor fields = new(SkillCatalog.Default);
    private readonly JobDescriptionParser parser = new(SkillCatalog.Default);
    private readonly MatchScorer scorer = new(SkillCatalog.Default);

    internal const string PerfectCv = """
        Alice Martin
        Senior Backend Engineer | alice@example.com | +44 7911 123456 | London, UK
        Skills: csharp, ASP.NET Core, SQL Server, Docker, k8s, Kafka
        Experience
        Senior Backend Engineer — Fintech Ltd | 2017 – Present
        """;

    internal const string PartialCv = """
        Bob Stone
        Software Engineer | bob@example.com | 07400 123456 | Leeds, UK
        Skills: C#, SQL Server
        Experience
        Software Engineer — Shop Ltd | 2022 – Present
        """;

    internal const string UnrelatedCv = """
        Carol White
        Marketing Executive | carol@example.com | +1 212 555 0100 | New York, USA
        Skills: SEO, Salesforce, Excel
        Experience
        Marketing Executive — Brand Co | 2020 – Present
        """;

    [Fact]
    public void Score_ThreeCandidates_RanksFitAbovePartialAboveUnrelated()
    {
        var job = parser.Parse(JobDescriptionParserTests.SeniorDotNet);

        var perfect = Score(job, PerfectCv);
        var partial = Score(job, PartialCv);
        var unrelated = Score(job, UnrelatedCv);

        Assert.True(perfect.Score > partial.Score && partial.Score > unrelated.Score, $"{perfect.Score} > {partial.Score} > {unrelated.Score}");
        Assert.True(perfect.Score >= 75, perfect.Score.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(unrelated.Score <= 25, unrelated.Score.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Score_PartialCandidate_ExplainsMissingSkillsSeniorityAndLocation()
    {
        var job = parser.Parse(JobDescriptionParserTests.SeniorDotNet);

        var partial = Score(job, PartialCv).Explanation;

        Assert.Equal(["C#", "SQL Server"], partial.MatchedSkills);
        Assert.Equal(["5+ years of commercial experience", "ASP.NET Core", "Docker", "Kubernetes"], partial.MissingRequiredSkills);
        var sql = partial.Requirements.Single(r => r.Requirement == "SQL Server");
        Assert.Equal("Skills: C#, SQL Server", sql.Quote);
        Assert.Equal(["SQL", "Server"], sql.Marks!.Select(m => sql.Quote!.Substring(m[0], m[1])));
        Assert.StartsWith("Below", partial.SeniorityFit, StringComparison.Ordinal);
        Assert.Contains("Leeds", partial.LocationFit, StringComparison.Ordinal);
        Assert.Equal(0, partial.LocationPoints);
    }

    [Theory]
    [InlineData("Python Engineer\nRequirements: Python, Pandas, PyTorch\nNice to have: Docker", new[] { "Python", "Pandas", "PyTorch" })]
    [InlineData("Frontend Developer\nRequirements: React, TypeScript, JavaScript", new[] { "React", "TypeScript", "JavaScript" })]
    [InlineData("Platform Engineer\nMust have: Kubernetes, Terraform, AWS", new[] { "Kubernetes", "Terraform", "AWS" })]
    public void Score_GeneratedCorpus_CandidatesWithMoreRequiredSkillsRankHigher(string advert, string[] required)
    {
        var job = parser.Parse(advert);
        var extractor = new CvTextExtractor(new CvIntakeOptions());
        var ranked = CvCorpusBuilder.Build(60)
            .Select(cv => (Truth: cv.Truth, Text: extractor.Extract(cv.Content, cv.FileName).Text!))
            .Select(r => (Have: required.Count(r.Truth.CanonicalSkills.Contains), Score: scorer.Score(job, r.Text, fields.Extract(r.Text, "GB", Today)).Score))
            .ToList();

        // Sanity, not a benchmark: the average score must rise with every extra required skill the CV really has.
        var byCount = ranked.GroupBy(r => r.Have).OrderBy(g => g.Key).Select(g => g.Average(r => r.Score)).ToList();
        Assert.True(byCount.Count >= 2, "the corpus should hold candidates with and without these skills");
        Assert.True(byCount.Zip(byCount.Skip(1)).All(p => p.First < p.Second), string.Join(" < ", byCount));
        var top = ranked.OrderByDescending(r => r.Score).First();
        Assert.Equal(ranked.Max(r => r.Have), top.Have);
    }

    private MatchResult Score(JobRequirements job, string cv) => scorer.Score(job, cv, fields.Extract(cv, "GB", Today));
}
