using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samsara.Core.Candidates;
using Samsara.Core.Common;
using Samsara.Core.CvIntake.Extraction;
using Samsara.Core.CvIntake.Fields;
using Samsara.Core.Data;
using Samsara.Core.Matching;

namespace Samsara.Core.CvIntake.Import;

/// <summary>
/// Turns one queued file into a candidate. The claim, the parse and the write are separate steps; only the write
/// is transactional, and it only lands while the claim is still ours, so a crash at any point means "try again"
/// and never "imported twice".
/// </summary>
public sealed class CvImportProcessor(
    IDbContextFactory<SamsaraDbContext> dbFactory,
    CvFileStore store,
    CvTextExtractor textExtractor,
    CvFieldExtractor fieldExtractor,
    JobDescriptionParser jobParser,
    MatchScorer scorer,
    IOptions<CvIntakeOptions> options,
    ChangeFeed changes,
    TimeProvider clock) : IDisposable
{
    // One writer at a time in this process: SQLite has a single writer anyway, and it keeps the duplicate check
    // and the insert that follows it from racing between two files of the same batch.
    private readonly SemaphoreSlim writeGate = new(1, 1);

    public void Dispose() => writeGate.Dispose();

    /// <summary>Ids of files ready to claim: queued, or processing under a lease that ran out (its worker died).</summary>
    public async Task<List<Guid>> FindClaimableAsync(int max, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<CvImportFile>().AsNoTracking()
            .Where(f => f.Status == CvImportFileStatus.Queued || (f.Status == CvImportFileStatus.Processing && f.LeaseUntil < now))
            .OrderBy(f => f.CreatedAt).ThenBy(f => f.Position)
            .Select(f => f.Id)
            .Take(max)
            .ToListAsync(ct);
    }

    /// <returns>False when another worker holds the file or it is already finished.</returns>
    public async Task<bool> ProcessAsync(Guid fileId, CancellationToken ct)
    {
        var claim = await ClaimAsync(fileId, ct);
        if (claim is null)
        {
            return false;
        }

        var (file, token) = claim.Value;
        if (file.Attempts > options.Value.MaxAttempts)
        {
            await FailAsync(file, token, $"Gave up after {options.Value.MaxAttempts} attempts: the importer stopped while reading this file each time.", ct);
            return true;
        }

        var text = textExtractor.ExtractFile(store.FullPath(file.StoredPath!), file.FileName);
        if (!text.Succeeded)
        {
            await FailAsync(file, token, text.Error!, ct);
            return true;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await db.Projects.AsNoTracking().Where(p => p.Id == file.ProjectId).Select(p => new { p.DefaultPhoneRegion }).SingleOrDefaultAsync(ct);
        if (project is null)
        {
            return true;
        }

        var now = clock.GetUtcNow();
        var doc = fieldExtractor.Extract(text.Text!, project.DefaultPhoneRegion, DateOnly.FromDateTime(now.UtcDateTime));
        var candidate = ToCandidate(file, doc, text.Text!, now);
        var job = await db.JobDescriptions.AsNoTracking().SingleOrDefaultAsync(j => j.ProjectId == file.ProjectId, ct);

        await writeGate.WaitAsync(ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            candidate.DuplicateOfId = await FindDuplicateAsync(db, candidate, ct);
            db.Candidates.Add(candidate);
            if (job is not null)
            {
                var requirements = JobRequirements.FromJson(job.ParsedJson) ?? jobParser.Parse(job.RawText, job.Title);
                var match = scorer.Score(requirements, doc);
                db.CvJdMatches.Add(new CvJdMatch
                {
                    Id = Guid.CreateVersion7(now), CandidateId = candidate.Id, JobDescriptionId = job.Id, Score = match.Score,
                    ExplanationJson = match.Explanation.ToJson(), ComputedAt = now,
                });
            }

            await db.SaveChangesAsync(ct);
            var finished = await db.Set<CvImportFile>()
                .Where(f => f.Id == file.Id && f.ClaimToken == token && f.Status == CvImportFileStatus.Processing)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.Status, CvImportFileStatus.Imported).SetProperty(f => f.CandidateId, candidate.Id)
                    .SetProperty(f => f.FinishedAt, now).SetProperty(f => f.LeaseUntil, (DateTimeOffset?)null), ct);
            if (finished == 0)
            {
                // The lease ran out and another worker took the file over; its result will count, not ours.
                await tx.RollbackAsync(ct);
                return false;
            }

            await tx.CommitAsync(ct);
        }
        finally
        {
            writeGate.Release();
        }

        changes.Publish(file.ProjectId, "candidates");
        return true;
    }

    /// <summary>Puts files this process claimed back in the queue, on a clean shutdown, so they need not wait for the lease.</summary>
    public async Task ReleaseAsync(IEnumerable<Guid> fileIds, CancellationToken ct)
    {
        var ids = fileIds.ToList();
        if (ids.Count == 0)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Set<CvImportFile>()
            .Where(f => ids.Contains(f.Id) && f.Status == CvImportFileStatus.Processing)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Status, CvImportFileStatus.Queued).SetProperty(f => f.Attempts, f => f.Attempts - 1)
                .SetProperty(f => f.ClaimToken, (Guid?)null).SetProperty(f => f.LeaseUntil, (DateTimeOffset?)null), ct);
    }

    /// <summary>After an unexpected error (a locked database, a full disk) the file is queued again until it runs out of attempts.</summary>
    public async Task RequeueAfterErrorAsync(Guid fileId, Exception error, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var max = options.Value.MaxAttempts;
        var message = $"Import failed after {max} attempts: {error.Message}";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Set<CvImportFile>()
            .Where(f => f.Id == fileId && f.Status == CvImportFileStatus.Processing)
            .ExecuteUpdateAsync(s => s
                .SetProperty(f => f.Status, f => f.Attempts >= max ? CvImportFileStatus.Failed : CvImportFileStatus.Queued)
                .SetProperty(f => f.Error, f => f.Attempts >= max ? message : null)
                .SetProperty(f => f.FinishedAt, f => f.Attempts >= max ? now : null)
                .SetProperty(f => f.LeaseUntil, (DateTimeOffset?)null), ct);
    }

    private async Task<(CvImportFile File, Guid Token)?> ClaimAsync(Guid fileId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var token = Guid.NewGuid();
        await using var db = await dbFactory.CreateDbContextAsync(ct);

        // A conditional update is the claim: of two workers racing for the same row, exactly one changes it.
        var claimed = await db.Set<CvImportFile>()
            .Where(f => f.Id == fileId && (f.Status == CvImportFileStatus.Queued || (f.Status == CvImportFileStatus.Processing && f.LeaseUntil < now)))
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Status, CvImportFileStatus.Processing).SetProperty(f => f.ClaimToken, token)
                .SetProperty(f => f.LeaseUntil, now + options.Value.ClaimLease).SetProperty(f => f.Attempts, f => f.Attempts + 1), ct);
        if (claimed == 0)
        {
            return null;
        }

        var file = await db.Set<CvImportFile>().AsNoTracking().SingleAsync(f => f.Id == fileId, ct);
        return (file, token);
    }

    private async Task FailAsync(CvImportFile file, Guid token, string error, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        await db.Set<CvImportFile>()
            .Where(f => f.Id == file.Id && f.ClaimToken == token && f.Status == CvImportFileStatus.Processing)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Status, CvImportFileStatus.Failed).SetProperty(f => f.Error, error)
                .SetProperty(f => f.FinishedAt, now).SetProperty(f => f.LeaseUntil, (DateTimeOffset?)null), ct);
        changes.Publish(file.ProjectId, "imports");
    }

    /// <summary>An earlier candidate in the project with the same email, phone or identical file.</summary>
    private static async Task<Guid?> FindDuplicateAsync(SamsaraDbContext db, Candidate c, CancellationToken ct) =>
        await db.Candidates.AsNoTracking()
            .Where(o => o.ProjectId == c.ProjectId && o.Id != c.Id
                && ((c.Email != null && o.Email == c.Email) || (c.Phone != null && o.Phone == c.Phone) || (c.FileSha256 != null && o.FileSha256 == c.FileSha256)))
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id)
            .Select(o => (Guid?)(o.DuplicateOfId ?? o.Id))
            .FirstOrDefaultAsync(ct);

    private static Candidate ToCandidate(CvImportFile file, CvDocument doc, string text, DateTimeOffset now) => new()
    {
        // The candidate takes the file's id: a second attempt at the same file cannot create a second candidate.
        Id = file.Id,
        ProjectId = file.ProjectId,
        FullName = Clip(doc.FullName?.Value ?? Path.GetFileNameWithoutExtension(file.FileName), 200)!,
        Email = FirstOrNull(doc.Emails?.Value, 320),
        Phone = FirstOrNull(doc.Phones?.Value, 40),
        Location = Clip(doc.Location?.Value, 200),
        CurrentTitle = Clip(doc.CurrentTitle?.Value, 200),
        YearsExperience = doc.YearsExperience?.Value,
        CvJson = doc.ToJson(),
        RawText = text,
        OriginalFileName = file.FileName,
        StoredFilePath = file.StoredPath,
        FileSha256 = file.Sha256,
        Source = CandidateSource.Import,
        CreatedAt = now,
        UpdatedAt = now,
    };

    private static string? FirstOrNull(IReadOnlyList<string>? values, int max) => values is { Count: > 0 } ? Clip(values[0], max) : null;

    private static string? Clip(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
