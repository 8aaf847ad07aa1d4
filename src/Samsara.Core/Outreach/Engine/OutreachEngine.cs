using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Samsara.Core.Channels.Sms;
using Samsara.Core.Common;
using Samsara.Core.Data;
using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Engine;

/// <summary>What one pass of the engine did.</summary>
public sealed record EngineRunResult(int SendsProcessed, int TimersFired, int RepliesHandled);

/// <summary>
/// One node of the outreach engine. Every pass reads replies first (so a reply that landed before a timeout wins),
/// then works the due sends it can claim, then fires due timers. All state is in the database; the engine keeps none.
/// </summary>
public sealed class OutreachEngine(
    IDbContextFactory<SamsaraDbContext> dbFactory,
    IServiceProvider services,
    TemplateService templates,
    IOutreachEmailSender email,
    IOptions<RecruiterOptions> recruiter,
    IOptions<OutreachEngineOptions> options,
    ChangeFeed changes)
{
    public string NodeId => options.Value.NodeId;

    public async Task<EngineRunResult> RunOnceAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var o = options.Value;
        // A typed HttpClient is resolved per pass so the engine, a singleton, never pins one handler forever.
        var twilio = services.GetRequiredService<TwilioSmsClient>();

        var replied = await new InboundSmsPoller(dbFactory, twilio).PollAsync(now, ct);

        IReadOnlyList<Guid> claimed;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            claimed = await SendClaims.ClaimAsync(db, o.NodeId, now, o.Lease, o.BatchSize, ct);
        }

        var processor = new StepProcessor(dbFactory, twilio, email, templates, recruiter.Value.ToProfile(), o);
        var sent = new List<Guid>();
        foreach (var id in claimed)
        {
            if (await processor.ProcessAsync(id, now, ct) is { } projectId)
            {
                sent.Add(projectId);
            }
        }

        var fired = await new ReplyTimeoutTimers(dbFactory, o).FireDueAsync(now, ct);
        foreach (var projectId in replied.Concat(sent).Concat(fired).Distinct())
        {
            changes.Publish(projectId, "outreach");
        }

        return new EngineRunResult(claimed.Count, fired.Count, replied.Count);
    }
}
