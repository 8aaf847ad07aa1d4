using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Samsara.Core.Common;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Templates;
using Samsara.Core.Usage;

namespace Samsara.Core.Channels.Sms;

/// <summary>
/// Brings sent SMS to their final status. Durable by construction: the work list is the Message rows still in a
/// non-final state (read from the database every pass), so a restart or a second node just carries on. Each is
/// fetched from Twilio and moved forward (queued → sent → delivered, or failed/undelivered with Twilio's error code in
/// the status detail); the same update serves the optional StatusCallback webhook.
/// </summary>
public sealed partial class SmsDeliveryTracker(
    IDbContextFactory<SamsaraDbContext> dbFactory,
    IServiceProvider services,
    ChangeFeed changes,
    TimeProvider clock,
    IOptions<SmsDeliveryOptions> options,
    ILogger<SmsDeliveryTracker> logger)
{
    /// <summary>One pass over the messages in flight, and over delivered ones whose price Twilio has not reported yet.</summary>
    /// <returns>How many messages changed status.</returns>
    public async Task<int> PollOnceAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var since = now - o.TrackFor;
        List<(Guid Id, string Sid)> inFlight;
        List<string> unpriced;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var rows = await db.Messages.AsNoTracking()
                .Where(m => m.Channel == MessageChannel.Sms && m.Direction == MessageDirection.Outbound && m.ProviderMessageId != null
                    && (m.Status == MessageStatus.Queued || m.Status == MessageStatus.Sent))
                .Select(m => new { m.Id, m.ProviderMessageId, m.CreatedAt })
                .ToListAsync(ct);
            // Filtered and ordered in memory: SQLite cannot compare DateTimeOffset columns in SQL.
            inFlight = [.. rows.Where(r => r.CreatedAt >= since).OrderBy(r => r.CreatedAt).Take(o.BatchSize).Select(r => (r.Id, r.ProviderMessageId!))];
            unpriced = await UnpricedAsync(db, now - o.PriceWaitFor, [.. inFlight.Select(m => m.Sid)], o.BatchSize - inFlight.Count, ct);
        }

        if (inFlight.Count == 0 && unpriced.Count == 0)
        {
            return 0;
        }

        var twilio = services.GetService(typeof(TwilioSmsClient)) as TwilioSmsClient
            ?? throw new InvalidOperationException("AddChannels() must be called before delivery tracking can fetch from Twilio.");
        var usage = services.GetService(typeof(UsageLedger)) as UsageLedger;
        var changed = 0;
        foreach (var sid in inFlight.Select(m => m.Sid).Concat(unpriced))
        {
            var fetched = await twilio.FetchAsync(sid, ct);
            if (!fetched.Succeeded)
            {
                // Left for the next pass; a message Twilio no longer knows ages out after TrackFor.
                LogFetchFailed(sid, fetched.Failure!.Reason);
                continue;
            }

            var message = fetched.Value!;
            if (await ApplyAsync(sid, message.Status, message.ErrorCode, message.ErrorMessage, ct))
            {
                changed++;
            }

            // Twilio's own price replaces the estimate written at send time.
            if (usage is not null && message.Charged is { } charged)
            {
                await usage.ReportPriceAsync("twilio", UsageKind.Sms, sid, charged, message.PriceUnit ?? UsagePrices.DefaultCurrency, message.Segments, ct);
            }
        }

        return changed;
    }

    /// <summary>SIDs of SMS sent since <paramref name="since"/> whose usage row still carries an estimate, oldest first.</summary>
    private static async Task<List<string>> UnpricedAsync(SamsaraDbContext db, DateTimeOffset since, HashSet<string> skip, int room, CancellationToken ct)
    {
        if (room <= 0)
        {
            return [];
        }

        var sids = await db.UsageEvents.AsNoTracking()
            .Where(u => u.Provider == "twilio" && u.Kind == UsageKind.Sms && u.IsEstimate && u.ProviderRef != null && u.OccurredAt >= since)
            .OrderBy(u => u.OccurredAt).Select(u => u.ProviderRef!).Take(room + skip.Count).ToListAsync(ct);
        return [.. sids.Where(s => !skip.Contains(s)).Take(room)];
    }

    /// <summary>Records a Twilio status for the message with this SID, moving only forward.</summary>
    /// <returns>True when the Message row changed.</returns>
    public async Task<bool> ApplyAsync(string sid, string? twilioStatus, int? errorCode, string? errorMessage, CancellationToken ct = default)
    {
        var next = Map(twilioStatus);
        if (next is null)
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await db.Messages.SingleOrDefaultAsync(m => m.ProviderMessageId == sid && m.Direction == MessageDirection.Outbound, ct);
        if (message is null || Rank(next.Value) <= Rank(message.Status))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        message.Status = next.Value;
        switch (next.Value)
        {
            case MessageStatus.Delivered:
                message.DeliveredAt = now;
                message.StatusDetail = "Delivered";
                break;
            case MessageStatus.Failed:
                var code = errorCode is { } c ? $"Twilio error {c}" : "no error code";
                message.StatusDetail = $"{(twilioStatus == "undelivered" ? "Undelivered" : "Failed")} ({code}{(string.IsNullOrEmpty(errorMessage) ? "" : ": " + errorMessage)})";
                break;
            case MessageStatus.Sent:
                message.SentAt ??= now;
                message.StatusDetail = "Sent to the carrier";
                break;
            case MessageStatus.Queued:
            case MessageStatus.Received:
                break;
        }

        await db.SaveChangesAsync(ct);
        var projectId = await db.OutreachSequences.Where(s => s.Id == message.SequenceId).Select(s => (Guid?)s.ProjectId).SingleOrDefaultAsync(ct);
        changes.Publish(projectId, "outreach");
        LogStatus(message.Id, sid, next.Value, errorCode);
        return true;
    }

    /// <summary>Twilio's message statuses in our terms; null for ones we do not track (inbound, unknown).</summary>
    public static MessageStatus? Map(string? twilioStatus) => twilioStatus switch
    {
        "accepted" or "scheduled" or "queued" or "sending" => MessageStatus.Queued,
        "sent" => MessageStatus.Sent,
        "delivered" or "read" => MessageStatus.Delivered,
        "undelivered" or "failed" or "canceled" => MessageStatus.Failed,
        _ => null,
    };

    // The engine records "Sent" when Twilio accepts; a later "queued" must not move it back.
    private static int Rank(MessageStatus status) => status switch
    {
        MessageStatus.Queued => 0,
        MessageStatus.Sent => 1,
        MessageStatus.Delivered or MessageStatus.Failed or MessageStatus.Received => 2,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fetch the status of SMS {Sid}: {Reason}")]
    private partial void LogFetchFailed(string sid, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} ({Sid}) is now {Status} (Twilio error {ErrorCode})")]
    private partial void LogStatus(Guid messageId, string sid, MessageStatus status, int? errorCode);
}
