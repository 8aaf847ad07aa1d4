using Microsoft.EntityFrameworkCore;
using Samsara.Core;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;

namespace Samsara.Tests.Outreach.Engine;

/// <summary>
/// Issue 10: a saved template that cannot render within limits (a row from before the limits, or written around the
/// service) costs its own sends, with a ledger line; the other sends of the same engine batch, other projects', still go.
/// </summary>
public abstract class HostileTemplateEngineTests(DatabaseProvider provider) : IAsyncLifetime
{
    private EngineRig rig = null!;

    public async ValueTask InitializeAsync() => rig = await EngineRig.StartAsync(provider);

    public async ValueTask DisposeAsync() => await rig.DisposeAsync();

    [Fact]
    public async Task RunOnce_OneProjectsTemplateHitsALimit_ItsSendIsSkippedWithAReasonAndTheOtherProjectsSendGoes()
    {
        var (good, goodCandidates) = await rig.EnrolAsync(phones: "+447700900123");
        var (hostile, hostileCandidates) = await rig.EnrolAsync("Hi {{ candidate.first_name }}", "+447700900124");
        await using (var db = await rig.DbAsync())
        {
            await db.MessageTemplates.Where(t => t.ProjectId == hostile.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.Body, "{% for i in (1..2000000000) %}x{% endfor %}"), TestContext.Current.CancellationToken);
        }

        await rig.RunAsync();

        Assert.Equal(["+447700900123"], rig.SmsPostedTo());
        Assert.Equal(CandidateState.AwaitingReply, await rig.StateAsync(goodCandidates[0].Id));
        var ledger = await rig.Service<OutreachLedger>().ListAsync(hostile.Id);
        var skipped = Assert.Single(ledger!, r => r.Kind == LedgerKind.Skipped && r.CandidateId == hostileCandidates[0].Id);
        Assert.Contains("cannot be rendered within limits", skipped.Detail, StringComparison.Ordinal);
        Assert.Contains((await rig.Service<OutreachLedger>().ListAsync(good.Id))!, r => r.Kind == LedgerKind.Sent);
    }
}

public sealed class HostileTemplateEngineSqliteTests() : HostileTemplateEngineTests(DatabaseProvider.Sqlite);

public sealed class HostileTemplateEnginePostgresTests() : HostileTemplateEngineTests(DatabaseProvider.Postgres);
