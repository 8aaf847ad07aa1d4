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
    private const int BatchSize = 500;

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
        var refreshed = 0;
        while (true)
        {
            var stale = await (
                from c in db.Candidates.AsNoTracking()
                where c.ProjectId == job.ProjectId
                join m in db.CvJdMatches.Where(m => m.JobDescriptionId == job.Id) on c.Id equals m.CandidateId into matches
                from m in matches.DefaultIfEmpty()
                join e in db.Set<CvEmbedding>() on c.Id equals e.CandidateId into embeddings
                from e in embeddings.DefaultIfEmpty()
                where m == null || m.ComputedAt < job.UpdatedAt || m.ComputedAt < c.UpdatedAt || (e != null && m.ComputedAt < e.ComputedAt)
                      || m.ExplanationJson == null || !m.ExplanationJson.Contains(ExplainedMarker)
                orderby c.Id
                select new { Candidate = c, Match = m, Embedding = e })
                .Take(BatchSize)
                .ToListAsync(ct);
            if (stale.Count == 0)
            {
                return refreshed;
            }

            var now = clock.GetUtcNow();
            var results = new MatchResult[stale.Count];

            // Scoring is CPU only (word index of each CV, a few dot products); the batch is spread over the cores.
            Parallel.For(0, stale.Count, new ParallelOptions { CancellationToken = ct }, i =>
            {
                var c = stale[i].Candidate;
                var cv = CvDocument.FromJson(c.CvJson) ?? new CvDocument();
                var vectors = prepared.Vectors is null ? null : stale[i].Embedding?.ToVectors(prepared.Vectors.Job.Length);
                results[i] = scorer.Score(prepared, c.RawText, cv, vectors, c.Location, c.CurrentTitle, c.YearsExperience, SemanticNote(stale[i].Embedding));
            });
            for (var i = 0; i < stale.Count; i++)
            {
                var row = stale[i];
                var result = results[i];
                var match = row.Match ?? new CvJdMatch { Id = Guid.CreateVersion7(now), CandidateId = row.Candidate.Id, JobDescriptionId = job.Id };
                match.Score = result.Score;
                match.ExplanationJson = result.Explanation.ToJson();

                // Never earlier than what made it stale, or a clock step back would leave it stale forever.
                match.ComputedAt = new[] { now, job.UpdatedAt, row.Candidate.UpdatedAt, row.Embedding?.ComputedAt ?? now }.Max();
                if (row.Match is null)
                {
                    db.CvJdMatches.Add(match);
                }
                else
                {
                    db.CvJdMatches.Update(match);
                }
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            refreshed += stale.Count;
        }
    }

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
