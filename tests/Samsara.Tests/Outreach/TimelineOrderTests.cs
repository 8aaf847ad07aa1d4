using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Samsara.Core.Common;
using Samsara.Testing;

namespace Samsara.Tests.Outreach;

/// <summary>Entries stamped at the same instant (a frozen clock) come back in the order they were written, every time.</summary>
public sealed class TimelineOrderTests : IAsyncLifetime
{
    private readonly SamsaraAppFactory app = new() { Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero)) };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Timeline_MovesAtTheSameInstant_NewestWrittenFirstInApiAndOnEveryRead()
    {
        var client = app.CreateClient();
        var project = await app.CreateProjectAsync();
        var ana = await app.AddCandidateAsync(project.Id, "Ana Lima", "ana@example.com");
        var url = $"/api/v1/projects/{project.Id}/outreach";
        (await client.PostAsJsonAsync($"{url}/enrol", new { candidateIds = new[] { ana.Id } }, Ct)).EnsureSuccessStatusCode();
        // Alphabetical order of the titles is not the order they happened in (it was the old tie-break).
        foreach (var to in new[] { "OutreachSent", "AwaitingReply", "Replied", "Withdrawn" })
        {
            (await client.PostAsJsonAsync($"{url}/{ana.Id}/transition", new { to, reason = "by hand" }, Ct)).EnsureSuccessStatusCode();
        }

        string[] expected = ["Replied → Withdrawn", "AwaitingReply → Replied", "OutreachSent → AwaitingReply", "Pending → OutreachSent"];
        for (var read = 0; read < 3; read++)
        {
            var timeline = await client.GetFromJsonAsync<JsonElement[]>($"{url}/{ana.Id}/timeline", Ct);
            var moves = timeline!.Where(e => e.GetProperty("actor").GetString() == "recruiter" && e.GetProperty("fromState").ValueKind != JsonValueKind.Null)
                .Select(e => e.GetProperty("title").GetString()).ToArray();
            Assert.Equal(expected, moves);
            Assert.Equal("→ Pending", timeline![^1].GetProperty("title").GetString());
        }
    }

    [Fact]
    public void Next_SameMillisecondManyTimes_EachIdAfterTheLastInGuidAndDatabaseOrder()
    {
        var at = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 5000).Select(_ => SequentialIds.Next(at)).ToList();

        Assert.Equal(ids, ids.Order().ToList());
        // SQLite stores a Guid as upper-case text and compares it as text; PostgreSQL compares uuid bytes in the same order.
        Assert.Equal(ids.Select(i => i.ToString().ToUpperInvariant()), ids.Select(i => i.ToString().ToUpperInvariant()).Order(StringComparer.Ordinal));
        Assert.Equal(5000, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(7, id.Version));
        Assert.True(SequentialIds.Next(at.AddMilliseconds(1)) > ids[^1]);
    }
}
