using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Samsara.Core.Outreach.Engine;

/// <summary>
/// Runs the engine's passes; without a Twilio sender only the email work runs (see <see cref="OutreachEngine.RunWithoutSmsAsync"/>). Runs again at once while passes come back
/// full (a backlog), otherwise sleeps until the next due send or timer, at most <see cref="OutreachEngineOptions.PollInterval"/>,
/// which is also how often replies are polled.
/// </summary>
internal sealed partial class OutreachEngineWorker(
    OutreachEngine engine,
    IOptions<OutreachEngineOptions> options,
    TimeProvider clock,
    ILogger<OutreachEngineWorker> logger) : BackgroundService
{
    private static readonly TimeSpan MinIdle = TimeSpan.FromMilliseconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunInBackground)
        {
            return;
        }

        var lastPoll = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var interval = options.Value.PollInterval;
            var wait = interval;
            try
            {
                // A stored (Settings → Providers) account counts as configured, not only Samsara:Providers:Twilio.
                if (!await engine.SmsConfiguredAsync(stoppingToken))
                {
                    // Queued texts wait in the outbox until a provider is configured; nothing is lost or skipped. What
                    // can go by email alone (scheduling messages) still goes, checked every poll interval.
                    LogIdle(logger);
                    await engine.RunWithoutSmsAsync(clock.GetUtcNow(), stoppingToken);
                }
                else
                {
                    var now = clock.GetUtcNow();
                    var poll = now - lastPoll >= interval;
                    var result = await engine.RunPassAsync(now, poll, stoppingToken);
                    if (poll)
                    {
                        lastPoll = now;
                    }

                    wait = result.MoreDue ? TimeSpan.Zero : await IdleWaitAsync(lastPoll + interval, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One bad pass must not stop the engine; the work is durable and the next pass retries it.
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

    /// <summary>Until the next due work or the next inbound poll, whichever is sooner.</summary>
    private async Task<TimeSpan> IdleWaitAsync(DateTimeOffset nextPoll, CancellationToken ct)
    {
        var wake = nextPoll;
        if (await engine.NextDueAsync(ct) is { } due && due < wake)
        {
            wake = due;
        }

        // Work already due but not taken (another node holds it, or it keeps failing) must not spin the loop.
        var wait = wake - clock.GetUtcNow();
        return wait > MinIdle ? wait : MinIdle;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outreach engine without texts: no Twilio account and sender configured; only email work runs.")]
    private static partial void LogIdle(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outreach engine pass failed; retrying on the next pass.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
