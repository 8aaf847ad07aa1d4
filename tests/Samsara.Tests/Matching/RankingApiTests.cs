using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Samsara.Core;
using Samsara.Core.Candidates;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Consent;
using Samsara.Testing;

namespace Samsara.Tests.Matching;

/// <summary>
/// The ranking the CV table reads, on each database: each candidate's outreach state, an opted-out flag from the
/// consent ledger (whichever project the opt-out came from), and filters by state, enrolment and score.
/// </summary>
public abstract class RankingApiTests(DatabaseProvider provider) : IAsyncLifetime
{
    private SamsaraAppFactory app = null!;
    private HttpClient client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        app = new SamsaraAppFactory(await TestDatabase.CreateAsync(provider));
        client = app.CreateClient();
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task GetRanking_EnrolledAndOptedOutCandidates_ShowsStateFlagAndFilters()
    {
        var earlier = await app.CreateProjectAsync("Earlier");
        var annEarlier = await app.AddCandidateAsync(earlier.Id, "Ann Ortiz", "Ann.Ortiz@Example.com", "+447700900111");
        await app.Service<OutreachService>().EnrolAsync(earlier.Id, new EnrolRequest([annEarlier.Id]), "recruiter", Ct);
        await app.Service<ConsentService>().OptOutAsync(earlier.Id, annEarlier.Id, "recruiter", Ct);

        var project = await app.CreateProjectAsync("Head Chef");
        await app.Service<CandidateService>().SetJobDescriptionAsync(project.Id, new JobDescriptionInput { Text = "Head Chef\nRequired: menu planning, stock control" }, Ct);
        var ann = await app.AddCandidateAsync(project.Id, "Ann Ortiz", "ann.ortiz@example.com", "+44 7700 900111");
        var bo = await app.AddCandidateAsync(project.Id, "Bo Chen", "bo@example.com", "+447700900222");
        var cy = await app.AddCandidateAsync(project.Id, "Cy Park", "cy@example.com", "+447700900333");
        await app.Service<OutreachService>().EnrolAsync(project.Id, new EnrolRequest([bo.Id]), "recruiter", Ct);

        var all = await RankingAsync(project.Id, "");
        var notEnrolled = await RankingAsync(project.Id, "?enrolled=false");
        var pending = await RankingAsync(project.Id, "?state=Pending");
        var optedOut = await RankingAsync(project.Id, "?state=OptedOut");
        var bad = await client.GetAsync(new Uri($"/api/v1/projects/{project.Id}/ranking?state=Sleeping", UriKind.Relative), Ct);

        Assert.Equal(3, all.Count);
        Assert.True(all[ann.Id].GetProperty("optedOut").GetBoolean(), "Ann's number opted out in the earlier project");
        Assert.Equal(JsonValueKind.Null, all[ann.Id].GetProperty("state").ValueKind);
        Assert.False(all[bo.Id].GetProperty("optedOut").GetBoolean());
        Assert.Equal("Pending", all[bo.Id].GetProperty("state").GetString());
        Assert.Equal(new[] { ann.Id, cy.Id }.Order(), notEnrolled.Keys.Order());
        Assert.Equal([bo.Id], pending.Keys);
        Assert.Empty(optedOut);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("state", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private async Task<Dictionary<Guid, JsonElement>> RankingAsync(Guid projectId, string query)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/ranking{query}", SamsaraAppFactory.Json, Ct);
        return page.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetGuid());
    }
}

public sealed class RankingApiSqliteTests() : RankingApiTests(DatabaseProvider.Sqlite);

public sealed class RankingApiPostgresTests() : RankingApiTests(DatabaseProvider.Postgres);
