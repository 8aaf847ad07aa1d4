using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Samsara.Core.CvIntake.Import;

/// <summary>
/// Claims queued CV files in batches, parses a batch on all worker threads, writes it in one transaction,
/// and repeats until the queue is empty; then waits for a signal or the next poll.
/// </summary>
public sealed partial class CvImportWorker(CvImportProcessor processor, CvImportSignal signal, IOptions<CvIntakeOptions> options, ILogger<CvImportWorker> logger) : BackgroundService
{
    // Large enough that one commit serves many files, small enough that the progress bar moves often.
    private const int FilesPerWorkerPerBatch = 16;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var concurrency = options.Value.WorkerConcurrency;
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<ClaimedFile> batch = [];
            try
            {
                batch = await processor.ClaimBatchAsync(concurrency * FilesPerWorkerPerBatch, stoppingToken);
                if (batch.Count == 0)
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                    continue;
                }

                var context = await processor.LoadContextAsync(batch, stoppingToken);
                var results = new ParsedFile[batch.Count];
                await Parallel.ForAsync(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = stoppingToken },
                    (i, _) =>
                    {
                        results[i] = processor.Parse(batch[i], context);
                        return ValueTask.CompletedTask;
                    });
                await processor.WriteAsync(results, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: hand back what we hold so a restart picks it up at once.
                await processor.ReleaseAsync(batch, CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogBatchFailed(logger, batch.Count, ex);
                foreach (var file in batch)
                {
                    await processor.RequeueAfterErrorAsync(file.File.Id, ex, CancellationToken.None);
                }

                await Task.Delay(options.Value.PollInterval, CancellationToken.None);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "CV import batch of {Count} files failed; they are queued again until they run out of attempts")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception ex);
}
