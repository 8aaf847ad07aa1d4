using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Samsara.Core;
using Samsara.Core.Data;
using Samsara.Core.Privacy;
using Samsara.Testing;

namespace Samsara.Tests.Privacy;

/// <summary>
/// Issue 18, retention: a record with no activity for longer than its project's limit (else the agency's) is put on the
/// warning list first and erased only after the warning period; activity or "keep" takes it off; the job reports counts,
/// never names. The background job is off here so each pass is the test's own. Once per database.
/// </summary>
public abstract class RetentionTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider clock = new(Start);
    private SamsaraAppFactory app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        app = new SamsaraAppFactory(await TestDatabase.CreateAsync(provider), new Dictionary<string, string?>
        {
            ["Samsara:Privacy:RetentionDays"] = "365",
            ["Samsara:Privacy:WarningDays"] = "14",
            ["Samsara:Privacy:RunJob"] = "false",
        })
        { Clock = clock };
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Run_RecordIdlePastProjectLimit_WarnedFirstErasedAfterWarningOthersKept()
    {
        var shortLimit = (await app.CreateProjectAsync("Warehouse Operative")).Id;
        var agencyLimit = (await app.CreateProjectAsync("Finance Director")).Id;
        await SetRetentionDaysAsync(shortLimit, 30);
        var idle = await app.AddCandidateAsync(shortLimit, "Idle Ivanova", "idle@example.com", "+447700900111");
        var active = await app.AddCandidateAsync(shortLimit, "Active Adebayo", "active@example.com");
        var kept = await app.AddCandidateAsync(shortLimit, "Kept Kowalski", "kept@example.com");
        var underAgencyPolicy = await app.AddCandidateAsync(agencyLimit, "Agency Policy", "agency@example.com");
        var retention = app.Service<RetentionService>();

        clock.Advance(TimeSpan.FromDays(20));
        await retention.KeepAsync(active.Id, Ct); // the recruiter touched this one: activity
        var first = await retention.RunAsync(Ct);
        var due = await retention.ListDueAsync(Ct);

        Assert.Equal(2, first.Warned);
        Assert.Equal(0, first.Erased);
        Assert.Equal(new[] { idle.Id, kept.Id }.Order(), due.Select(d => d.CandidateId).Order());
        Assert.All(due, d => Assert.Equal(Start.AddDays(30), d.EraseFrom));

        // Past the limit but not yet warned for 14 days: nothing goes. "Keep" takes a record off the list.
        clock.Advance(TimeSpan.FromDays(11));
        await retention.KeepAsync(kept.Id, Ct);
        var second = await retention.RunAsync(Ct);
        Assert.Equal(0, second.Erased);

        clock.Advance(TimeSpan.FromDays(4));
        var third = await retention.RunAsync(Ct);

        Assert.Equal(1, third.Erased);
        Assert.Equal(1, third.ErasedByProject[shortLimit]);
        await using var db = await app.Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(Ct);
        var left = await db.Candidates.Select(c => c.Id).ToListAsync(Ct);
        Assert.DoesNotContain(idle.Id, left);
        Assert.Contains(active.Id, left);
        Assert.Contains(kept.Id, left);
        Assert.Contains(underAgencyPolicy.Id, left); // 35 days idle, but its project follows the agency's 365

        // The report an admin reads holds counts and project ids, never a name.
        var overview = await app.CreateClient().GetStringAsync(new Uri("/api/v1/privacy/retention", UriKind.Relative), Ct);
        var runs = JsonDocument.Parse(overview).RootElement.GetProperty("runs");
        Assert.Equal(3, runs.GetArrayLength());
        Assert.DoesNotContain("Idle", runs.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(365, JsonDocument.Parse(overview).RootElement.GetProperty("agencyRetentionDays").GetInt32());
    }

    [Fact]
    public async Task Keep_UnknownCandidate_Returns404()
    {
        var response = await app.CreateClient().PostAsJsonAsync($"/api/v1/privacy/retention/{Guid.NewGuid()}/keep", new { }, Ct);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task SetRetentionDaysAsync(Guid projectId, int days)
    {
        await using var db = await app.Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(Ct);
        await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(s => s.SetProperty(p => p.RetentionDays, days), Ct);
    }
}

public sealed class SqliteRetentionTests() : RetentionTests(DatabaseProvider.Sqlite);

public sealed class PostgresRetentionTests() : RetentionTests(DatabaseProvider.Postgres);
