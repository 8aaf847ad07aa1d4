using System.Globalization;
using Samsara.Core.Candidates;
using Samsara.Core.CvIntake.Fields;
using Samsara.Core.Matching;
using Samsara.Core.Matching.Semantic;
using Samsara.Testing.CvCorpus;
using Samsara.Tests.CvIntake;

namespace Samsara.Tests.Matching;

/// <summary>
/// The real sentence model (all-MiniLM-L6-v2 through ONNX Runtime), loaded once for the class. A few CVs of four
/// professions from the generated corpus are embedded once and shared, so the class costs a few seconds of CPU.
/// </summary>
public sealed class SentenceModelFixture
{
    public static readonly string[] ProfessionKeys = ["chef", "nurse", "driver", "teacher"];

    public SentenceModelFixture()
    {
        Embedder = new MiniLmEmbedder();
        Cvs = ProfessionCorpus.Build(perProfession: 3).Where(cv => ProfessionKeys.Contains(cv.Profession.Key)).ToList();
        var fields = new CvFieldExtractor(SkillCatalog.Default);
        Docs = Cvs.Select(cv => fields.Extract(cv.Text, "GB", new DateOnly(2026, 12, 1))).ToList();
        var chunks = Cvs.Select(cv => CvChunker.Chunks(cv.Text)).ToList();
        var vectors = Embedder.Embed(chunks.SelectMany(c => c).ToList());
        var at = 0;
        Vectors = chunks.Select(c =>
        {
            var v = new CvVectors(c, vectors[at..(at + c.Count)]);
            at += c.Count;
            return v;
        }).ToList();
    }

    public MiniLmEmbedder Embedder { get; }
    public IReadOnlyList<ProfessionCv> Cvs { get; }
    public IReadOnlyList<CvDocument> Docs { get; }
    public IReadOnlyList<CvVectors> Vectors { get; }
}

public sealed class SemanticMatchingTests(SentenceModelFixture model) : IClassFixture<SentenceModelFixture>
{
    private static readonly Dictionary<string, string?> SemanticOn = new() { ["Samsara:Matching:Semantic"] = "true" };

    [Fact]
    public async Task EmbedPendingAsync_ImportedCvs_ScoringUntilEmbeddedThenScoredWithTheClosestPassage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await CvIntakeHost.StartAsync(startWorkers: false, settings: SemanticOn);
        var projectId = await app.CreateProjectAsync();
        var chef = model.Cvs.First(c => c.Profession.Key == "chef");
        var nurse = model.Cvs.First(c => c.Profession.Key == "nurse");
        var chefId = await app.AddImportedCandidateAsync(projectId, "Chef Candidate", chef.Text);
        var nurseId = await app.AddImportedCandidateAsync(projectId, "Nurse Candidate", nurse.Text);
        await app.Get<CandidateService>().SetJobDescriptionAsync(projectId, new JobDescriptionInput { Text = chef.Profession.JobAd }, ct);
        await app.Get<MatchRefresher>().RefreshAsync(projectId, ct);

        var before = await app.Get<CandidateRanking>().ListAsync(projectId, new RankingQuery(), ct);
        Assert.All(before.Items, c => Assert.True(c.Scoring && c.Score is not null, $"{c.FullName}: scoring… with a word score before embedding"));

        var embedded = await app.Get<CvEmbeddingWorker>().EmbedPendingAsync(8, ct);
        await app.Get<MatchRefresher>().RefreshAsync(projectId, ct);
        var after = await app.Get<CandidateRanking>().ListAsync(projectId, new RankingQuery(), ct);

        Assert.Equal(2, embedded);
        Assert.Equal(0, await app.Get<CvEmbeddingWorker>().EmbedPendingAsync(8, ct));
        Assert.All(after.Items, c => Assert.False(c.Scoring, $"{c.FullName} still scoring…"));
        Assert.All(after.Items, c => Assert.True(c.Explanation!.SemanticReady));
        Assert.Equal([chefId, nurseId], after.Items.Select(c => c.Id));
        var chefRow = after.Items[0];
        var nurseRow = after.Items[1];
        Assert.True(chefRow.Explanation!.SemanticPoints > nurseRow.Explanation!.SemanticPoints, $"meaning {chefRow.Explanation.SemanticPoints} vs {nurseRow.Explanation.SemanticPoints}");
        var passage = chefRow.Explanation.BestPassage!.TrimEnd('…');
        Assert.Contains(CvChunker.Chunks(chef.Text), chunk => chunk.StartsWith(passage, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Score_RequirementOnlyParaphrasedInCv_RelatedWithThePassageQuoted()
    {
        const string cv = "Alex Morgan\nFinance clerk\nKept the ledgers of a small firm: sales and purchase invoices, bank reconciliations and VAT returns.\nPosted journals and balanced the books every month end.";
        var job = new JobDescriptionParser(SkillCatalog.Default).Parse("Accounts Assistant\nRequired: bookkeeping, forklift truck licence");
        var chunks = CvChunker.Chunks(cv);
        var cvVectors = new CvVectors(chunks, model.Embedder.Embed(chunks));
        var jobVectors = await new JobEmbeddings(model.Embedder).ForAsync(Guid.NewGuid(), job, TestContext.Current.CancellationToken);
        var scorer = new MatchScorer(SkillCatalog.Default);

        var why = scorer.Score(scorer.Prepare(job, jobVectors), cv, new CvDocument(), cvVectors).Explanation;

        var sims = string.Join(", ", jobVectors.Requirements.Select(r => MatchScorer.Dot(r, cvVectors.Vectors[0]).ToString("0.00", CultureInfo.InvariantCulture)));
        var bookkeeping = why.Requirements.Single(r => r.Requirement.Contains("bookkeeping", StringComparison.OrdinalIgnoreCase));
        var forklift = why.Requirements.Single(r => r.Requirement.Contains("forklift", StringComparison.OrdinalIgnoreCase));
        Assert.True(bookkeeping.Status == RequirementStatus.Related, $"bookkeeping is {bookkeeping.Status}; similarities {sims}");
        Assert.Contains("ledgers", bookkeeping.Quote, StringComparison.Ordinal);
        Assert.True(forklift.Status == RequirementStatus.Missing, $"forklift is {forklift.Status}; similarities {sims}");
        Assert.Null(forklift.Quote);
    }

    [Theory]
    [InlineData("chef")]
    [InlineData("nurse")]
    public async Task Score_ProfessionsJobAd_MeaningRanksTheProfessionsCvsAboveTheOthers(string key)
    {
        var profession = Professions.All.Single(p => p.Key == key);
        var job = new JobDescriptionParser(SkillCatalog.Default).Parse(profession.JobAd);
        var jobVectors = await new JobEmbeddings(model.Embedder).ForAsync(Guid.NewGuid(), job, TestContext.Current.CancellationToken);
        var scorer = new MatchScorer(SkillCatalog.Default);
        var prepared = scorer.Prepare(job, jobVectors);

        var scored = model.Cvs.Select((cv, i) => (Cv: cv, Result: scorer.Score(prepared, cv.Text, model.Docs[i], model.Vectors[i]))).ToList();

        var own = scored.Where(s => s.Cv.Profession == profession).Select(s => s.Result.Explanation.SemanticPoints).ToList();
        var others = scored.Where(s => s.Cv.Profession != profession).Select(s => s.Result.Explanation.SemanticPoints).ToList();
        Assert.True(own.Min() > others.Max(), $"meaning points of {key} CVs [{string.Join(", ", own)}] vs others [{string.Join(", ", others)}]");
        var top = scored.OrderByDescending(s => s.Result.Score).Take(own.Count);
        Assert.All(top, s => Assert.Equal(profession, s.Cv.Profession));
    }

    [Fact]
    public async Task Score_JobAdInOtherWords_MeaningLiftsTheProfessionWhereWordsAloneDoNot()
    {
        // A driving job written without the corpus's trade words: few requirement words appear in any CV.
        var job = new JobDescriptionParser(SkillCatalog.Default).Parse(
            "Lorry driver wanted\nRequired: moving goods by road across the country, articulated vehicles, tachograph rules");
        var jobVectors = await new JobEmbeddings(model.Embedder).ForAsync(Guid.NewGuid(), job, TestContext.Current.CancellationToken);
        var scorer = new MatchScorer(SkillCatalog.Default);
        var withMeaning = scorer.Prepare(job, jobVectors);
        var wordsOnly = scorer.Prepare(job);

        var drivers = model.Cvs.Count(c => c.Profession.Key == "driver");
        var topWithMeaning = model.Cvs.Select((cv, i) => (cv, scorer.Score(withMeaning, cv.Text, model.Docs[i], model.Vectors[i]).Score))
            .OrderByDescending(r => r.Score).Take(drivers).Count(r => r.cv.Profession.Key == "driver");
        var topWordsOnly = model.Cvs.Select((cv, i) => (cv, scorer.Score(wordsOnly, cv.Text, model.Docs[i], null).Score))
            .OrderByDescending(r => r.Score).ThenBy(r => r.cv.FileName, StringComparer.Ordinal).Take(drivers).Count(r => r.cv.Profession.Key == "driver");

        Assert.Equal(drivers, topWithMeaning);
        Assert.True(topWithMeaning >= topWordsOnly, $"{topWithMeaning} drivers on top with meaning, {topWordsOnly} with words only");
    }
}
