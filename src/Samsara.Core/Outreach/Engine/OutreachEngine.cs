using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Samsara.Core.Channels.Accounts;
using Samsara.Core.Channels.Sms;
using Samsara.Core.Common;
using Samsara.Core.Data;
using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Engine;

/// <summary>What one pass of the engine did.</summary>
/// <param name="MoreDue">True when a batch came back full, so more due work is probably waiting right now.</param>
public sealed record EngineRunResult(int SendsProcessed, int TimersFired, int RepliesHandled, bool MoreDue = false);

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
    IOptionsMonitor<TwilioOptions> twilioOptions,
    ProviderSettings<TwilioOptions> twilioSettings,
    ChangeFeed changes,
    TimeProvider clock)
{
    public string NodeId => options.Value.NodeId;

    public async Task<EngineRunResult> RunOnceAsync(DateTimeOffset now, CancellationToken ct = default) =>
        await SmsConfiguredAsync(ct) ? await RunPassAsync(now, pollInbound: true, ct) : await RunWithoutSmsAsync(now, ct);

    /// <summary>A Twilio account and sender, configured or stored (Settings → Providers); without one no text can go.</summary>
    internal async Task<bool> SmsConfiguredAsync(CancellationToken ct)
    {
        var t = await twilioSettings.CurrentAsync(ct);
        return !string.IsNullOrEmpty(t.AccountSid) && (!string.IsNullOrEmpty(t.FromNumber) || !string.IsNullOrEmpty(t.MessagingServiceSid));
    }

    /// <summary>
    /// The pass of an install without Twilio: texts, their replies and the sequences' sends wait in the outbox, but the
    /// parts that can work by email alone (scheduling messages and the answers to them) still run.
    /// </summary>
    internal async Task<EngineRunResult> RunWithoutSmsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var touched = new List<Guid>();
        foreach (var part in services.GetServices<IOutreachPassPart>())
        {
            touched.AddRange(await part.RunWithoutSmsAsync(now, ct));
        }

        foreach (var projectId in touched.Distinct())
        {
            changes.Publish(projectId, "outreach");
        }

        return new EngineRunResult(0, 0, 0);
    }

    /// <summary>
    /// One pass; the background loop skips the inbound poll between <see cref="OutreachEngineOptions.PollInterval"/>s so a
    /// busy engine does not hit Twilio's list endpoint on every batch.
    /// </summary>
    internal async Task<EngineRunResult> RunPassAsync(DateTimeOffset now, bool pollInbound, CancellationToken ct)
    {
        var o = options.Value;
        // A typed HttpClient is resolved per pass so the engine, a singleton, never pins one handler forever.
        var twilio = services.GetRequiredService<TwilioSmsClient>();

        var replied = pollInbound ? await new InboundSmsPoller(dbFactory, twilio).PollAsync(now, ct) : [];

        IReadOnlyList<Guid> claimed;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            claimed = await SendClaims.ClaimAsync(db, o.NodeId, now, o.Lease, o.BatchSize, ct);
        }

        // A claimed batch is decided and committed together, its requests go out concurrently; every write re-checks
        // the claim, so a batch never weakens a single send's guarantees.
        var processor = new StepProcessor(dbFactory, twilio, email, templates, recruiter.Value.ToProfile(), o, twilioOptions.CurrentValue.Timeout, clock);
        IReadOnlyCollection<Guid> sent = [];
        if (claimed.Count > 0)
        {
            // The active Twilio account is read (and decrypted) once for the batch, not once per message; a rotation
            // applies from the next pass.
            using var pin = ProviderAccountPin.Use(twilioSettings.ProviderType, await twilioSettings.ActiveAccountAsync(ct));
            sent = await processor.ProcessBatchAsync(claimed, now, ct);
        }

        var timers = await new ReplyTimeoutTimers(dbFactory, o, clock).FireDueAsync(now, ct);
        var parts = new List<Guid>();
        foreach (var part in services.GetServices<IOutreachPassPart>())
        {
            parts.AddRange(await part.RunAsync(now, ct));
        }

        foreach (var projectId in replied.Concat(sent).Concat(timers.Touched).Concat(parts).Distinct())
        {
            changes.Publish(projectId, "outreach");
        }

        return new EngineRunResult(claimed.Count, timers.Touched.Count, replied.Count, claimed.Count >= o.BatchSize || timers.Due >= o.BatchSize);
    }

    /// <summary>The earliest moment a pending send or open timer comes due, so an idle loop can sleep until then.</summary>
    internal async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var send = await db.OutreachSends
            .Where(s => s.Status == SendStatus.Pending || s.Status == SendStatus.UnknownOutcome)
            .OrderBy(s => s.DueAt).Select(s => (DateTimeOffset?)s.DueAt).FirstOrDefaultAsync(ct);
        var timer = await db.OutreachTimers
            .Where(t => t.FiredAt == null && t.CancelledAt == null)
            .OrderBy(t => t.DueAt).Select(t => (DateTimeOffset?)t.DueAt).FirstOrDefaultAsync(ct);
        DateTimeOffset? first = send is null ? timer : timer is null ? send : send < timer ? send : timer;
        foreach (var part in services.GetServices<IOutreachPassPart>())
        {
            if (await part.NextDueAsync(ct) is { } due && (first is null || due < first))
            {
                first = due;
            }
        }

        return first;
    }
}
