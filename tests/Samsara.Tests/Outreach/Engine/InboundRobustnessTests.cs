using Microsoft.EntityFrameworkCore;
using Samsara.Core;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;

namespace Samsara.Tests.Outreach.Engine;

/// <summary>Replies stored once however many nodes poll, matched by normalised number, routed to the waiting project.</summary>
public abstract class InboundRobustnessTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string UkPhone = "+447700900123";
    private EngineRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await EngineRig.StartAsync(provider);

    public async ValueTask DisposeAsync() => await _rig.DisposeAsync();

    [Theory]
    [InlineData("+44 7700 900123")]
    [InlineData("447700900123")]
    [InlineData("00447700900123")]
    public async Task RunOnce_ReplyFromNumberWrittenDifferently_StillMatchesCandidate(string from)
    {
        var (_, candidates) = await _rig.EnrolAsync(phones: UkPhone);
        await _rig.RunAsync();

        _rig.Sandbox.Sms.AddInbound(from, EngineRig.OurNumber, "Yes please");
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(CandidateState.Replied, await _rig.StateAsync(candidates[0].Id));
    }

    [Fact]
    public async Task RunOnce_TwoNodesPollSameReplyAtOnce_StoredAndHandledOnce()
    {
        var (project, candidates) = await _rig.EnrolAsync(phones: UkPhone);
        await _rig.RunAsync();
        var b = await _rig.NewNodeAsync("node-b");
        _rig.Sandbox.Sms.AddInbound(UkPhone, EngineRig.OurNumber, "Interested!");
        _rig.Time.Advance(TimeSpan.FromMinutes(1));
        var now = _rig.Time.GetUtcNow();

        await Task.WhenAll(
            Task.Run(() => _rig.Engine.RunOnceAsync(now, TestContext.Current.CancellationToken)),
            Task.Run(() => b.RunOnceAsync(now, TestContext.Current.CancellationToken)));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(CandidateState.Replied, await _rig.StateAsync(candidates[0].Id));
        await using var db = await _rig.DbAsync();
        Assert.Equal(1, await db.Messages.CountAsync(m => m.Direction == MessageDirection.Inbound, TestContext.Current.CancellationToken));
        var ledger = await _rig.Service<OutreachLedger>().ListAsync(project.Id);
        Assert.Single(ledger!, r => r.Kind == LedgerKind.ReplyReceived);
    }

    [Fact]
    public async Task RunOnce_SamePhoneInTwoProjects_ReplyGoesToTheOneAwaitingReply()
    {
        // Project A texted first and has handed the candidate to the AI call; project B texts the same person later.
        var (projectA, inA) = await _rig.EnrolAsync(phones: UkPhone);
        await _rig.RunAsync();
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(30));
        Assert.Equal(CandidateState.AiCalling, await _rig.StateAsync(inA[0].Id));
        var (projectB, inB) = await _rig.EnrolAsync(phones: UkPhone);
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(inB[0].Id));

        _rig.Sandbox.Sms.AddInbound(UkPhone, EngineRig.OurNumber, "Happy to talk about B");
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(CandidateState.Replied, await _rig.StateAsync(inB[0].Id));
        Assert.Equal(CandidateState.AiCalling, await _rig.StateAsync(inA[0].Id));
        Assert.DoesNotContain((await _rig.Service<OutreachLedger>().ListAsync(projectA.Id))!, r => r.Kind == LedgerKind.ReplyReceived);
        Assert.Contains((await _rig.Service<OutreachLedger>().ListAsync(projectB.Id))!, r => r.Kind == LedgerKind.ReplyReceived);
    }

    [Fact]
    public async Task RunOnce_StopFromPhoneInTwoProjects_OptsOutOfBoth()
    {
        var (_, inA) = await _rig.EnrolAsync(phones: UkPhone);
        var (_, inB) = await _rig.EnrolAsync(phones: UkPhone);
        await _rig.RunAsync();

        _rig.Sandbox.Sms.AddInbound("+44 7700 900123", EngineRig.OurNumber, "stop");
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(CandidateState.OptedOut, await _rig.StateAsync(inA[0].Id));
        Assert.Equal(CandidateState.OptedOut, await _rig.StateAsync(inB[0].Id));
    }
}

public sealed class InboundRobustnessSqliteTests() : InboundRobustnessTests(DatabaseProvider.Sqlite);

public sealed class InboundRobustnessPostgresTests() : InboundRobustnessTests(DatabaseProvider.Postgres);
