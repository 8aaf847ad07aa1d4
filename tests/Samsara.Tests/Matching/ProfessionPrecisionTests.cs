using System.Globalization;
using Samsara.Core.CvIntake.Fields;
using Samsara.Core.Matching;
using Samsara.Testing.CvCorpus;

namespace Samsara.Tests.Matching;

/// <summary>
/// Precision at 10 per job on a generated corpus of 12 professions x 10 CVs: of the ten best scores, how many are
/// CVs of the job's profession. Word coverage alone (no model), the score a CV has before it is embedded; thresholds
/// are the measured figures less a margin, recorded in docs/benchmarks.md.
/// </summary>
public sealed class ProfessionPrecisionTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);
    private static readonly IReadOnlyList<ProfessionCv> Corpus = ProfessionCorpus.Build();

    [Fact]
    public void Score_TwelveProfessions_TopTenAreMostlyOfTheJobsProfession()
    {
        var parser = new JobDescriptionParser(SkillCatalog.Default);
        var scorer = new MatchScorer(SkillCatalog.Default);
        var fields = new CvFieldExtractor(SkillCatalog.Default);
        var docs = Corpus.Select(cv => (Cv: cv, Doc: fields.Extract(cv.Text, "GB", Today))).ToList();
        var precision = new Dictionary<string, double>();
        foreach (var profession in Professions.All)
        {
            var job = scorer.Prepare(parser.Parse(profession.JobAd));
            var top = docs.Select(d => (d.Cv, scorer.Score(job, d.Cv.Text, d.Doc, null).Score))
                .OrderByDescending(r => r.Score).ThenBy(r => r.Cv.FileName, StringComparer.Ordinal).Take(10);
            precision[profession.Key] = top.Count(r => r.Cv.Profession == profession) / 10.0;
        }

        var report = string.Join(", ", precision.Select(p => $"{p.Key} {p.Value.ToString("0.0", CultureInfo.InvariantCulture)}"));
        Assert.True(precision.Values.All(p => p >= 0.7), report);
        Assert.True(precision.Values.Average() >= 0.9, $"mean {precision.Values.Average():0.00}: {report}");
    }

    [Fact]
    public void Explain_ChefAgainstChefJob_QuotesTheCvLineWithTheMatchingWords()
    {
        var parser = new JobDescriptionParser(SkillCatalog.Default);
        var scorer = new MatchScorer(SkillCatalog.Default);
        var chef = Corpus.First(c => c.Profession.Key == "chef");
        var job = parser.Parse(Professions.All.Single(p => p.Key == "chef").JobAd);

        var why = scorer.Score(job, chef.Text, new CvFieldExtractor(SkillCatalog.Default).Extract(chef.Text, "GB", Today)).Explanation;

        var found = why.Requirements.Where(r => r.Status == RequirementStatus.Found).ToList();
        Assert.NotEmpty(found);
        var cvLines = chef.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var r in found)
        {
            Assert.Contains(cvLines, l => r.Quote!.StartsWith(l.Trim(), StringComparison.Ordinal));
            var marked = r.Marks!.Select(m => Stems.Stem(r.Quote!.Substring(m[0], m[1]).ToLowerInvariant())).ToList();
            Assert.NotEmpty(marked);
            Assert.All(marked, stem => Assert.Contains(stem, Stems.Of(r.Requirement + " " + string.Join(' ', SkillCatalog.Default.FindIn(r.Requirement).SelectMany(SkillCatalog.Default.SpellingsOf)))));
        }
    }
}
