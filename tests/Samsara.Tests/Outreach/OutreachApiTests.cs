using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Engine;
using Samsara.Testing;

namespace Samsara.Tests.Outreach;

public sealed class OutreachApiTests(SharedSamsaraApp app) : IClassFixture<SharedSamsaraApp>, IAsyncLifetime
{
    private HttpClient client = null!;
    private Guid projectId;
    private Guid ana;
    private Guid bruno;

    public async ValueTask InitializeAsync()
    {
        client = app.CreateClient();
        projectId = (await app.CreateProjectAsync()).Id;
        ana = (await app.AddCandidateAsync(projectId, "Ana Lima", "ana@example.com")).Id;
        bruno = (await app.AddCandidateAsync(projectId, "Bruno Costa", phone: "+351912345678")).Id;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private string Url(string rest = "") => $"/api/v1/projects/{projectId}/outreach{rest}";

    /// <summary>The rows of one page of the outreach list.</summary>
    private async Task<JsonElement[]?> RowsAsync(string url) =>
        (await client.GetFromJsonAsync<JsonElement>(url)).GetProperty("items").EnumerateArray().ToArray();

    [Fact]
    public async Task Enrol_Twice_SecondIsANoOp()
    {
        var first = await (await client.PostAsJsonAsync(Url("/enrol"), new { candidateIds = new[] { ana, bruno } })).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await client.PostAsJsonAsync(Url("/enrol"), new { all = true })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(2, first.GetProperty("enrolled").GetInt32());
        Assert.Equal(0, second.GetProperty("enrolled").GetInt32());
        Assert.Equal(2, second.GetProperty("alreadyEnrolled").GetInt32());
        var rows = await RowsAsync(Url());
        Assert.Equal(2, rows!.Length);
        Assert.All(rows, r => Assert.Equal("Pending", r.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task Enrol_Candidate_QueuesExactlyOneFirstSendDueNow()
    {
        await client.PostAsJsonAsync(Url("/enrol"), new { candidateIds = new[] { bruno } });
        await client.PostAsJsonAsync(Url("/enrol"), new { candidateIds = new[] { bruno } });

        await using var db = await app.Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync();
        var send = await db.OutreachSends.SingleAsync(s => s.ProjectId == projectId);
        Assert.Equal(SendStatus.Pending, send.Status);
        Assert.Equal(OutreachSchedule.FirstStep, send.StepIndex);
        Assert.True(send.DueAt <= DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Ledger_RowsWritten_ListedOldestFirstWithCandidateName()
    {
        await client.PostAsJsonAsync(Url("/enrol"), new { candidateIds = new[] { bruno } });
        await using (var db = await app.Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync())
        {
            var sequenceId = await db.OutreachSequences.Where(s => s.ProjectId == projectId).Select(s => s.Id).SingleAsync();
            var at = DateTimeOffset.UtcNow;
            db.OutreachLedger.Add(new LedgerEntry { Id = Guid.NewGuid(), ProjectId = projectId, SequenceId = sequenceId, StepIndex = 0, Kind = LedgerKind.Sent, Detail = "SMS sent (SM1)", OccurredAt = at });
            db.OutreachLedger.Add(new LedgerEntry { Id = Guid.NewGuid(), ProjectId = projectId, SequenceId = sequenceId, StepIndex = 0, Kind = LedgerKind.Deferred, Detail = "Quiet hours", OccurredAt = at.AddMinutes(-1) });
            await db.SaveChangesAsync();
        }

        var rows = await client.GetFromJsonAsync<JsonElement[]>(Url("/ledger"));

        Assert.Equal(["Deferred", "Sent"], rows!.Select(r => r.GetProperty("kind").GetString()));
        Assert.All(rows!, r => Assert.Equal("Bruno Costa", r.GetProperty("candidateName").GetString()));
    }

    [Fact]
    public async Task Ledger_UnknownProject_NotFound()
    {
        var response = await client.GetAsync(new Uri($"/api/v1/projects/{Guid.NewGuid()}/outreach/ledger", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Enrol_UnknownCandidateId_ReportsItAsNotFound()
    {
        var stranger = Guid.NewGuid();
        var result = await (await client.PostAsJsonAsync(Url("/enrol"), new { candidateIds = new[] { ana, stranger } })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(1, result.GetProperty("enrolled").GetInt32());
        Assert.Equal(stranger, result.GetProperty("notFound")[0].GetGuid());
    }

    [Fact]
    public async Task Enrol_NobodyNamed_Returns400()
    {
        var response = await client.PostAsJsonAsync(Url("/enrol"), new { candidateIds = Array.Empty<Guid>() });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Transition_Legal_MovesAndRecordsTheEventOnTheTimeline()
    {
        await client.PostAsJsonAsync(Url("/enrol"), new { candidateIds = new[] { ana } });

        var response = await client.PostAsJsonAsync(Url($"/{ana}/transition"), new { to = "Withdrawn", reason = "Took another offer" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = await RowsAsync(Url("?state=Withdrawn"));
        Assert.Equal(ana, Assert.Single(rows!).GetProperty("candidateId").GetGuid());
        var timeline = await client.GetFromJsonAsync<JsonElement[]>(Url($"/{ana}/timeline"));
        Assert.Equal("Pending → Withdrawn", timeline![0].GetProperty("title").GetString());
        Assert.Equal("Took another offer", timeline[0].GetProperty("detail").GetString());
        Assert.Equal("recruiter", timeline[0].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Transition_Illegal_Returns409ExplainingWhatIsAllowedAndChangesNothing()
    {
        await client.PostAsJsonAsync(Url("/enrol"), new { candidateIds = new[] { ana } });

        var response = await client.PostAsJsonAsync(Url($"/{ana}/transition"), new { to = "AtsSubmitted", reason = "skip ahead" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("cannot move to AtsSubmitted", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("OutreachSent", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var row = Assert.Single((await RowsAsync(Url()))!);
        Assert.Equal("Pending", row.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Transition_WithoutReason_Returns400()
    {
        await client.PostAsJsonAsync(Url("/enrol"), new { candidateIds = new[] { ana } });
        var response = await client.PostAsJsonAsync(Url($"/{ana}/transition"), new { to = "Withdrawn", reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Transition_NotEnrolled_Returns404()
    {
        var response = await client.PostAsJsonAsync(Url($"/{bruno}/transition"), new { to = "Withdrawn", reason = "x" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PauseResumeStop_PerCandidateAndPerProject_AreReflectedInTheList()
    {
        await client.PostAsJsonAsync(Url("/enrol"), new { all = true });

        await client.PostAsync(new Uri(Url("/pause"), UriKind.Relative), null);
        var paused = await RowsAsync(Url());
        Assert.All(paused!, r => Assert.True(r.GetProperty("paused").GetBoolean()));

        await client.PostAsync(new Uri(Url($"/{ana}/resume"), UriKind.Relative), null);
        await client.PostAsync(new Uri(Url($"/{bruno}/stop"), UriKind.Relative), null);
        var rows = (await RowsAsync(Url()))!.ToDictionary(r => r.GetProperty("candidateId").GetGuid());
        Assert.False(rows[ana].GetProperty("paused").GetBoolean());
        Assert.True(rows[bruno].GetProperty("stopped").GetBoolean());

        var timeline = await client.GetFromJsonAsync<JsonElement[]>(Url($"/{ana}/timeline"));
        Assert.Equal(["Resumed", "Paused"], timeline!.Take(2).Select(e => e.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Bulk_StopMatchingAState_StopsOnlyThoseAndRestartingTheReturnedIdsUndoesIt()
    {
        await client.PostAsJsonAsync(Url("/enrol"), new { all = true });
        await client.PostAsJsonAsync(Url($"/{ana}/transition"), new { to = "Withdrawn", reason = "Took another offer" });

        var impact = await (await client.PostAsJsonAsync(Url("/bulk/impact"), new { control = "Stop", matching = new { state = "Pending" } })).Content.ReadFromJsonAsync<JsonElement>();
        var stop = await (await client.PostAsJsonAsync(Url("/bulk"), new { control = "Stop", matching = new { state = "Pending" } })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(1, impact.GetProperty("count").GetInt32());
        Assert.Equal("Bruno Costa", impact.GetProperty("names")[0].GetString());
        Assert.Equal(1, stop.GetProperty("changed").GetInt32());
        var rows = (await RowsAsync(Url()))!.ToDictionary(r => r.GetProperty("candidateId").GetGuid());
        Assert.True(rows[bruno].GetProperty("stopped").GetBoolean());
        Assert.False(rows[ana].GetProperty("stopped").GetBoolean());

        var undo = await (await client.PostAsJsonAsync(Url("/bulk"), new { control = "Restart", sequenceIds = stop.GetProperty("sequenceIds") })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, undo.GetProperty("changed").GetInt32());
        Assert.All((await RowsAsync(Url()))!, r => Assert.False(r.GetProperty("stopped").GetBoolean()));
    }

    [Fact]
    public async Task List_PageSizeOne_PagesWithTotal()
    {
        await client.PostAsJsonAsync(Url("/enrol"), new { all = true });

        var page = await client.GetFromJsonAsync<JsonElement>(Url("?page=2&pageSize=1&sort=Name&descending=false"));

        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal("Bruno Costa", Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("candidateName").GetString());
    }

    [Fact]
    public async Task ExportCsv_NameLikeAFormula_EveryRowQuotedAndTheFormulaDefused()
    {
        await app.AddCandidateAsync(projectId, "=HYPERLINK(\"http://evil\")", "eve@example.com");
        await client.PostAsJsonAsync(Url("/enrol"), new { all = true });

        var csv = await client.GetStringAsync(Url("/export.csv"));

        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("\"name\",\"email\"", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("\"'=HYPERLINK(\"\"http://evil\"\")\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outreach_UnknownProject_Returns404()
    {
        var response = await client.GetAsync(new Uri($"/api/v1/projects/{Guid.NewGuid()}/outreach", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
