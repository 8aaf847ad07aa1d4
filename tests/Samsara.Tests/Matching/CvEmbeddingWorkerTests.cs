using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Samsara.Core.Candidates;
using Samsara.Core.CvIntake;
using Samsara.Core.Data;
using Samsara.Core.Matching;
using Samsara.Core.Matching.Semantic;
using Samsara.Tests.CvIntake;

namespace Samsara.Tests.Matching;

/// <summary>
/// The background semantic stage's bookkeeping (re-embedding after edits, backoff and giving up, old explanations),
/// with a stand-in model that records what it was asked and fails on request, so no model is loaded.
/// </summary>
public sealed class CvEmbeddingWorkerTests
{
    private const string Job = "Head Chef\nRequired: menu planning, stock control";
    private const string ChefCv = "Sam Cook\nSous Chef\nPlanned seasonal menus and kept stock control for a busy kitchen.";
    private const string PoisonCv = "Pat Broken\nChef\nPOISON passage the model cannot read.";

    private static readonly Dictionary<string, string?> SemanticOn = new()
    {
        ["Samsara:Matching:Semantic"] = "true",
        ["Samsara:Matching:MaxEmbedAttempts"] = "4",
        ["Samsara:Matching:EmbedRetryDelay"] = "00:01:00",
    };

    [Fact]
    public async Task EmbedPendingAsync_CvFieldsCorrected_EmbeddedAgainWithTheNewTitleAndRescored()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, model, clock) = await StartAsync();
        await using var _ = app;
        var projectId = await app.CreateProjectAsync();
        var id = await app.AddImportedCandidateAsync(projectId, "Sam Cook", ChefCv);
        await app.Get<CandidateService>().SetJobDescriptionAsync(projectId, new JobDescriptionInput { Text = Job }, ct);
        var worker = app.Get<CvEmbeddingWorker>();
        var refresher = app.Get<MatchRefresher>();
        Assert.Equal(1, await worker.EmbedPendingAsync(8, ct));
        await refresher.RefreshAsync(projectId, ct);
        var firstHash = (await EmbeddingAsync(app, id)).SourceHash;
        var calls = model.Calls.Count;

        clock.Advance(TimeSpan.FromMinutes(1));
        await app.Get<CvCorrections>().SaveAsync(projectId, id, new CvCorrectionInput { FullName = "Sam Cook", CurrentTitle = "Executive Head Chef", Skills = ["Menu planning"] }, ct);
        Assert.Equal(1, await worker.EmbedPendingAsync(8, ct));
        var rescored = await refresher.RefreshAsync(projectId, ct);

        var second = await EmbeddingAsync(app, id);
        Assert.Equal(calls + 1, model.Calls.Count);
        Assert.Contains(model.Calls.Last(), t => t.Contains("Executive Head Chef", StringComparison.Ordinal) && t.Contains("menu planning", StringComparison.OrdinalIgnoreCase));
        Assert.NotEqual(firstHash, second.SourceHash);
        Assert.Equal(1, rescored);
        Assert.Equal(0, await worker.EmbedPendingAsync(8, ct));
        Assert.Equal(0, await refresher.RefreshAsync(projectId, ct));
    }

    [Fact]
    public async Task EmbedPendingAsync_EditThatLeavesTheTextAlone_NoModelCall()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, model, clock) = await StartAsync();
        await using var _ = app;
        var projectId = await app.CreateProjectAsync();
        var id = await app.AddImportedCandidateAsync(projectId, "Sam Cook", ChefCv);
        await app.Get<CvEmbeddingWorker>().EmbedPendingAsync(8, ct);
        var calls = model.Calls.Count;

        clock.Advance(TimeSpan.FromMinutes(1));
        await app.Get<CandidateService>().UpdateAsync(projectId, id, new CandidateInput { FullName = "Sam Cook", Phone = "+44 7700 900123" }, ct);
        var looked = await app.Get<CvEmbeddingWorker>().EmbedPendingAsync(8, ct);

        Assert.Equal(1, looked);
        Assert.Equal(calls, model.Calls.Count);
        Assert.Equal(0, await app.Get<CvEmbeddingWorker>().EmbedPendingAsync(8, ct));
    }

    [Fact]
    public async Task EmbedPendingAsync_CvAlwaysFails_RetriedWithGrowingDelaysThenGivenUpWithReasonAndScoredByWords()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, _, clock) = await StartAsync();
        await using var __ = app;
        var projectId = await app.CreateProjectAsync();
        var goodId = await app.AddImportedCandidateAsync(projectId, "Sam Cook", ChefCv);
        var badId = await app.AddImportedCandidateAsync(projectId, "Pat Broken", PoisonCv);
        await app.Get<CandidateService>().SetJobDescriptionAsync(projectId, new JobDescriptionInput { Text = Job }, ct);
        var worker = app.Get<CvEmbeddingWorker>();

        Assert.Equal(2, await worker.EmbedPendingAsync(8, ct));
        var waits = new List<TimeSpan>();
        for (var tries = 1; tries < 4; tries++)
        {
            var failed = await EmbeddingAsync(app, badId);
            Assert.Equal(tries, failed.Attempts);
            Assert.Null(failed.Failure);
            var wait = failed.RetryAt!.Value - clock.GetUtcNow();
            waits.Add(wait);
            clock.Advance(wait - TimeSpan.FromSeconds(1));
            Assert.Equal(0, await worker.EmbedPendingAsync(8, ct));
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(1, await worker.EmbedPendingAsync(8, ct));
        }

        var givenUp = await EmbeddingAsync(app, badId);
        clock.Advance(TimeSpan.FromDays(7));
        var laterRounds = await worker.EmbedPendingAsync(8, ct);
        await app.Get<MatchRefresher>().RefreshAsync(projectId, ct);
        var ranked = (await app.Get<CandidateRanking>().ListAsync(projectId, new RankingQuery(), ct)).Items;

        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4)], waits);
        Assert.Equal(4, givenUp.Attempts);
        Assert.Null(givenUp.RetryAt);
        Assert.StartsWith("Could not be read for meaning after 4 tries", givenUp.Failure, StringComparison.Ordinal);
        Assert.Equal(0, laterRounds);
        var bad = ranked.Single(c => c.Id == badId);
        var good = ranked.Single(c => c.Id == goodId);
        Assert.False(bad.Scoring);
        Assert.NotNull(bad.Score);
        Assert.False(bad.Explanation!.SemanticReady);
        Assert.Equal(givenUp.Failure, bad.Explanation.SemanticNote);
        Assert.True(good.Explanation!.SemanticReady);
        Assert.Null(good.Explanation.SemanticNote);
    }

    [Fact]
    public async Task RefreshAsync_ScoreStoredByTheOldScorer_ExplainedOnTheNextPass()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await CvIntakeHost.StartAsync(startWorkers: false);
        var projectId = await app.CreateProjectAsync();
        await app.AddImportedCandidateAsync(projectId, "Sam Cook", ChefCv);
        await app.Get<CandidateService>().SetJobDescriptionAsync(projectId, new JobDescriptionInput { Text = Job }, ct);
        await app.Get<MatchRefresher>().RefreshAsync(projectId, ct);
        await using (var db = await app.Get<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(ct))
        {
            // What the dictionary scorer stored: skill lists, no requirements; computed after every change.
            await db.CvJdMatches.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.ExplanationJson, """{"matchedSkills":["C#"],"missingRequiredSkills":[],"matchedNiceToHave":[]}""")
                .SetProperty(m => m.ComputedAt, DateTimeOffset.UtcNow.AddDays(1)), ct);
        }

        var before = (await app.Get<CandidateRanking>().ListAsync(projectId, new RankingQuery(), ct)).Items.Single();
        var refreshed = await app.Get<MatchRefresher>().RefreshAsync(projectId, ct);
        var after = (await app.Get<CandidateRanking>().ListAsync(projectId, new RankingQuery(), ct)).Items.Single();

        Assert.Null(before.Explanation);
        Assert.Equal(1, refreshed);
        Assert.Contains(after.Explanation!.Requirements, r => r.Status == RequirementStatus.Found && r.Quote!.Contains("stock control", StringComparison.Ordinal));
        Assert.Equal(0, await app.Get<MatchRefresher>().RefreshAsync(projectId, ct));
    }

    private static async Task<(CvIntakeHost App, RecordingEmbedder Model, FakeTimeProvider Clock)> StartAsync()
    {
        var model = new RecordingEmbedder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var app = await CvIntakeHost.StartAsync(startWorkers: false, settings: SemanticOn, services: s =>
        {
            s.AddSingleton<ISentenceEmbedder>(model);
            s.AddSingleton<TimeProvider>(clock);
        });
        return (app, model, clock);
    }

    private static async Task<CvEmbedding> EmbeddingAsync(CvIntakeHost app, Guid candidateId)
    {
        await using var db = await app.Get<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync();
        return await db.Set<CvEmbedding>().AsNoTracking().SingleAsync(e => e.CandidateId == candidateId);
    }

    /// <summary>Unit vectors from the passages' letters (close texts, close vectors); throws for any passage saying POISON.</summary>
    private sealed class RecordingEmbedder : ISentenceEmbedder
    {
        public ConcurrentQueue<IReadOnlyList<string>> Calls { get; } = new();

        public string Model => "test-letters";

        public int Dimensions => 26;

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken ct = default)
        {
            Calls.Enqueue(texts.ToList());
            if (texts.Any(t => t.Contains("POISON", StringComparison.Ordinal)))
            {
                throw new InvalidOperationException("the model cannot read this passage");
            }

            return texts.Select(Letters).ToArray();
        }

        private static float[] Letters(string text)
        {
            var v = new float[26];
            foreach (var c in text.ToLowerInvariant().Where(c => c is >= 'a' and <= 'z'))
            {
                v[c - 'a']++;
            }

            var norm = MathF.Sqrt(v.Sum(x => x * x));
            return v.Select(x => norm == 0 ? 0 : x / norm).ToArray();
        }
    }
}
