using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Samsara.Core;
using Samsara.Core.Ats;
using Samsara.Core.Outreach;
using Samsara.Testing;

namespace Samsara.Tests.Ats;

/// <summary>A fill through the bridge and the recruiter's save, recorded as a submission, once per database.</summary>
public abstract class AtsSubmissionTests(DatabaseProvider provider) : IAsyncLifetime
{
    private SamsaraAppFactory app = null!;
    private Uri baseAddress = null!;

    public async ValueTask InitializeAsync()
    {
        app = new SamsaraAppFactory(await TestDatabase.CreateAsync(provider));
        baseAddress = app.StartBrowserServer();
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Fill_ExtensionReportsAndRecruiterSaves_SubmissionRecordedAndCandidateAtsSubmitted()
    {
        var project = await app.CreateProjectAsync();
        var ana = await app.AddCandidateAsync(project.Id, "Ludwig van der Berg", email: "ludwig@example.com", phone: "+447700900123", location: "London");
        await app.MoveToAtsReadyAsync(project.Id, ana.Id);
        var (client, _) = await BridgeClient.ConnectAsync(baseAddress, await app.PairExtensionAsync());
        await using var _ = client;
        var bullhorn = (await app.Service<Samsara.Core.Ats.Mapping.AtsMappingService>().DefaultForAsync(Samsara.Core.Ats.Mapping.AtsVendor.Bullhorn)).Id;
        using var http = app.CreateClient();

        var filling = http.PostAsJsonAsync($"/api/v1/projects/{project.Id}/candidates/{ana.Id}/ats/fill", new { mappingId = bullhorn }, TestContext.Current.CancellationToken);
        var fill = (await client!.ReceiveAsync())!;
        var fields = fill["fields"]!.AsArray();
        Assert.Equal("fill", (string?)fill["type"]);
        Assert.Equal("van der Berg", (string?)fields.Single(f => (string?)f!["field"] == "lastName")!["value"]);
        Assert.Equal("+447700900123", (string?)fields.Single(f => (string?)f!["field"] == "mobile")!["value"]);
        await client.SendAsync(new
        {
            v = 1,
            type = "fill.result",
            requestId = (string?)fill["requestId"],
            submissionId = (string?)fill["submissionId"],
            pageUrl = "https://ats.example/candidate/new",
            results = new object[]
            {
                new { field = "firstName", status = "filled", readBack = "Ludwig" },
                new { field = "status", status = "rejected", reason = "no option \"New Lead\"" },
                new { field = "occupation", status = "notFound" },
            },
        });
        var response = await filling;
        var outcome = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        await client.SendAsync(new { v = 1, type = "submit.confirmed", submissionId = (string?)fill["submissionId"], recordUrl = "https://ats.example/candidate/4711" });
        var recorded = await client.ReceiveAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((bool)outcome!["delivered"]!);
        Assert.Equal("submit.recorded", (string?)recorded!["type"]);
        var submission = Assert.Single(await app.Service<AtsSubmissionService>().ListAsync(project.Id, ana.Id));
        Assert.Equal(AtsSubmissionStatus.Completed, submission.Status);
        Assert.Equal("https://ats.example/candidate/4711", submission.RecordUrl);
        Assert.Equal(FieldFillStatus.Rejected, submission.Results.Single(r => r.Field == "status").Status);
        Assert.Equal("Ludwig", submission.Values["firstName"]);
        Assert.Equal(CandidateState.AtsSubmitted, await app.CandidateStateAsync(project.Id, ana.Id));

        // A second submission asks first.
        var again = await http.PostAsJsonAsync($"/api/v1/projects/{project.Id}/candidates/{ana.Id}/ats/fill", new { mappingId = bullhorn }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("Already submitted to Bullhorn (https://ats.example/candidate/4711)", await again.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fill_WithNoExtensionConnected_SaysSoAndKeepsTheFailedAttempt()
    {
        var project = await app.CreateProjectAsync();
        var ana = await app.AddCandidateAsync(project.Id, "Ana Lima", email: "ana@example.com");
        await app.MoveToAtsReadyAsync(project.Id, ana.Id);
        using var http = app.CreateClient();

        var response = await http.PostAsJsonAsync($"/api/v1/projects/{project.Id}/candidates/{ana.Id}/ats/fill", new { }, TestContext.Current.CancellationToken);
        var outcome = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);

        Assert.False((bool)outcome!["delivered"]!);
        Assert.Contains("not connected", (string?)outcome["problem"], StringComparison.Ordinal);
        Assert.Equal(AtsSubmissionStatus.Failed, Assert.Single(await app.Service<AtsSubmissionService>().ListAsync(project.Id, ana.Id)).Status);
    }
}

public sealed class AtsSubmissionSqliteTests() : AtsSubmissionTests(DatabaseProvider.Sqlite);

public sealed class AtsSubmissionPostgresTests() : AtsSubmissionTests(DatabaseProvider.Postgres);
