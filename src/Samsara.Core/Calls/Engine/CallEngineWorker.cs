using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Samsara.Core.Calls.Engine;

/// <summary>Runs call engine passes; sleeps until the next due work (at least a quarter of a second), at most one poll interval.</summary>
internal sealed partial class CallEngineWorker(CallEngine engine, IOptions<CallEngineOptions> options, TimeProvider clock, ILogger<CallEngineWorker> logger) : BackgroundService
{
    // Calls come due spread over the poll interval; without a floor every few calls would make a pass of their own, each
    // with its fixed queries. A quarter of a second gathers them into a few batches a second, for at most that much lateness.
    private static readonly TimeSpan MinIdle = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunInBackground)
        {
            return;
        }

        var lastIntake = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.Value.PollInterval;
            try
            {
                var now = clock.GetUtcNow();
                var intake = now - lastIntake >= options.Value.PollInterval;
                var result = await engine.RunPassAsync(now, intake, stoppingToken);
                if (intake)
                {
                    lastIntake = now;
                }

                if (result.MoreDue)
                {
                    wait = TimeSpan.Zero;
                }
                else if (await engine.NextDueAsync(stoppingToken) is { } due)
                {
                    var until = due - clock.GetUtcNow();
                    wait = until < MinIdle ? MinIdle : until < wait ? until : wait;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPassFailed(logger, e);
            }

            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Call engine pass failed; retrying on the next pass.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
