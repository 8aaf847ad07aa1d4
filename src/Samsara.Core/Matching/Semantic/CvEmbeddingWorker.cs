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
/// thread. What is left to do is always "candidates without a cv_embeddings row", so a restart finds it again.
/// When a batch lands, the match refresher rescores those projects and "scoring…" turns into a score.
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

    /// <summary>Embeds up to <paramref name="max"/> waiting CVs; returns how many were stored.</summary>
    public async Task<int> EmbedPendingAsync(int max, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pending = await (
            from c in db.Candidates.AsNoTracking()
            join e in db.Set<CvEmbedding>() on c.Id equals e.CandidateId into found
            from e in found.DefaultIfEmpty()
            where e == null
            orderby c.CreatedAt, c.Id
            select new { c.Id, c.ProjectId, c.RawText })
            .Take(max)
            .ToListAsync(ct);
        if (pending.Count == 0)
        {
            return 0;
        }

        var chunks = pending.Select(p => CvChunker.Chunks(p.RawText)).ToList();
        var flat = chunks.SelectMany(c => c).ToList();

        // The model call is CPU-bound for a second or more; off the caller's thread so pages keep answering.
        var vectors = await Task.Run(() => embedder.Embed(flat, ct), ct);
        var now = clock.GetUtcNow();
        var at = 0;
        var rows = new List<CvEmbedding>(pending.Count);
        for (var i = 0; i < pending.Count; i++)
        {
            rows.Add(new CvEmbedding
            {
                CandidateId = pending[i].Id,
                Model = embedder.Model,
                Vectors = CvEmbedding.Pack(vectors[at..(at + chunks[i].Count)]),
                ChunksJson = JsonSerializer.Serialize(chunks[i]),
                ComputedAt = now,
            });
            at += chunks[i].Count;
        }

        var stored = await StoreAsync(rows, ct);
        foreach (var project in pending.Select(p => p.ProjectId).Distinct())
        {
            changes.Publish(project, EmbeddingsChanged);
        }

        return stored;
    }

    /// <summary>Another node may have embedded the same CV meanwhile, or the candidate was deleted: those rows are skipped.</summary>
    private async Task<int> StoreAsync(List<CvEmbedding> rows, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AddRange(rows);
        try
        {
            await db.SaveChangesAsync(ct);
            return rows.Count;
        }
        catch (DbUpdateException)
        {
            var stored = 0;
            foreach (var row in rows)
            {
                await using var single = await dbFactory.CreateDbContextAsync(ct);
                single.Add(row);
                try
                {
                    await single.SaveChangesAsync(ct);
                    stored++;
                }
                catch (DbUpdateException)
                {
                }
            }

            return stored;
        }
    }

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

    [LoggerMessage(Level = LogLevel.Error, Message = "Embedding CVs failed; retrying on the next change or poll")]
    private static partial void LogEmbedFailed(ILogger logger, Exception ex);
}
