using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Samsara.Core.Common;
using Samsara.Core.Data;

namespace Samsara.Core.Matching.Semantic;

/// <summary>
/// The background semantic stage: embeds the passages of CVs that have none yet, a few CVs per model call, on one
/// thread. What is left to do is always readable from the database (no cv_embeddings row, a CV edited since it was
/// embedded, a failed CV whose retry is due), so a restart finds it again. When a batch lands, the match refresher
/// rescores those projects and "scoring…" turns into a score.
/// </summary>
public sealed partial class CvEmbeddingWorker(
    IDbContextFactory<SamsaraDbContext> dbFactory,
    ISentenceEmbedder embedder,
    IOptions<MatchingOptions> options,
    ChangeFeed changes,
    TimeProvider clock,
    ILogger<CvEmbeddingWorker> logger) : BackgroundService
{
    public const string EmbeddingsChanged = "embeddings";

    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>
    /// Embeds up to <paramref name="max"/> waiting CVs: never embedded, edited since, or failed and due again.
    /// Returns how many were looked at.
    /// </summary>
    public async Task<int> EmbedPendingAsync(int max, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        List<PendingCv> pending;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            pending = await (
                from c in db.Candidates.AsNoTracking()
                join e in db.Set<CvEmbedding>().AsNoTracking() on c.Id equals e.CandidateId into found
                from e in found.DefaultIfEmpty()
                where e == null || (e.RetryAt != null && e.RetryAt <= now) || (e.RetryAt == null && c.UpdatedAt > e.ComputedAt)
                orderby c.CreatedAt, c.Id
                select new PendingCv(c.Id, c.ProjectId, c.RawText, c.CurrentTitle, c.CvJson, c.UpdatedAt, e))
                .Take(max)
                .ToListAsync(ct);
        }

        if (pending.Count == 0)
        {
            return 0;
        }

        var rows = new List<CvEmbedding>(pending.Count);
        var toEmbed = new List<(PendingCv Cv, List<string> Chunks, string Hash)>();
        foreach (var cv in pending)
        {
            var chunks = CvChunker.Chunks(EmbeddingSource.Of(cv.RawText, cv.CurrentTitle, cv.CvJson));
            var hash = EmbeddingSource.Hash(chunks);
            if (cv.Known is { Failure: null, RetryAt: null } known && known.SourceHash == hash && known.Model == embedder.Model)
            {
                // An edit that did not change what is embedded (a phone number, say): no model call.
                rows.Add(Looked(known, cv, now));
                continue;
            }

            toEmbed.Add((cv, chunks, hash));
        }

        rows.AddRange(await EmbedAsync(toEmbed, now, ct));
        await StoreAsync(rows, ct);
        foreach (var project in pending.Select(p => p.ProjectId).Distinct())
        {
            changes.Publish(project, EmbeddingsChanged);
        }

        return pending.Count;
    }

    /// <summary>The CVs' passages through the model together; when that fails, each CV alone, so one bad CV fails alone.</summary>
    private async Task<List<CvEmbedding>> EmbedAsync(List<(PendingCv Cv, List<string> Chunks, string Hash)> work, DateTimeOffset now, CancellationToken ct)
    {
        var rows = new List<CvEmbedding>(work.Count);
        if (work.Count == 0)
        {
            return rows;
        }

        try
        {
            // The model call is CPU-bound for a second or more; off the caller's thread so pages keep answering.
            var vectors = await Task.Run(() => embedder.Embed(work.SelectMany(w => w.Chunks).ToList(), ct), ct);
            var at = 0;
            foreach (var w in work)
            {
                rows.Add(Embedded(w.Cv, w.Chunks, w.Hash, vectors[at..(at + w.Chunks.Count)], now));
                at += w.Chunks.Count;
            }

            return rows;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && work.Count > 1)
        {
            LogBatchFailed(logger, work.Count, ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            rows.Add(Failed(work[0].Cv, work[0].Hash, ex, now));
            return rows;
        }

        foreach (var w in work)
        {
            try
            {
                var vectors = await Task.Run(() => embedder.Embed(w.Chunks, ct), ct);
                rows.Add(Embedded(w.Cv, w.Chunks, w.Hash, vectors, now));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                rows.Add(Failed(w.Cv, w.Hash, ex, now));
            }
        }

        return rows;
    }

    private CvEmbedding Embedded(PendingCv cv, List<string> chunks, string hash, float[][] vectors, DateTimeOffset now) => new()
    {
        CandidateId = cv.Id,
        Model = embedder.Model,
        Vectors = CvEmbedding.Pack(vectors),
        ChunksJson = JsonSerializer.Serialize(chunks),
        SourceHash = hash,
        ComputedAt = Later(now, cv.UpdatedAt),
    };

    /// <summary>
    /// Tried again after a growing delay; after <see cref="MatchingOptions.MaxEmbedAttempts"/> tries the CV is given up on
    /// with the reason, and keeps whatever vectors it had (none for a new CV: its score counts words only).
    /// </summary>
    private CvEmbedding Failed(PendingCv cv, string hash, Exception ex, DateTimeOffset now)
    {
        var known = cv.Known;
        var attempts = (known is not null && known.SourceHash == hash ? known.Attempts : 0) + 1;
        var givenUp = attempts >= options.Value.MaxEmbedAttempts;
        LogCvFailed(logger, cv.Id, attempts, ex);
        return new CvEmbedding
        {
            CandidateId = cv.Id,
            Model = known?.Model ?? embedder.Model,
            Vectors = known?.Vectors ?? [],
            ChunksJson = known?.ChunksJson ?? "[]",
            SourceHash = hash,
            Attempts = attempts,
            RetryAt = givenUp ? null : now + (options.Value.EmbedRetryDelay * Math.Pow(2, attempts - 1)),
            Failure = givenUp ? Reason(attempts, ex) : null,
            ComputedAt = Later(now, cv.UpdatedAt),
        };
    }

    private static CvEmbedding Looked(CvEmbedding known, PendingCv cv, DateTimeOffset now) => new()
    {
        CandidateId = known.CandidateId,
        Model = known.Model,
        Vectors = known.Vectors,
        ChunksJson = known.ChunksJson,
        SourceHash = known.SourceHash,
        ComputedAt = Later(now, cv.UpdatedAt),
    };

    private static string Reason(int attempts, Exception ex)
    {
        var reason = $"Could not be read for meaning after {attempts} tries ({ex.GetType().Name}: {ex.Message})";
        return reason.Length <= 500 ? reason : reason[..499] + "…";
    }

    /// <summary>Never earlier than the edit that made the CV pending, or a clock step back would leave it pending forever.</summary>
    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>Another node may have stored the same CV meanwhile, or the candidate was deleted: those rows are skipped.</summary>
    private async Task StoreAsync(List<CvEmbedding> rows, CancellationToken ct)
    {
        foreach (var batch in rows.Chunk(64))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var ids = batch.Select(r => r.CandidateId).ToList();
            var existing = await db.Set<CvEmbedding>().Where(e => ids.Contains(e.CandidateId)).Select(e => e.CandidateId).ToListAsync(ct);
            foreach (var row in batch)
            {
                if (existing.Contains(row.CandidateId))
                {
                    db.Update(row);
                }
                else
                {
                    db.Add(row);
                }
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                foreach (var row in batch)
                {
                    await using var single = await dbFactory.CreateDbContextAsync(ct);
                    if (await single.Set<CvEmbedding>().AnyAsync(e => e.CandidateId == row.CandidateId, ct))
                    {
                        single.Update(row);
                    }
                    else
                    {
                        single.Add(row);
                    }

                    try
                    {
                        await single.SaveChangesAsync(ct);
                    }
                    catch (DbUpdateException)
                    {
                    }
                }
            }
        }
    }

    private sealed record PendingCv(Guid Id, Guid ProjectId, string? RawText, string? CurrentTitle, string? CvJson, DateTimeOffset UpdatedAt, CvEmbedding? Known);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Semantic)
        {
            return;
        }

        changes.Changed += OnChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    while (await EmbedPendingAsync(options.Value.EmbedBatchSize, stoppingToken) > 0)
                    {
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogEmbedFailed(logger, ex);
                }

                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(options.Value.EmbedPollInterval);
                try
                {
                    await wake.Reader.ReadAsync(timeout.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            changes.Changed -= OnChanged;
        }
    }

    private void OnChanged(ProjectChange change)
    {
        if (change.What == "candidates")
        {
            wake.Writer.TryWrite(true);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding {Count} CVs together failed; embedding each alone")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding CV {CandidateId} failed (try {Attempts})")]
    private static partial void LogCvFailed(ILogger logger, Guid candidateId, int attempts, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Embedding CVs failed; retrying on the next change or poll")]
    private static partial void LogEmbedFailed(ILogger logger, Exception ex);
}
