using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samsara.Core;
using Samsara.Core.Channels.Sms;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Templates;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Tests.Outreach.Engine;

/// <summary>
/// Regression for a duplicate the crash benchmark found with two nodes on PostgreSQL: a send that waited most of its
/// lease in a busy batch went out with the claim's lease nearly spent, the other node took the "expired" claim while
/// the request was still in flight, found nothing at Twilio yet and sent it again.
/// </summary>
public abstract class SendLeaseTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private EngineRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await EngineRig.StartAsync(provider);

    public async ValueTask DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Process_RequestLeavesLateInTheClaim_OtherNodeDoesNotTakeItOverAndResend()
    {
        var (_, candidates) = await _rig.EnrolAsync(phones: "+447700900123");
        var options = _rig.Service<IOptions<OutreachEngineOptions>>().Value;
        var claimedAt = _rig.Time.GetUtcNow();
        IReadOnlyList<Guid> claimed;
        await using (var db = await _rig.DbAsync())
        {
            claimed = await SendClaims.ClaimAsync(db, options.NodeId, claimedAt, options.Lease, options.BatchSize, Ct);
        }

        // The batch was busy: this send's turn comes just before its claim's lease runs out, and Twilio is slow to answer.
        _rig.Time.Advance(options.Lease - TimeSpan.FromSeconds(1));
        _rig.Sandbox.Faults.Add(new FaultRule("twilio", FaultKind.Slow, Method: "POST", Delay: TimeSpan.FromMinutes(1)));
        var processor = new StepProcessor(
            _rig.Service<IDbContextFactory<SamsaraDbContext>>(), _rig.Service<TwilioSmsClient>(), _rig.Service<IOutreachEmailSender>(),
            _rig.Service<TemplateService>(), _rig.Service<IOptions<RecruiterOptions>>().Value.ToProfile(), options,
            _rig.Service<IOptions<TwilioOptions>>().Value.Timeout, _rig.Time);
        var inFlight = processor.ProcessAsync(claimed.Single(), claimedAt, Ct);
        for (var i = 0; i < 200 && _rig.SmsPosts() == 0; i++)
        {
            await Task.Delay(25, Ct);
        }

        // Past the claim's original lease, while the request is still in flight: another node runs a pass.
        _rig.Time.Advance(TimeSpan.FromSeconds(2));
        var other = await _rig.NewNodeAsync("node-b");
        await other.RunOnceAsync(_rig.Time.GetUtcNow(), Ct);

        _rig.Time.Advance(TimeSpan.FromMinutes(1));
        await inFlight;

        Assert.Equal(1, _rig.SmsPosts());
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(candidates[0].Id));
    }
}

public sealed class SendLeaseSqliteTests() : SendLeaseTests(DatabaseProvider.Sqlite);

public sealed class SendLeasePostgresTests() : SendLeaseTests(DatabaseProvider.Postgres);
