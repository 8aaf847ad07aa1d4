using Microsoft.EntityFrameworkCore;
using Samsara.Core;
using Samsara.Core.Candidates;
using Samsara.Core.Data;
using Samsara.Core.Matching;
using Samsara.Testing;
using Samsara.Tests.CvIntake;

namespace Samsara.Tests.Matching;

/// <summary>
/// Rescoring a project larger than one batch after a JD edit, on each database: the refresher reads the stale set once,
/// inserts new scores and rewrites changed ones in multi-row statements, and gives an unchanged score only its new time.
/// </summary>
public abstract class MatchRescoreTests(DatabaseProvider provider) : IAsyncLifetime
{
    // More than the refresher's batch of 1,000, so the second batch is read by key after the first is written.
    private const int Chefs = 700;
    private const int Drivers = 400;

    private const string ChefCv = "Sam Cook\nHead Chef\nMenu planning and stock control for a busy brasserie.\nRan the pass on a 120-cover service.";
    private const string DriverCv = "Dee Road\nHGV Driver\nClass 1 licence, tachograph records and multi-drop deliveries across the UK.";
    private const string ChefJob = "Head Chef\nRequired: menu planning, stock control";

    private TestDatabase database = null!;
    private CvIntakeHost app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(provider);
        app = await CvIntakeHost.StartAsync(startWorkers: false, database: database);
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task RefreshAsync_JobEditedForMoreCandidatesThanABatch_EveryScoreRewrittenInPlace()
    {
        var projectId = await app.CreateProjectAsync();
        var chefs = await AddAsync(projectId, Chefs, ChefCv);
        var drivers = await AddAsync(projectId, Drivers, DriverCv);
        var jobs = app.Get<CandidateService>();
        var refresher = app.Get<MatchRefresher>();
        await jobs.SetJobDescriptionAsync(projectId, new JobDescriptionInput { Text = ChefJob }, Ct);
        var first = await refresher.RefreshAsync(projectId, Ct);
        var before = await MatchesAsync();

        await jobs.SetJobDescriptionAsync(projectId, new JobDescriptionInput { Text = ChefJob + "\n• Busy brasserie" }, Ct);
        var rescored = await refresher.RefreshAsync(projectId, Ct);
        var after = await MatchesAsync();

        Assert.Equal(Chefs + Drivers, first);
        Assert.Equal(Chefs + Drivers, rescored);
        Assert.Equal(Chefs + Drivers, after.Count);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(after, m => Assert.Equal(before[m.Key].Id, m.Value.Id));
        var chefWhy = MatchExplanation.FromJson(after[chefs[^1]].ExplanationJson)!;
        Assert.Contains(chefWhy.Requirements, r => r.Requirement.Contains("brasserie", StringComparison.Ordinal) && r.Status == RequirementStatus.Found);
        Assert.All(chefs, id => Assert.True(after[id].Score > after[drivers[0]].Score, $"chef {after[id].Score} vs driver {after[drivers[0]].Score}"));
        Assert.Equal(0, await refresher.RefreshAsync(projectId, Ct));
    }

    [Fact]
    public async Task RefreshAsync_CandidateEditThatDoesNotMoveTheScore_KeepsScoreAndIsNotStaleAgain()
    {
        var projectId = await app.CreateProjectAsync();
        var ids = await AddAsync(projectId, 3, ChefCv);
        var refresher = app.Get<MatchRefresher>();
        await app.Get<CandidateService>().SetJobDescriptionAsync(projectId, new JobDescriptionInput { Text = ChefJob }, Ct);
        await refresher.RefreshAsync(projectId, Ct);
        var before = await MatchesAsync();

        // A note is no part of the score, but it makes the candidate newer than its score.
        await using (var db = await app.Get<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(Ct))
        {
            var later = app.Get<TimeProvider>().GetUtcNow().AddSeconds(1);
            await db.Candidates.Where(c => c.Id == ids[1]).ExecuteUpdateAsync(s => s.SetProperty(c => c.Notes, "Called, keen").SetProperty(c => c.UpdatedAt, later), Ct);
        }

        var refreshed = await refresher.RefreshAsync(projectId, Ct);
        var after = await MatchesAsync();

        Assert.Equal(1, refreshed);
        Assert.Equal(before[ids[1]].Score, after[ids[1]].Score);
        Assert.Equal(before[ids[1]].ExplanationJson, after[ids[1]].ExplanationJson);
        Assert.True(after[ids[1]].ComputedAt > before[ids[1]].ComputedAt, $"{after[ids[1]].ComputedAt:O} after {before[ids[1]].ComputedAt:O}");
        Assert.Equal(before[ids[0]].ComputedAt, after[ids[0]].ComputedAt);
        Assert.Equal(0, await refresher.RefreshAsync(projectId, Ct));
    }

    private async Task<List<Guid>> AddAsync(Guid projectId, int count, string cv)
    {
        var now = app.Get<TimeProvider>().GetUtcNow();
        var candidates = Enumerable.Range(0, count).Select(i => new Candidate
        {
            Id = Guid.CreateVersion7(now),
            ProjectId = projectId,
            FullName = $"Candidate {i}",
            RawText = cv,
            Source = CandidateSource.Import,
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        await using var db = await app.Get<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(Ct);
        db.Candidates.AddRange(candidates);
        await db.WriteChangesAsync(Ct);
        return [.. candidates.Select(c => c.Id)];
    }

    private async Task<Dictionary<Guid, CvJdMatch>> MatchesAsync()
    {
        await using var db = await app.Get<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(Ct);
        return await db.CvJdMatches.AsNoTracking().ToDictionaryAsync(m => m.CandidateId, Ct);
    }
}

public sealed class MatchRescoreSqliteTests() : MatchRescoreTests(DatabaseProvider.Sqlite);

public sealed class MatchRescorePostgresTests() : MatchRescoreTests(DatabaseProvider.Postgres);
