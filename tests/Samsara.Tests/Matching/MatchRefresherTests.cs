using Microsoft.EntityFrameworkCore;
using Samsara.Core.Candidates;
using Samsara.Core.CvIntake.Import;
using Samsara.Core.Data;
using Samsara.Core.Matching;
using Samsara.Tests.CvIntake;

namespace Samsara.Tests.Matching;

public sealed class MatchRefresherTests
{
    private const string LondonJob = "Backend Engineer\nLocation: London\nRequirements: C#, SQL Server";

    [Fact]
    public async Task RefreshAsync_CandidateMovesToTheJobsCity_ScoreRisesAndExplanationSaysSo()
    {
        await using var app = await CvIntakeHost.StartAsync(startWorkers: false);
        var projectId = await app.CreateProjectAsync();
        var candidates = app.Get<CandidateService>();
        await candidates.SetJobDescriptionAsync(projectId, new JobDescriptionInput { Text = LondonJob }, TestContext.Current.CancellationToken);
        var started = await app.Get<CvImportService>().StartAsync(projectId, [new UploadedCv("bob.txt", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(RankingTests.PartialCv)))], TestContext.Current.CancellationToken);
        await app.Get<CvImportProcessor>().ProcessAsync(started!.Files[0].FileId, TestContext.Current.CancellationToken);
        var refresher = app.Get<MatchRefresher>();
        var before = await MatchAsync(app);

        var bob = (await candidates.GetAsync(projectId, started.Files[0].FileId, TestContext.Current.CancellationToken))!;
        await candidates.UpdateAsync(projectId, bob.Id, new CandidateInput { FullName = bob.FullName, Email = bob.Email, Location = "London, UK", CurrentTitle = bob.CurrentTitle }, TestContext.Current.CancellationToken);
        var refreshed = await refresher.RefreshAsync(projectId, TestContext.Current.CancellationToken);
        var after = await MatchAsync(app);

        Assert.Equal(1, refreshed);
        Assert.Contains("Leeds", MatchExplanation.FromJson(before.ExplanationJson)!.LocationFit, StringComparison.Ordinal);
        Assert.StartsWith("Matches London", MatchExplanation.FromJson(after.ExplanationJson)!.LocationFit, StringComparison.Ordinal);
        Assert.True(after.Score > before.Score, $"{after.Score} > {before.Score}");
        Assert.Equal(0, await refresher.RefreshAsync(projectId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RefreshAsync_JobDescriptionSaved_ParsesItAndScoresEveryCandidate()
    {
        await using var app = await CvIntakeHost.StartAsync(startWorkers: false);
        var projectId = await app.CreateProjectAsync();
        var started = await app.Get<CvImportService>().StartAsync(projectId, [new UploadedCv("bob.txt", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(RankingTests.PartialCv)))], TestContext.Current.CancellationToken);
        await app.Get<CvImportProcessor>().ProcessAsync(started!.Files[0].FileId, TestContext.Current.CancellationToken);

        await app.Get<CandidateService>().SetJobDescriptionAsync(projectId, new JobDescriptionInput { Text = LondonJob }, TestContext.Current.CancellationToken);
        await app.Get<MatchRefresher>().RefreshAsync(projectId, TestContext.Current.CancellationToken);

        var job = await app.Get<CandidateService>().GetJobDescriptionAsync(projectId, TestContext.Current.CancellationToken);
        Assert.Equal(["C#", "SQL Server"], JobRequirements.FromJson(job!.ParsedJson)!.RequiredSkills);
        var match = await MatchAsync(app);
        Assert.Equal(["C#", "SQL Server"], MatchExplanation.FromJson(match.ExplanationJson)!.MatchedSkills);
    }

    private static async Task<CvJdMatch> MatchAsync(CvIntakeHost app)
    {
        await using var db = await app.Get<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync();
        return await db.CvJdMatches.AsNoTracking().SingleAsync();
    }
}
