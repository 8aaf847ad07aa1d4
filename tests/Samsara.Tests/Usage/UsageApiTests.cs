using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Usage;
using Samsara.Testing;

namespace Samsara.Tests.Usage;

/// <summary><c>GET /api/v1/usage</c> and its CSV over HTTP, on ledger rows written as the senders write them.</summary>
public sealed class UsageApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);
    private SamsaraAppFactory _app = null!;
    private HttpClient _client = null!;

    public ValueTask InitializeAsync()
    {
        _app = SamsaraAppFactory.StartWithSandbox(clock: _clock);
        _client = _app.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task GetUsage_TwoProjectsTwoMonths_TotalsPerMonthProjectChannelAndPerCandidate()
    {
        var acme = await _app.CreateProjectAsync("Backend Engineer", "Acme Ltd");
        var globex = await _app.CreateProjectAsync("=HYPERLINK(\"x\") Warehouse", "Globex");
        var screened = await _app.AddCandidateAsync(acme.Id, "Grace Hopper", phone: "+447700900123");
        var other = await _app.AddCandidateAsync(acme.Id, "Alan Turing", phone: "+447700900124");
        foreach (var c in new[] { screened, other })
        {
            await _app.ReachAiCallingAsync(acme.Id, c.Id);
        }

        await _app.Service<OutreachService>().TransitionAsync(acme.Id, screened.Id, CandidateState.Screened, "AI call judged", "engine");
        await _app.Service<OutreachService>().TransitionAsync(acme.Id, other.Id, CandidateState.Screened, "AI call judged", "engine");
        await SeedAsync(
            Row(acme.Id, UsageKind.Sms, 2, 0.0158m, Now.AddDays(-1), estimate: false),
            Row(acme.Id, UsageKind.Email, 1, 0.002m, Now.AddDays(-2)),
            Row(acme.Id, UsageKind.CallMinutes, 1.5m, 0.075m, Now.AddDays(-3), estimate: false),
            Row(globex.Id, UsageKind.TranscriptionMinutes, 2, 0.0086m, Now.AddDays(-40)),
            Row(globex.Id, UsageKind.Sms, 1, null, Now.AddDays(-41)),
            Row(acme.Id, UsageKind.Sms, 1, 5m, Now.AddYears(-2)));

        var all = await _client.GetFromJsonAsync<JsonElement>("/api/v1/usage", TestContext.Current.CancellationToken);

        Assert.Equal(0.1014m, all.GetProperty("totalCost").GetDecimal());
        Assert.Equal(0.0106m, all.GetProperty("estimatedCost").GetDecimal());
        Assert.Equal((5, 1, "USD"), (all.GetProperty("events").GetInt32(), all.GetProperty("unpricedEvents").GetInt32(), all.GetProperty("currency").GetString()));
        var months = all.GetProperty("months").EnumerateArray().ToDictionary(m => m.GetProperty("period").GetString()!, m => m.GetProperty("cost").GetDecimal());
        Assert.Equal(new Dictionary<string, decimal> { ["2026-10"] = 0.0086m, ["2026-11"] = 0.0928m }, months);
        var projects = all.GetProperty("projects").EnumerateArray().Select(p => (p.GetProperty("name").GetString(), p.GetProperty("cost").GetDecimal())).ToList();
        Assert.Equal([("Backend Engineer", 0.0928m), ("=HYPERLINK(\"x\") Warehouse", 0.0086m)], projects);
        var sms = all.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "Sms");
        Assert.Equal((3m, 0.0158m, 2), (sms.GetProperty("quantity").GetDecimal(), sms.GetProperty("cost").GetDecimal(), sms.GetProperty("events").GetInt32()));
        // Twelve months, so the chart is by month; two candidates were screened, none sent to a client yet.
        Assert.Equal(("month", 12), (all.GetProperty("bucketSize").GetString(), all.GetProperty("buckets").GetArrayLength()));
        Assert.Equal((2, 0.0507m), (all.GetProperty("screenedCandidates").GetInt32(), all.GetProperty("costPerScreenedCandidate").GetDecimal()));
        Assert.Equal(JsonValueKind.Null, all.GetProperty("costPerCandidateSentToClient").ValueKind);

        var november = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/usage?from=2026-11-01&to=2026-11-30&project={acme.Id}", TestContext.Current.CancellationToken);
        Assert.Equal((0.0928m, "day", 30), (november.GetProperty("totalCost").GetDecimal(), november.GetProperty("bucketSize").GetString(), november.GetProperty("buckets").GetArrayLength()));
        var day = november.GetProperty("buckets").EnumerateArray().Single(b => b.GetProperty("period").GetString() == "2026-11-21");
        Assert.Equal(0.075m, day.GetProperty("byChannel").GetProperty("CallMinutes").GetDecimal());

        var csv = await _client.GetStringAsync("/api/v1/usage/export.csv?from=2026-10-01&to=2026-11-30", TestContext.Current.CancellationToken);
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("\"occurred_at_utc\",\"project\"", lines[0], StringComparison.Ordinal);
        // A project name a spreadsheet would run as a formula is defused.
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\") Warehouse\"", csv, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("\"Sms\"", StringComparison.Ordinal) && l.EndsWith("\"unpriced\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("from=yesterday", "from", "'yesterday' is not a date")]
    [InlineData("from=2026-11-30&to=2026-11-01", "to", "must be after 'from'")]
    [InlineData("from=1026-11-01", "from", "check the year")]
    public async Task GetUsage_BadPeriod_400NamingTheField(string query, string field, string message)
    {
        foreach (var path in new[] { "/api/v1/usage", "/api/v1/usage/export.csv" })
        {
            var response = await _client.GetAsync($"{path}?{query}", TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            Assert.Contains(message, problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        }
    }

    private static UsageEvent Row(Guid project, UsageKind kind, decimal quantity, decimal? cost, DateTimeOffset at, bool estimate = true) => new()
    {
        Id = Guid.CreateVersion7(at),
        ProjectId = project,
        Kind = kind,
        Provider = kind is UsageKind.Sms ? "twilio" : kind is UsageKind.Email ? "smtp" : kind is UsageKind.CallMinutes ? "vapi" : "deepgram",
        ProviderRef = Guid.NewGuid().ToString("N"),
        Quantity = quantity,
        Unit = kind is UsageKind.Sms ? "segment" : kind is UsageKind.Email ? "email" : "minute",
        Cost = cost,
        Currency = cost is null ? null : "USD",
        IsEstimate = estimate,
        OccurredAt = at,
    };

    private async Task SeedAsync(params UsageEvent[] rows)
    {
        await using var db = await _app.Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        db.UsageEvents.AddRange(rows);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}
