using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Samsara.Core;
using Samsara.Core.Candidates;
using Samsara.Core.CvIntake.Fields;
using Samsara.Core.Data;
using Samsara.Core.Matching;
using Samsara.Core.Outreach;
using Samsara.Testing;

namespace Samsara.Tests.CvIntake;

/// <summary>Merging or keeping a flagged duplicate through the API, once per database (see the derived classes).</summary>
public abstract class DuplicateMergeTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string FirstCv = "Dana Whitfield\nBackend Engineer | dana@example.com | +44 7911 123456 | Leeds, UK\nSkills: C#, SQL Server\nlinkedin.com/in/danaw";
    private const string SecondCv = "Dana Whitfield\nSenior Backend Engineer | dana@example.com | dana.w@work.example | +44 7400 123456 | London, UK\nSkills: Docker, Kubernetes\ngithub.com/danaw";

    private SamsaraAppFactory app = null!;
    private HttpClient client = null!;
    private Guid projectId;

    public async ValueTask InitializeAsync()
    {
        app = new SamsaraAppFactory(await TestDatabase.CreateAsync(provider));
        client = app.CreateClient();
        projectId = (await app.CreateProjectAsync()).Id;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Ranking_FlaggedDuplicate_SaysWhoItDuplicatesAndWhy()
    {
        var (original, duplicate) = await ImportPairAsync();

        var ranking = await app.Service<CandidateRanking>().ListAsync(projectId, new RankingQuery(), TestContext.Current.CancellationToken);

        var row = ranking.Items.Single(i => i.Id == duplicate.Id);
        Assert.Equal("possible duplicate of Dana Whitfield (same email)", row.Duplicate!.Describe());
        Assert.Null(ranking.Items.Single(i => i.Id == original.Id).Duplicate);
    }

    [Fact]
    public async Task Merge_FlaggedDuplicate_FoldsNewCvIntoOriginalKeepingItsIdAndOutreach()
    {
        var (original, duplicate) = await ImportPairAsync();
        await app.Service<OutreachService>().EnrolAsync(projectId, new EnrolRequest([original.Id]), "test", TestContext.Current.CancellationToken);

        var response = await client.PostAsync(new Uri($"/api/v1/projects/{projectId}/candidates/{duplicate.Id}/merge", UriKind.Relative), null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var merged = Assert.Single(await CandidatesAsync());
        Assert.Equal(original.Id, merged.Id);
        Assert.Equal("dana@example.com", merged.Email);
        Assert.Equal("+447911123456", merged.Phone);
        Assert.Equal("London, UK", merged.Location);
        Assert.Equal(duplicate.StoredFilePath, merged.StoredFilePath);
        Assert.Contains("Kubernetes", merged.RawText, StringComparison.Ordinal);
        var cv = CvDocument.FromJson(merged.CvJson)!;
        Assert.Equal(["dana@example.com", "dana.w@work.example"], cv.Emails!.Value);
        Assert.Equal(["+447911123456", "+447400123456"], cv.Phones!.Value);
        Assert.Superset(new HashSet<string> { "C#", "SQL Server", "Docker", "Kubernetes" }, cv.Skills!.Value.ToHashSet());
        Assert.Contains("danaw", cv.LinkedIn!.Value, StringComparison.Ordinal);
        Assert.Contains("danaw", cv.GitHub!.Value, StringComparison.Ordinal);
        var outreach = await app.Service<OutreachService>().ListAsync(projectId, ct: TestContext.Current.CancellationToken);
        Assert.Equal(original.Id, Assert.Single(outreach!).CandidateId);
    }

    [Fact]
    public async Task KeepSeparate_FlaggedDuplicate_ClearsTheFlagAndKeepsBoth()
    {
        var (_, duplicate) = await ImportPairAsync();

        var response = await client.PostAsync(new Uri($"/api/v1/projects/{projectId}/candidates/{duplicate.Id}/keep-separate", UriKind.Relative), null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var candidates = await CandidatesAsync();
        Assert.Equal(2, candidates.Count);
        Assert.All(candidates, c => Assert.Null(c.DuplicateOfId));
    }

    [Fact]
    public async Task Merge_CandidateNotFlagged_Returns409ProblemAndChangesNothing()
    {
        var (original, _) = await ImportPairAsync();

        var response = await client.PostAsync(new Uri($"/api/v1/projects/{projectId}/candidates/{original.Id}/merge", UriKind.Relative), null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("This candidate is not flagged as a duplicate.", problem.GetProperty("title").GetString());
        Assert.Equal(2, (await CandidatesAsync()).Count);
    }

    [Theory]
    [InlineData("merge")]
    [InlineData("keep-separate")]
    public async Task Resolve_UnknownCandidate_Returns404Problem(string action)
    {
        var response = await client.PostAsync(new Uri($"/api/v1/projects/{projectId}/candidates/{Guid.NewGuid()}/{action}", UriKind.Relative), null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<(Candidate Original, Candidate Duplicate)> ImportPairAsync()
    {
        await app.ImportCvsAsync(projectId, ("dana.txt", Encoding.UTF8.GetBytes(FirstCv)));
        await app.ImportCvsAsync(projectId, ("dana-2025.txt", Encoding.UTF8.GetBytes(SecondCv)));
        var candidates = await CandidatesAsync();
        var original = Assert.Single(candidates, c => c.DuplicateOfId is null);
        var duplicate = Assert.Single(candidates, c => c.DuplicateOfId == original.Id);
        return (original, duplicate);
    }

    private async Task<List<Candidate>> CandidatesAsync()
    {
        await using var db = await app.Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.Candidates.AsNoTracking().Where(c => c.ProjectId == projectId).ToListAsync(TestContext.Current.CancellationToken);
    }
}

public sealed class DuplicateMergeSqliteTests() : DuplicateMergeTests(DatabaseProvider.Sqlite);

public sealed class DuplicateMergePostgresTests() : DuplicateMergeTests(DatabaseProvider.Postgres);
