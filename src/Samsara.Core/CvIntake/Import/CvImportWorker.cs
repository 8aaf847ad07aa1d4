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
        await TidyAfterRestartAsync(stoppingToken);
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
                    async (i, ct) => results[i] = await processor.ParseAsync(batch[i], context, ct));
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

    private async Task TidyAfterRestartAsync(CancellationToken ct)
    {
        try
        {
            var released = await processor.ReleaseOwnClaimsAsync(ct);
            var swept = await processor.SweepOrphanFilesAsync(ct);
            if (released + swept > 0)
            {
                LogTidied(logger, released, swept);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Tidying is a courtesy: the leases and the next start cover what it could not do.
            LogTidyFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CV import start-up: {Released} interrupted files queued again, {Swept} orphaned stored files deleted")]
    private static partial void LogTidied(ILogger logger, int released, int swept);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CV import start-up tidying failed; interrupted files resume when their lease ends")]
    private static partial void LogTidyFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "CV import batch of {Count} files failed; they are queued again until they run out of attempts")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception ex);
}
