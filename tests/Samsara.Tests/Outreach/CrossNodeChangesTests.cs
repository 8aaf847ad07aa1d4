using System.Collections.Concurrent;
using System.Net.Http.Json;
using Samsara.Core;
using Samsara.Core.Common;
using Samsara.Testing;

namespace Samsara.Tests.Outreach;

/// <summary>Two Samsara nodes on one PostgreSQL: what happens on one shows up live on the other (LISTEN/NOTIFY).</summary>
public sealed class CrossNodeChangesPostgresTests : IAsyncLifetime
{
    private SamsaraAppFactory _a = null!;
    private SamsaraAppFactory _b = null!;

    public async ValueTask InitializeAsync()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        _a = new SamsaraAppFactory(database);
        _b = new SamsaraAppFactory(database);
        await _a.ListeningToOtherNodesAsync();
        await _b.ListeningToOtherNodesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task TransitionOnNodeA_SubscriberOnNodeB_SeesTheMoveWithoutReload()
    {
        var project = await _a.CreateProjectAsync();
        var candidate = await _a.AddCandidateAsync(project.Id, "Ana Lima", phone: "+447700900123");
        var client = _a.CreateClient();
        await client.PostAsJsonAsync($"/api/v1/projects/{project.Id}/outreach/enrol", new { all = true }, TestContext.Current.CancellationToken);
        var seenOnB = new ConcurrentQueue<ProjectChange>();
        var withdrawn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _b.Service<ChangeFeed>().Changed += change =>
        {
            seenOnB.Enqueue(change);
            if (change.ProjectId == project.Id && change.FromOtherNode)
            {
                withdrawn.TrySetResult();
            }
        };

        var response = await client.PostAsJsonAsync($"/api/v1/projects/{project.Id}/outreach/{candidate.Id}/transition",
            new { to = "Withdrawn", reason = "Took another offer" }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();

        await withdrawn.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Contains(seenOnB, c => c.ProjectId == project.Id && c.FromOtherNode);
    }

    [Fact]
    public async Task PublishOnNodeB_NodeBSubscriber_SeesItOnceAsItsOwn()
    {
        var seenOnB = new ConcurrentQueue<ProjectChange>();
        var seenOnA = new TaskCompletionSource<ProjectChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        _b.Service<ChangeFeed>().Changed += seenOnB.Enqueue;
        _a.Service<ChangeFeed>().Changed += c => seenOnA.TrySetResult(c);
        var projectId = Guid.NewGuid();

        _b.Service<ChangeFeed>().Publish(projectId, "outreach");
        var onA = await seenOnA.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        // Give a possible echo from PostgreSQL time to come back before counting.
        await Task.Delay(500, TestContext.Current.CancellationToken);

        Assert.Equal(new ProjectChange(projectId, "outreach", FromOtherNode: true), onA);
        Assert.Equal([new ProjectChange(projectId, "outreach")], seenOnB);
    }
}
