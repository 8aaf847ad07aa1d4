using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samsara.Core;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Outreach.Engine.Pacing;
using Samsara.Core.Projects;

namespace Samsara.Tests.Outreach.Engine;

/// <summary>Per-sender token bucket, daily cap and overdue re-planning, with the default limits unless a test sets its own.</summary>
public abstract class SenderPacingTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly string[] UkPhones = [.. Enumerable.Range(0, 10).Select(i => $"+4477009001{i:D2}")];
    private EngineRig _rig = null!;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_rig is not null)
        {
            await _rig.DisposeAsync();
        }
    }

    private async Task StartAsync(Dictionary<string, string?>? settings = null) =>
        _rig = await EngineRig.StartAsync(provider, settings ?? []);

    private async Task<IReadOnlyList<LedgerRow>> LedgerAsync(Guid projectId) =>
        (await _rig.Service<OutreachLedger>().ListAsync(projectId))!;

    [Fact]
    public async Task RunOnce_ThreeSendsOnOneLongCode_OneSegmentPerSecondAndOneLedgerLineEach()
    {
        await StartAsync();
        var (project, _) = await _rig.EnrolAsync(phones: UkPhones[..3]);

        await _rig.RunAsync();
        await _rig.RunAsync();
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMilliseconds(500));
        Assert.Single(_rig.SmsPostedTo());

        await _rig.AdvanceAndRunAsync(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, _rig.SmsPostedTo().Count);
        await _rig.AdvanceAndRunAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(UkPhones[..3].Order(), _rig.SmsPostedTo().Order());

        var waits = (await LedgerAsync(project.Id)).Where(r => r.Detail.StartsWith("Rate-limited", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, waits.Count);
        Assert.Contains(waits, r => r.Kind == LedgerKind.Deferred && r.Detail.Contains("waits until 2026-11-24 10:00:01Z", StringComparison.Ordinal));
        Assert.Contains(waits, r => r.Detail.Contains("waits until 2026-11-24 10:00:02Z", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunOnce_RateConfiguredAsZero_RefusedWithTheSettingNamed()
    {
        await StartAsync(new() { ["Samsara:Outreach:Pacing:LongCode:SegmentsPerSecond"] = "0" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => _rig.RunAsync());

        Assert.Contains("SegmentsPerSecond", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnce_LongMessage_PacedBySegments()
    {
        await StartAsync();
        // 200 GSM characters travel as two segments, so the next message may follow two seconds later.
        var body = "Hi {{ candidate.first_name }}, " + new string('x', 190);
        await _rig.EnrolAsync(body, UkPhones[..2]);

        await _rig.RunAsync();
        await _rig.AdvanceAndRunAsync(TimeSpan.FromSeconds(1));
        Assert.Single(_rig.SmsPostedTo());

        await _rig.AdvanceAndRunAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _rig.SmsPostedTo().Count);
    }

    [Fact]
    public async Task RunOnce_TwoNodesRacingOnOneSender_NeverMoreThanOnePerSecondAndEachOnce()
    {
        await StartAsync();
        await _rig.EnrolAsync(phones: UkPhones);
        var a = _rig.Engine;
        var b = await _rig.NewNodeAsync("node-b");

        for (var second = 0; second < UkPhones.Length; second++)
        {
            var now = _rig.Time.GetUtcNow();
            await Task.WhenAll(
                Task.Run(() => a.RunOnceAsync(now, TestContext.Current.CancellationToken)),
                Task.Run(() => b.RunOnceAsync(now, TestContext.Current.CancellationToken)));
            Assert.Equal(second + 1, _rig.SmsPosts());
            _rig.Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(UkPhones.Order(), _rig.SmsPostedTo().Order());
    }

    [Fact]
    public async Task RunOnce_DailyCapReached_WaitsForNextDayEvenAfterRestart()
    {
        await StartAsync(new()
        {
            ["Samsara:Outreach:Pacing:LongCode:SegmentsPerSecond"] = "1000",
            ["Samsara:Outreach:Pacing:LongCode:Burst"] = "1000",
            ["Samsara:Outreach:Pacing:LongCode:DailyCap"] = "2",
        });
        var (project, _) = await _rig.EnrolAsync(phones: UkPhones[..3]);

        await _rig.RunAsync();
        Assert.Equal(2, _rig.SmsPosts());
        Assert.Contains(await LedgerAsync(project.Id), r => r.Detail.Contains("daily cap of 2", StringComparison.Ordinal)
            && r.Detail.Contains("waits until 2026-11-25 00:00:00Z", StringComparison.Ordinal));

        // A restarted (or second) node counts the same day from the database.
        var restarted = await _rig.NewNodeAsync("node-b");
        var (other, _) = await _rig.EnrolAsync(phones: UkPhones[3]);
        _rig.Time.Advance(TimeSpan.FromHours(1));
        await restarted.RunOnceAsync(_rig.Time.GetUtcNow(), TestContext.Current.CancellationToken);
        Assert.Equal(2, _rig.SmsPosts());
        Assert.Contains(await LedgerAsync(other.Id), r => r.Detail.Contains("daily cap of 2", StringComparison.Ordinal));

        // Midnight UTC is night in London: the held sends go at 08:00 on the next day.
        await _rig.AdvanceAndRunAsync(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero) - _rig.Time.GetUtcNow());
        Assert.Equal(UkPhones[..4].Order(), _rig.SmsPostedTo().Order());
    }

    [Fact]
    public async Task RunOnce_SendsOverdueAfterDowntime_RePlannedAndPacedNotBurst()
    {
        await StartAsync();
        var (project, _) = await _rig.EnrolAsync(phones: UkPhones[..3]);

        // The engine was down for three hours after enrolment.
        await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(3));
        Assert.Single(_rig.SmsPostedTo());
        var replanned = (await LedgerAsync(project.Id)).Where(r => r.Detail.StartsWith("Overdue by 3 h after downtime (project limit 2 h): re-planned", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, replanned.Count);

        await _rig.AdvanceAndRunAsync(TimeSpan.FromSeconds(1));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(3, _rig.SmsPostedTo().Count);
    }

    [Fact]
    public async Task RunOnce_ReplyTimeoutsOverdueAfterDowntime_SpreadInsteadOfFiredTogether()
    {
        await StartAsync(new(EngineRig.Unthrottled));
        var (project, candidates) = await _rig.EnrolAsync(phones: UkPhones[..5]);
        await _rig.RunAsync();

        // Timeouts were due at 10:30; the engine comes back at 13:00.
        await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(3));
        foreach (var c in candidates)
        {
            Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(c.Id));
        }

        var comeback = _rig.Time.GetUtcNow();
        await using (var db = await _rig.DbAsync())
        {
            Assert.All(await db.OutreachTimers.ToListAsync(), t => Assert.InRange(t.DueAt, comeback, comeback + TimeSpan.FromMinutes(15)));
        }

        Assert.Equal(5, (await LedgerAsync(project.Id)).Count(r => r.Detail.Contains("overdue by 2 h 30 min after downtime (project limit 2 h): re-planned", StringComparison.Ordinal)));

        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(15));
        foreach (var c in candidates)
        {
            Assert.Equal(CandidateState.AiCalling, await _rig.StateAsync(c.Id));
        }
    }

    [Fact]
    public async Task RunOnce_TimerLateWithinProjectLimit_FiresAtOnce()
    {
        await StartAsync(new(EngineRig.Unthrottled));
        var (project, candidates) = await _rig.EnrolAsync(phones: UkPhones[0]);
        var settings = new ProjectSettingsInput { OverdueReplanMinutes = 240 };
        await _rig.Service<ProjectService>().UpdateSettingsAsync(project.Id, settings);
        await _rig.RunAsync();

        await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(3));

        Assert.Equal(CandidateState.AiCalling, await _rig.StateAsync(candidates[0].Id));
    }
}

public sealed class SenderPacingSqliteTests() : SenderPacingTests(DatabaseProvider.Sqlite);

public sealed class SenderPacingPostgresTests() : SenderPacingTests(DatabaseProvider.Postgres);

public sealed class SenderKindsTests
{
    [Theory]
    [InlineData("+447700900123", SenderKind.LongCode)]
    [InlineData("+18005550100", SenderKind.TollFree)]
    [InlineData("+12025550143", SenderKind.LongCode)]
    [InlineData("72345", SenderKind.ShortCode)]
    [InlineData("recruiter@example.com", SenderKind.Email)]
    public void Of_Sender_KindThatSetsTheDefaultLimits(string sender, SenderKind expected) =>
        Assert.Equal(expected, SenderKinds.Of(sender));
}
