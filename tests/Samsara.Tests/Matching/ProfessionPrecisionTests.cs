using System.Globalization;
using Samsara.Core.CvIntake;
using Samsara.Core.CvIntake.Extraction;
using Samsara.Core.CvIntake.Fields;
using Samsara.Core.Matching;
using Samsara.Testing.CvCorpus;
using UglyToad.PdfPig;

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
        var precision = PrecisionAtTen(Corpus.Select(cv => (cv, cv.Text)).ToList());

        var report = Report(precision);
        Assert.True(precision.Values.All(p => p >= 0.7), report);
        Assert.True(precision.Values.Average() >= 0.9, $"mean {precision.Values.Average():0.00}: {report}");
    }

    [Fact]
    public void Score_TwelveProfessionsAsMultiPagePdfs_RanksAsWellAsFromTheirText()
    {
        // The same CVs as real 2-4 page PDFs in three layouts (one with a sidebar), read back the way an import reads
        // them: page headers and footers and the sidebar's column order are what the scorer then gets.
        var reader = new CvTextExtractor(new CvIntakeOptions());
        var read = Corpus.Select((cv, i) =>
        {
            var pdf = ProfessionPdf.Write(cv, i % ProfessionPdf.Layouts);
            using var document = PdfDocument.Open(pdf);
            var extracted = reader.Extract(pdf, cv.FileName);
            Assert.True(extracted.Succeeded, $"{cv.FileName}: {extracted.Error}");
            return (Cv: cv, Text: extracted.Text!, Pages: document.NumberOfPages);
        }).ToList();
        var pages = read.GroupBy(r => r.Pages).OrderBy(g => g.Key).Select(g => $"{g.Count()} CVs of {g.Key} pages").ToList();
        Assert.True(read.All(r => r.Pages is >= 2 and <= 4), string.Join(", ", pages));

        var precision = PrecisionAtTen(read.Select(r => (r.Cv, r.Text)).ToList());

        var report = Report(precision) + "; " + string.Join(", ", pages);
        Assert.True(precision.Values.All(p => p >= 0.7), report);
        Assert.True(precision.Values.Average() >= 0.9, $"mean {precision.Values.Average():0.00}: {report}");
    }

    private static Dictionary<string, double> PrecisionAtTen(List<(ProfessionCv Cv, string Text)> cvs)
    {
        var parser = new JobDescriptionParser(SkillCatalog.Default);
        var scorer = new MatchScorer(SkillCatalog.Default);
        var fields = new CvFieldExtractor(SkillCatalog.Default);
        var docs = cvs.Select(c => (c.Cv, c.Text, Doc: fields.Extract(c.Text, "GB", Today))).ToList();
        var precision = new Dictionary<string, double>();
        foreach (var profession in Professions.All)
        {
            var job = scorer.Prepare(parser.Parse(profession.JobAd));
            var top = docs.Select(d => (d.Cv, scorer.Score(job, d.Text, d.Doc, null).Score))
                .OrderByDescending(r => r.Score).ThenBy(r => r.Cv.FileName, StringComparer.Ordinal).Take(10);
            precision[profession.Key] = top.Count(r => r.Cv.Profession == profession) / 10.0;
        }

        return precision;
    }

    private static string Report(Dictionary<string, double> precision) =>
        string.Join(", ", precision.Select(p => $"{p.Key} {p.Value.ToString("0.0", CultureInfo.InvariantCulture)}"));

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
