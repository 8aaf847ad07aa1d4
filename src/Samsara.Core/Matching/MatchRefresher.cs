using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Samsara.Core.Candidates;
using Samsara.Core.Common;
using Samsara.Core.CvIntake.Fields;
using Samsara.Core.Data;
using Samsara.Core.Matching.Semantic;

namespace Samsara.Core.Matching;

/// <summary>
/// Keeps match scores current. A score is stale when it is missing or older than the job description or the
/// candidate, so the work to do is always readable from the database: a restart simply finds it again.
/// </summary>
public sealed partial class MatchRefresher(
    IDbContextFactory<SamsaraDbContext> dbFactory,
    JobDescriptionParser parser,
    MatchScorer scorer,
    JobEmbeddings jobEmbeddings,
    IOptions<MatchingOptions> options,
    ChangeFeed changes,
    TimeProvider clock,
    ILogger<MatchRefresher> logger) : BackgroundService
{
    private const int BatchSize = 1000;

    /// <summary>
    /// Every explanation this scorer writes has a requirements list; one without (written by the old dictionary scorer,
    /// or none at all) is stale, so it is explained on the next pass, which runs at start.
    /// </summary>
    private const string ExplainedMarker = "\"requirements\"";
    private readonly Channel<Guid?> requests = Channel.CreateUnbounded<Guid?>();

    /// <summary>Recomputes stale scores of one project (or all when null); returns how many scores changed.</summary>
    public async Task<int> RefreshAsync(Guid? projectId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var jobs = await db.JobDescriptions.Where(j => projectId == null || j.ProjectId == projectId).ToListAsync(ct);
        var total = 0;
        foreach (var job in jobs)
        {
            var requirements = parser.Parse(job.RawText, job.Title);
            var parsed = requirements.ToJson();
            if (job.ParsedJson != parsed)
            {
                // Written without touching UpdatedAt, which marks the recruiter's edits, not ours.
                await db.JobDescriptions.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.ParsedJson, parsed), ct);
            }

            var vectors = options.Value.Semantic && await db.Set<CvEmbedding>().AnyAsync(e => db.Candidates.Any(c => c.Id == e.CandidateId && c.ProjectId == job.ProjectId), ct)
                ? await jobEmbeddings.ForAsync(job.Id, requirements, ct)
                : null;
            total += await RefreshJobAsync(db, job, scorer.Prepare(requirements, vectors), ct);
            if (total > 0)
            {
                changes.Publish(job.ProjectId, "scores");
            }
        }

        return total;
    }

    private async Task<int> RefreshJobAsync(SamsaraDbContext db, JobDescription job, PreparedJob prepared, CancellationToken ct)
    {
        // The stale set is read once as keys, then each batch by key: a batch query that re-filtered the whole project
        // would scan the rows already refreshed again and again (quadratic in the project's size).
        var staleIds = await (
            from c in db.Candidates
            where c.ProjectId == job.ProjectId
            join m in db.CvJdMatches.Where(m => m.JobDescriptionId == job.Id) on c.Id equals m.CandidateId into matches
            from m in matches.DefaultIfEmpty()
            join e in db.Set<CvEmbedding>() on c.Id equals e.CandidateId into embeddings
            from e in embeddings.DefaultIfEmpty()
            where m == null || m.ComputedAt < job.UpdatedAt || m.ComputedAt < c.UpdatedAt || (e != null && m.ComputedAt < e.ComputedAt)
                  || m.ExplanationJson == null || !m.ExplanationJson.Contains(ExplainedMarker)
            orderby c.Id
            select c.Id)
            .ToListAsync(ct);
        var refreshed = 0;
        foreach (var ids in staleIds.Chunk(BatchSize))
        {
            refreshed += await RefreshBatchAsync(db, job, prepared, ids, ct);
        }

        return refreshed;
    }

    private async Task<int> RefreshBatchAsync(SamsaraDbContext db, JobDescription job, PreparedJob prepared, Guid[] ids, CancellationToken ct)
    {
        // Only the columns scoring reads, untracked: entities and their snapshots cost more than the scoring itself.
        var stale = await (
            from c in db.Candidates.AsNoTracking()
            where ids.Contains(c.Id)
            join m in db.CvJdMatches.Where(m => m.JobDescriptionId == job.Id) on c.Id equals m.CandidateId into matches
            from m in matches.DefaultIfEmpty()
            join e in db.Set<CvEmbedding>() on c.Id equals e.CandidateId into embeddings
            from e in embeddings.DefaultIfEmpty()
            select new StaleRow(
                c.Id, c.RawText, c.CvJson, c.Location, c.CurrentTitle, c.YearsExperience, c.UpdatedAt,
                m == null ? null : new StoredMatch(m.Id, m.Score, m.ExplanationJson), e))
            .ToListAsync(ct);
        if (stale.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var scored = new CvJdMatch[stale.Count];

        // Scoring is CPU only (word index of each CV, a few dot products, the explanation's JSON); spread over the cores.
        Parallel.For(0, stale.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var row = stale[i];
            var cv = CvDocument.FromJson(row.CvJson) ?? new CvDocument();
            var vectors = prepared.Vectors is null ? null : row.Embedding?.ToVectors(prepared.Vectors.Job.Length);
            var result = scorer.Score(prepared, row.RawText, cv, vectors, row.Location, row.CurrentTitle, row.YearsExperience, SemanticNote(row.Embedding));
            scored[i] = new CvJdMatch
            {
                Id = row.Match?.Id ?? Guid.CreateVersion7(now),
                CandidateId = row.Id,
                JobDescriptionId = job.Id,
                Score = result.Score,
                ExplanationJson = result.Explanation.ToJson(),

                // Never earlier than what made it stale, or a clock step back would leave it stale forever.
                ComputedAt = new[] { now, job.UpdatedAt, row.UpdatedAt, row.Embedding?.ComputedAt ?? now }.Max(),
            };
        });

        var added = new List<CvJdMatch>();
        var changed = new List<CvJdMatch>();
        var unchanged = new List<CvJdMatch>();
        for (var i = 0; i < stale.Count; i++)
        {
            var old = stale[i].Match;
            (old is null ? added : old.Score == scored[i].Score && old.ExplanationJson == scored[i].ExplanationJson ? unchanged : changed).Add(scored[i]);
        }

        // Multi-row statements in one short transaction per batch; a score that did not move only gets its new time.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.CvJdMatches.AddRange(added);
        await db.WriteChangesAsync(ct);
        await db.UpdateColumnsAsync(changed, [nameof(CvJdMatch.Score), nameof(CvJdMatch.ExplanationJson), nameof(CvJdMatch.ComputedAt)], ct);
        await db.UpdateColumnsAsync(unchanged, [nameof(CvJdMatch.ComputedAt)], ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return stale.Count;
    }

    private sealed record StoredMatch(Guid Id, int Score, string? ExplanationJson);

    private sealed record StaleRow(
        Guid Id, string? RawText, string? CvJson, string? Location, string? CurrentTitle, double? YearsExperience, DateTimeOffset UpdatedAt,
        StoredMatch? Match, CvEmbedding? Embedding);

    private static string? SemanticNote(CvEmbedding? embedding) => embedding switch
    {
        null => null,
        { Failure: { } failure } => failure,
        { Vectors.Length: 0, RetryAt: null } => "The CV has no text to read for meaning.",
        _ => null,
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        changes.Changed += OnChanged;
        try
        {
            // Whatever went stale while the app was down.
            requests.Writer.TryWrite(null);
            await foreach (var projectId in requests.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await RefreshAsync(projectId, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRefreshFailed(logger, projectId, ex);
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
        if (change.ProjectId is { } id && change.What is "job-description" or "candidates" or CvEmbeddingWorker.EmbeddingsChanged)
        {
            requests.Writer.TryWrite(id);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Refreshing match scores for project {ProjectId} failed")]
    private static partial void LogRefreshFailed(ILogger logger, Guid? projectId, Exception ex);
}
