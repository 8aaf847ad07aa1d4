using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Samsara.Core.Channels.Sms;

/// <summary>Runs <see cref="SmsDeliveryTracker.PollOnceAsync"/> every <see cref="SmsDeliveryOptions.PollInterval"/>.</summary>
internal sealed partial class SmsDeliveryPoller(
    SmsDeliveryTracker tracker,
    IOptions<SmsDeliveryOptions> options,
    TimeProvider clock,
    ILogger<SmsDeliveryPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.PollInBackground)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await tracker.PollOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The work list is the database; the next pass picks up where this one failed.
                LogPassFailed(logger, e);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "SMS delivery status pass failed; retrying on the next pass.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
