using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Samsara.Core.Channels.Accounts;
using Samsara.Core.Channels.Sms;

namespace Samsara.Core.Outreach.Engine;

/// <summary>Runs <see cref="OutreachEngine.RunOnceAsync"/> on a timer; stays idle when no Twilio sender is configured.</summary>
internal sealed partial class OutreachEngineWorker(
    OutreachEngine engine,
    IOptions<OutreachEngineOptions> options,
    ProviderSettings<TwilioOptions> twilio,
    TimeProvider clock,
    ILogger<OutreachEngineWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunInBackground)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            // A stored (Settings → Providers) account counts as configured, not only Samsara:Providers:Twilio.
            var t = await twilio.CurrentAsync(stoppingToken);
            if (string.IsNullOrEmpty(t.AccountSid) || (string.IsNullOrEmpty(t.FromNumber) && string.IsNullOrEmpty(t.MessagingServiceSid)))
            {
                // Queued sends wait in the outbox until a provider is configured; nothing is lost or skipped.
                LogIdle(logger);
            }
            else
            {
                try
                {
                    await engine.RunOnceAsync(clock.GetUtcNow(), stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One bad pass must not stop the engine; the work is durable and the next pass retries it.
                    LogPassFailed(logger, e);
                }
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outreach engine idle: no Twilio account and sender configured.")]
    private static partial void LogIdle(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outreach engine pass failed; retrying on the next pass.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
