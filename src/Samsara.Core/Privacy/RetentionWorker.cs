using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Samsara.Core.Privacy;

/// <summary>Runs the retention policy once per <see cref="PrivacyOptions.CheckInterval"/> (daily by default).</summary>
public sealed partial class RetentionWorker(
    RetentionService retention, IOptionsMonitor<PrivacyOptions> options, TimeProvider time, ILogger<RetentionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A first pass a minute after start, so an app that is only ever started for a while still keeps its policy.
        var wait = TimeSpan.FromMinutes(1);
        if (!options.CurrentValue.RunJob)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, time, stoppingToken);
                var run = await retention.RunAsync(stoppingToken);
                if (run.Warned > 0 || run.Erased > 0)
                {
                    LogRun(logger, run.Warned, run.Erased);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The policy must keep running after a failed pass; the next pass retries.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(logger, e);
            }

            wait = options.CurrentValue.CheckInterval;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: {Warned} record(s) put on the warning list, {Erased} erased")]
    private static partial void LogRun(ILogger logger, int warned, int erased);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention pass failed; the next pass retries")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
