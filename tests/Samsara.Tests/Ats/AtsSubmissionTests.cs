using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Samsara.Core;
using Samsara.Core.Ats;
using Samsara.Core.Outreach;
using Samsara.Testing;
using Samsara.Web.Ats;

namespace Samsara.Tests.Ats;

/// <summary>A fill through the bridge and the recruiter's save, recorded as a submission, once per database.</summary>
public abstract class AtsSubmissionTests(DatabaseProvider provider) : IAsyncLifetime
{
    private SamsaraAppFactory app = null!;
    private Uri baseAddress = null!;

    protected SamsaraAppFactory App => app;

    protected TestDatabase Database { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(provider);
        app = new SamsaraAppFactory(Database);
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

    [Fact]
    public async Task CandidatesSearch_FromTheExtension_EnrolledMatchesReadyFirstWithProjectAndState()
    {
        var java = await app.CreateProjectAsync("Java developers");
        var nurses = await app.CreateProjectAsync("Night nurses");
        var ready = await app.AddCandidateAsync(java.Id, "Zoë Marlow");
        await app.MoveToAtsReadyAsync(java.Id, ready.Id);
        var contacted = await app.AddCandidateAsync(nurses.Id, "Anna Marlowe");
        await app.Service<OutreachService>().EnrolAsync(nurses.Id, new EnrolRequest([contacted.Id]), "test", TestContext.Current.CancellationToken);
        await app.AddCandidateAsync(java.Id, "Mark Marlow (not enrolled)");
        await app.AddCandidateAsync(java.Id, "Percy 100%");
        var (client, _) = await BridgeClient.ConnectAsync(baseAddress, await app.PairExtensionAsync());
        await using var _ = client;

        var byName = await SearchAsync(client!, "MARLOW");
        var byProject = await SearchAsync(client!, "nurses");
        var wildcard = await SearchAsync(client!, "%");
        var everyone = await SearchAsync(client!, "");

        Assert.Equal(["Zoë Marlow", "Anna Marlowe"], byName.Select(h => (string?)h!["name"]));
        Assert.Equal(["Java developers", "Night nurses"], byName.Select(h => (string?)h!["project"]));
        Assert.Equal(["atsReady", "pending"], byName.Select(h => (string?)h!["state"]));
        Assert.Equal(ready.Id.ToString(), (string?)byName[0]!["id"]);
        Assert.Equal(java.Id.ToString(), (string?)byName[0]!["projectId"]);
        Assert.Equal(["Anna Marlowe"], byProject.Select(h => (string?)h!["name"]));
        Assert.Empty(wildcard);
        Assert.Equal(2, everyone.Count);
    }

    private static async Task<JsonArray> SearchAsync(BridgeClient client, string query)
    {
        var id = Guid.NewGuid().ToString("N");
        await client.SendAsync(new { v = 1, type = "candidates.search", requestId = id, query });
        var found = (await client.ReceiveAsync())!;
        Assert.Equal("candidates.found", (string?)found["type"]);
        Assert.Equal(id, (string?)found["requestId"]);
        return found["candidates"]!.AsArray();
    }

    [Fact]
    public async Task FillRequest_FromThePopup_SiteMappingSelectorsSentToThatSocketAndSecondSubmissionRefused()
    {
        var project = await app.CreateProjectAsync();
        var ana = await app.AddCandidateAsync(project.Id, "Ana Lima", email: "ana@example.com");
        await app.MoveToAtsReadyAsync(project.Id, ana.Id);
        var token = await app.PairExtensionAsync();
        var (client, _) = await BridgeClient.ConnectAsync(baseAddress, token);
        await using var _ = client;
        await client!.SendAsync(new
        {
            v = 1,
            type = "mapping.save",
            siteHost = "ats.example:8443",
            fields = new[] { new { field = "email", value = "", selector = "input[name=\"f7\"]", label = "E-mail address" } },
        });
        Assert.Equal("mapping.saved", (string?)(await client.ReceiveAsync())!["type"]);
        // Connected later, so the older socket is not the "most recent extension": the fill must still come back here.
        var (other, _) = await BridgeClient.ConnectAsync(baseAddress, token);
        await using var __ = other;
        await app.ExtensionConnectedAsync();

        await client.SendAsync(new { v = 1, type = "fill.request", requestId = "r1", projectId = project.Id, candidateId = ana.Id, vendor = "Generic", siteHost = "ATS.example:8443" });
        var fill = (await client.ReceiveAsync())!;
        var email = fill["fields"]!.AsArray().Single(f => (string?)f!["field"] == "email")!;
        Assert.Equal("fill", (string?)fill["type"]);
        Assert.Equal("Ana Lima", (string?)fill["candidate"]!["name"]);
        Assert.Equal("ana@example.com", (string?)email["value"]);
        Assert.Equal("input[name=\"f7\"]", (string?)email["selector"]);
        Assert.Equal("E-mail address", (string?)email["label"]);
        await client.SendAsync(new { v = 1, type = "fill.result", requestId = (string?)fill["requestId"], submissionId = (string?)fill["submissionId"], results = new[] { new { field = "email", status = "filled" } } });
        await client.SendAsync(new { v = 1, type = "submit.confirmed", submissionId = (string?)fill["submissionId"], recordUrl = "https://ats.example:8443/candidates/77" });
        Assert.Equal("submit.recorded", (string?)(await client.ReceiveAsync())!["type"]);

        await client.SendAsync(new { v = 1, type = "fill.request", requestId = "r2", projectId = project.Id, candidateId = ana.Id, vendor = "Generic", siteHost = "ats.example:8443" });
        var refused = (await client.ReceiveAsync())!;

        Assert.Equal("fill.refused", (string?)refused["type"]);
        Assert.Equal("r2", (string?)refused["requestId"]);
        Assert.Equal("AlreadySubmitted", (string?)refused["reason"]);
        Assert.Contains("Already submitted", (string?)refused["message"], StringComparison.Ordinal);
        Assert.Single(await app.Service<AtsSubmissionService>().ListAsync(project.Id, ana.Id));

        await client.SendAsync(new { v = 1, type = "fill.request", requestId = "r3", projectId = project.Id, candidateId = ana.Id, vendor = "Generic", siteHost = "ats.example:8443", confirm = true });
        Assert.Equal("fill", (string?)(await client.ReceiveAsync())!["type"]);
    }
}

public sealed class AtsSubmissionSqliteTests() : AtsSubmissionTests(DatabaseProvider.Sqlite);

/// <summary>Team mode: the extension holds a socket to one node, the recruiter presses Fill on another.</summary>
public sealed class AtsSubmissionPostgresTests() : AtsSubmissionTests(DatabaseProvider.Postgres)
{
    private async Task<(SamsaraAppFactory Node, BridgeClient Extension)> NodeWithExtensionAsync(string token)
    {
        var node = new SamsaraAppFactory(Database);
        var address = node.StartBrowserServer();
        await node.Service<BridgeRelay>().Listening.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var (client, status) = await BridgeClient.ConnectAsync(address, token);
        Assert.Equal(101, status);
        await node.ExtensionConnectedAsync();
        return (node, client!);
    }

    private static async Task AnswerFillAsync(BridgeClient extension, JsonNode fill) =>
        await extension.SendAsync(new
        {
            v = 1,
            type = "fill.result",
            requestId = (string?)fill["requestId"],
            submissionId = (string?)fill["submissionId"],
            pageUrl = "https://ats.example/candidate/new",
            results = fill["fields"]!.AsArray().Select(f => new { field = (string?)f!["field"], status = "filled", readBack = (string?)f["value"] }).ToArray(),
        });

    [Fact]
    public async Task Fill_PressedOnANodeWithoutTheExtension_ReachesTheExtensionOnTheOtherNodeAndTheSaveIsRecorded()
    {
        var project = await App.CreateProjectAsync();
        var ana = await App.AddCandidateAsync(project.Id, "Ludwig van der Berg", email: "ludwig@example.com");
        await App.MoveToAtsReadyAsync(project.Id, ana.Id);
        await App.Service<BridgeRelay>().Listening.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var (nodeB, extension) = await NodeWithExtensionAsync(await App.PairExtensionAsync());
        await using var _ = nodeB;
        await using var __ = extension;
        using var http = App.CreateClient();

        var filling = http.PostAsJsonAsync($"/api/v1/projects/{project.Id}/candidates/{ana.Id}/ats/fill", new { }, TestContext.Current.CancellationToken);
        var fill = (await extension.ReceiveAsync())!;
        Assert.Equal("fill", (string?)fill["type"]);
        Assert.Equal("Ludwig van der Berg", (string?)fill["candidate"]!["name"]);
        Assert.Equal("van der Berg", (string?)fill["fields"]!.AsArray().Single(f => (string?)f!["field"] == "last_name")!["value"]);
        await AnswerFillAsync(extension, fill);
        var response = await filling;
        var outcome = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        await extension.SendAsync(new { v = 1, type = "submit.confirmed", submissionId = (string?)fill["submissionId"], recordUrl = "https://ats.example/candidate/9" });
        Assert.Equal("submit.recorded", (string?)(await extension.ReceiveAsync())!["type"]);

        Assert.False(App.Service<BridgeHub>().IsConnected);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((bool)outcome!["delivered"]!);
        Assert.Equal("https://ats.example/candidate/new", (string?)outcome["pageUrl"]);
        Assert.Contains(outcome["submission"]!["results"]!.AsArray(), r => (string?)r!["field"] == "last_name" && (string?)r["status"] == "Filled");
        var submission = Assert.Single(await App.Service<AtsSubmissionService>().ListAsync(project.Id, ana.Id));
        Assert.Equal(AtsSubmissionStatus.Completed, submission.Status);
        Assert.Equal(CandidateState.AtsSubmitted, await App.CandidateStateAsync(project.Id, ana.Id));
    }

    [Fact]
    public async Task Fill_TwoOtherNodesEachHoldAnExtension_ExactlyOneExtensionIsAsked()
    {
        var project = await App.CreateProjectAsync();
        var ana = await App.AddCandidateAsync(project.Id, "Ana Lima", email: "ana@example.com");
        await App.MoveToAtsReadyAsync(project.Id, ana.Id);
        await App.Service<BridgeRelay>().Listening.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var (nodeB, extensionB) = await NodeWithExtensionAsync(await App.PairExtensionAsync("B"));
        await using var _ = nodeB;
        await using var __ = extensionB;
        var (nodeC, extensionC) = await NodeWithExtensionAsync(await App.PairExtensionAsync("C"));
        await using var ___ = nodeC;
        await using var ____ = extensionC;
        using var http = App.CreateClient();

        var filling = http.PostAsJsonAsync($"/api/v1/projects/{project.Id}/candidates/{ana.Id}/ats/fill", new { }, TestContext.Current.CancellationToken);
        var b = extensionB.ReceiveAsync();
        var c = extensionC.ReceiveAsync();
        var first = await Task.WhenAny(b, c);
        await AnswerFillAsync(first == b ? extensionB : extensionC, (await first)!);
        var outcome = await (await filling).Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        var other = first == b ? c : b;
        var silence = Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);

        Assert.True((bool)outcome!["delivered"]!);
        Assert.Same(silence, await Task.WhenAny(other, silence));
        var submission = Assert.Single(await App.Service<AtsSubmissionService>().ListAsync(project.Id, ana.Id));
        Assert.Equal(AtsSubmissionStatus.InProgress, submission.Status);
        Assert.Equal("ana@example.com", submission.Results.Single(r => r.Field == "email").ReadBack);
    }
}
