using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Samsara.Core.CvIntake.Import;

/// <summary>Processes queued CV files from the database, a few at a time, until the queue is empty; then waits for a signal or the next poll.</summary>
public sealed partial class CvImportWorker(CvImportProcessor processor, CvImportSignal signal, IOptions<CvIntakeOptions> options, ILogger<CvImportWorker> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, byte> inFlight = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var concurrency = options.Value.WorkerConcurrency;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                List<Guid> batch;
                try
                {
                    batch = await processor.FindClaimableAsync(concurrency * 4, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogScanFailed(logger, ex);
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                    continue;
                }

                if (batch.Count == 0)
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                    continue;
                }

                await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = stoppingToken }, ProcessOneAsync);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: hand back what we hold so a restart picks it up at once.
            await processor.ReleaseAsync(inFlight.Keys, CancellationToken.None);
        }
    }

    private async ValueTask ProcessOneAsync(Guid fileId, CancellationToken ct)
    {
        inFlight[fileId] = 0;
        try
        {
            await processor.ProcessAsync(fileId, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFileFailed(logger, fileId, ex);
            await processor.RequeueAfterErrorAsync(fileId, ex, CancellationToken.None);
        }
        finally
        {
            if (!ct.IsCancellationRequested)
            {
                inFlight.TryRemove(fileId, out _);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "CV import worker could not read the queue")]
    private static partial void LogScanFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CV import of file {FileId} failed; it is queued again until it runs out of attempts")]
    private static partial void LogFileFailed(ILogger logger, Guid fileId, Exception ex);
}
