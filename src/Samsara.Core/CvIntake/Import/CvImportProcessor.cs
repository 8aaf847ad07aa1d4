using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samsara.Core.Candidates;
using Samsara.Core.Common;
using Samsara.Core.CvIntake.Extraction.Isolation;
using Samsara.Core.CvIntake.Fields;
using Samsara.Core.Data;
using Samsara.Core.Matching;

namespace Samsara.Core.CvIntake.Import;

/// <summary>
/// Turns queued files into candidates in three steps: claim a batch (one conditional update), parse it (CPU only,
/// in parallel), write the results (one transaction). A result only lands while the claim is still ours, and the
/// candidate takes the file's id, so a crash at any point means "try again" and never "imported twice".
/// </summary>
public sealed class CvImportProcessor(
    IDbContextFactory<SamsaraDbContext> dbFactory,
    CvFileStore store,
    ICvParser parser,
    CvFieldExtractor fieldExtractor,
    JobDescriptionParser jobParser,
    MatchScorer scorer,
    IOptions<CvIntakeOptions> options,
    ChangeFeed changes,
    TimeProvider clock) : IDisposable
{
    private const int DuplicateLockNamespace = 0x43560001; // "CV" + 1: keeps these keys apart from other advisory locks

    // One writer at a time in this process: SQLite has a single writer anyway, and it keeps the duplicate check
    // and the inserts that follow it from racing between two batches.
    private readonly SemaphoreSlim writeGate = new(1, 1);

    public void Dispose() => writeGate.Dispose();

    /// <summary>Claims up to <paramref name="max"/> files: queued ones, or processing ones whose lease ran out (their worker died).</summary>
    public async Task<IReadOnlyList<ClaimedFile>> ClaimBatchAsync(int max, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = await Claimable(db, now).OrderBy(f => f.CreatedAt).ThenBy(f => f.Position).Select(f => f.Id).Take(max).ToListAsync(ct);
        return ids.Count == 0 ? [] : await ClaimAsync(db, ids, now, ct);
    }

    /// <summary>Parses what the batch's files say; no database writes, safe to run in parallel.</summary>
    public async Task<BatchContext> LoadContextAsync(IReadOnlyList<ClaimedFile> batch, CancellationToken ct)
    {
        var projectIds = batch.Select(b => b.File.ProjectId).Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var regions = await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.DefaultPhoneRegion, ct);
        var jobs = await db.JobDescriptions.AsNoTracking().Where(j => projectIds.Contains(j.ProjectId)).ToListAsync(ct);
        var requirements = jobs.ToDictionary(j => j.ProjectId, j => (j.Id, scorer.Prepare(JobRequirements.FromJson(j.ParsedJson) ?? jobParser.Parse(j.RawText, j.Title))));
        return new BatchContext(regions, requirements);
    }

    /// <summary>
    /// Reads one claimed file in the parser (a worker process unless configured otherwise): a CV becomes a candidate,
    /// a .zip becomes the files inside it, queued in the same import.
    /// </summary>
    public async Task<ParsedFile> ParseAsync(ClaimedFile claimed, BatchContext context, CancellationToken ct)
    {
        var file = claimed.File;
        try
        {
            if (file.Attempts > options.Value.MaxAttempts)
            {
                return ParsedFile.Failed(claimed, $"Gave up after {options.Value.MaxAttempts} attempts: the importer stopped while reading this file each time.");
            }

            if (!context.Regions.TryGetValue(file.ProjectId, out var region))
            {
                return ParsedFile.Failed(claimed, "The project was deleted.");
            }

            if (IsZip(file.FileName))
            {
                var into = store.NewWorkDirectory();
                var expansion = await parser.ExpandZipAsync(store.FullPath(file.StoredPath!), into, ct);
                if (expansion.Error is null)
                {
                    return new ParsedFile(claimed, null, null, null, null, new ExpandedArchive(expansion, into));
                }

                DeleteDirectory(into);
                return ParsedFile.Failed(claimed, expansion.Error);
            }

            var text = await parser.ExtractAsync(store.FullPath(file.StoredPath!), file.FileName, ct);
            if (!text.Succeeded)
            {
                return ParsedFile.Failed(claimed, text.Error!);
            }

            var now = clock.GetUtcNow();
            var doc = fieldExtractor.Extract(text.Text!, region, DateOnly.FromDateTime(now.UtcDateTime));

            // No name on the CV: say so, with the file to look at, and flag it (confidence 0) rather than invent one.
            doc.FullName ??= new CvField<string>(UnnamedCandidate.For(file.FileName), 0);
            var candidate = ToCandidate(file, doc, text.Text!, now);
            CvJdMatch? match = null;
            if (context.Jobs.TryGetValue(file.ProjectId, out var job))
            {
                // Word coverage only: the semantic part follows once the background stage has embedded this CV.
                var result = scorer.Score(job.Job, text.Text, doc, null);
                match = new CvJdMatch
                {
                    Id = Guid.CreateVersion7(now),
                    CandidateId = candidate.Id,
                    JobDescriptionId = job.JobId,
                    Score = result.Score,
                    ExplanationJson = result.Explanation.ToJson(),
                    ComputedAt = now,
                };
            }

            return new ParsedFile(claimed, candidate, match, null, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            return new ParsedFile(claimed, null, null, null, ex);
        }
    }

    /// <summary>Writes a parsed batch in one transaction; files whose claim was taken over meanwhile are skipped.</summary>
    public async Task WriteAsync(IReadOnlyList<ParsedFile> results, CancellationToken ct)
    {
        var crashed = results.Where(r => r.Crash is not null).ToList();
        foreach (var r in crashed)
        {
            await RequeueAfterErrorAsync(r.Claimed.File.Id, r.Crash!, ct);
        }

        var now = clock.GetUtcNow();
        await writeGate.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await LockProjectsAsync(db, results.Select(r => r.Claimed.File.ProjectId), ct);
            var accepted = new List<Candidate>();
            foreach (var r in results.Where(r => r.Expansion is not null))
            {
                await ExpandAsync(db, r, now, ct);
            }

            foreach (var r in results.Where(r => r.Crash is null && r.Expansion is null))
            {
                // Updating the file row first takes its lock (PostgreSQL) before anything depends on the claim.
                var mine = await db.Set<CvImportFile>()
                    .Where(f => f.Id == r.Claimed.File.Id && f.ClaimToken == r.Claimed.Token && f.Status == CvImportFileStatus.Processing)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(f => f.Status, r.Candidate == null ? CvImportFileStatus.Failed : CvImportFileStatus.Imported)
                        .SetProperty(f => f.Error, r.Error)
                        .SetProperty(f => f.CandidateId, r.Candidate == null ? null : r.Candidate.Id)
                        .SetProperty(f => f.FinishedAt, now)
                        .SetProperty(f => f.LeaseUntil, (DateTimeOffset?)null), ct) == 1;
                if (mine && r.Candidate is not null)
                {
                    accepted.Add(r.Candidate);
                    if (r.Match is not null)
                    {
                        db.CvJdMatches.Add(r.Match);
                    }
                }
            }

            await FlagDuplicatesAsync(db, accepted, ct);
            db.Candidates.AddRange(accepted);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            foreach (var r in results.Where(r => r.Expansion?.ZipToDelete is not null))
            {
                store.Delete(r.Expansion!.ZipToDelete!);
            }
        }
        finally
        {
            writeGate.Release();
            foreach (var r in results.Where(r => r.Expansion is not null))
            {
                // What was adopted moved into the store; what is left (a lost claim, a crash) goes.
                DeleteDirectory(r.Expansion!.Directory);
            }
        }

        foreach (var projectId in results.Select(r => r.Claimed.File.ProjectId).Distinct())
        {
            changes.Publish(projectId, "candidates");
            changes.Publish(projectId, "imports");
        }
    }

    /// <returns>False when another worker holds the file or it is already finished.</returns>
    public async Task<bool> ProcessAsync(Guid fileId, CancellationToken ct)
    {
        IReadOnlyList<ClaimedFile> claimed;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            claimed = await ClaimAsync(db, [fileId], clock.GetUtcNow(), ct);
        }

        if (claimed.Count == 0)
        {
            return false;
        }

        var context = await LoadContextAsync(claimed, ct);
        await WriteAsync([await ParseAsync(claimed[0], context, ct)], ct);
        return true;
    }

    /// <summary>Puts files this process claimed back in the queue, on a clean shutdown, so they need not wait for the lease.</summary>
    public async Task ReleaseAsync(IReadOnlyList<ClaimedFile> files, CancellationToken ct)
    {
        if (files.Count == 0)
        {
            return;
        }

        var tokens = files.Select(f => f.Token).Distinct().ToList();
        var ids = files.Select(f => f.File.Id).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Set<CvImportFile>()
            .Where(f => ids.Contains(f.Id) && f.ClaimToken != null && tokens.Contains(f.ClaimToken.Value) && f.Status == CvImportFileStatus.Processing)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Status, CvImportFileStatus.Queued).SetProperty(f => f.Attempts, f => f.Attempts - 1)
                .SetProperty(f => f.ClaimToken, (Guid?)null).SetProperty(f => f.LeaseUntil, (DateTimeOffset?)null), ct);
    }

    /// <summary>
    /// At start: files this node held when it stopped (a crash, a kill, a power cut) are queued again at once instead
    /// of waiting out their lease. Their attempt stays counted, so a file that takes the whole app down each time
    /// still ends failed after <see cref="CvIntakeOptions.MaxAttempts"/>.
    /// </summary>
    /// <returns>How many files were released.</returns>
    public async Task<int> ReleaseOwnClaimsAsync(CancellationToken ct)
    {
        var node = options.Value.NodeId;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<CvImportFile>()
            .Where(f => f.Status == CvImportFileStatus.Processing && f.ClaimedBy == node)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Status, CvImportFileStatus.Queued)
                .SetProperty(f => f.ClaimToken, (Guid?)null).SetProperty(f => f.LeaseUntil, (DateTimeOffset?)null), ct);
    }

    /// <summary>Deletes stored files no import row or candidate refers to, and this node's scratch files; see <see cref="CvFileStore.SweepOrphans"/>.</summary>
    public async Task<int> SweepOrphanFilesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var referenced = new HashSet<string>(await db.Set<CvImportFile>().AsNoTracking().Where(f => f.StoredPath != null).Select(f => f.StoredPath!).ToListAsync(ct), StringComparer.Ordinal);
        referenced.UnionWith(await db.Candidates.AsNoTracking().Where(c => c.StoredFilePath != null).Select(c => c.StoredFilePath!).ToListAsync(ct));
        return store.SweepOrphans(referenced, clock.GetUtcNow());
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

    /// <summary>
    /// Replaces a claimed .zip's row with rows for the files inside it, each stored and queued (or failed with the
    /// reason it was refused). The zip's own stored bytes are deleted once the rows are committed.
    /// </summary>
    private async Task ExpandAsync(SamsaraDbContext db, ParsedFile r, DateTimeOffset now, CancellationToken ct)
    {
        var zip = r.Claimed.File;
        var removed = await db.Set<CvImportFile>()
            .Where(f => f.Id == zip.Id && f.ClaimToken == r.Claimed.Token && f.Status == CvImportFileStatus.Processing)
            .ExecuteDeleteAsync(ct);
        if (removed == 0)
        {
            return;
        }

        var entries = r.Expansion!.Zip.Entries;
        foreach (var entry in entries)
        {
            var file = new CvImportFile
            {
                Id = Guid.CreateVersion7(now),
                ImportId = zip.ImportId,
                ProjectId = zip.ProjectId,
                FileName = CvImportService.CleanFileName($"{zip.FileName}/{entry.Name}"),
                Position = zip.Position,
                Status = CvImportFileStatus.Queued,
                CreatedAt = now,
            };
            if (entry.Path is null || !entry.Path.StartsWith(r.Expansion.Directory, StringComparison.Ordinal))
            {
                file.Status = CvImportFileStatus.Failed;
                file.Error = entry.Error ?? "The archive entry could not be read.";
                file.FinishedAt = now;
            }
            else
            {
                var stored = await store.AdoptAsync(zip.ProjectId, file.Id, file.FileName, entry.Path, ct);
                file.StoredPath = stored.RelativePath;
                file.SizeBytes = stored.Length;
                file.Sha256 = stored.Sha256;
                if (stored.Length == 0)
                {
                    file.Status = CvImportFileStatus.Failed;
                    file.Error = "The file is empty (0 bytes).";
                    file.FinishedAt = now;
                }
            }

            db.Set<CvImportFile>().Add(file);
        }

        await db.Set<CvImport>().Where(i => i.Id == zip.ImportId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.FileCount, i => i.FileCount - 1 + entries.Count), ct);
        if (zip.StoredPath is not null)
        {
            r.Expansion.ZipToDelete = zip.StoredPath;
        }
    }

    private static bool IsZip(string fileName) => Path.GetExtension(fileName).Equals(".zip", StringComparison.OrdinalIgnoreCase);

    private static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // Left for the sweep at the next start.
        }
    }

    private static IQueryable<CvImportFile> Claimable(SamsaraDbContext db, DateTimeOffset now) =>
        db.Set<CvImportFile>().Where(f => f.Status == CvImportFileStatus.Queued || (f.Status == CvImportFileStatus.Processing && f.LeaseUntil < now));

    private async Task<IReadOnlyList<ClaimedFile>> ClaimAsync(SamsaraDbContext db, List<Guid> ids, DateTimeOffset now, CancellationToken ct)
    {
        var token = Guid.NewGuid();
        var node = options.Value.NodeId;

        // The conditional update is the claim: of two workers racing for a row, exactly one changes it.
        await Claimable(db, now).Where(f => ids.Contains(f.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Status, CvImportFileStatus.Processing).SetProperty(f => f.ClaimToken, token).SetProperty(f => f.ClaimedBy, node)
                .SetProperty(f => f.LeaseUntil, now + options.Value.ClaimLease).SetProperty(f => f.Attempts, f => f.Attempts + 1), ct);
        var files = await db.Set<CvImportFile>().AsNoTracking().Where(f => ids.Contains(f.Id) && f.ClaimToken == token).ToListAsync(ct);
        return files.Select(f => new ClaimedFile(f, token)).ToList();
    }

    /// <summary>
    /// On PostgreSQL several nodes write at once, and the in-process gate does not stop two of them from each finding
    /// "no earlier candidate" for the same person. A transaction-scoped advisory lock per project serialises the
    /// duplicate check and the insert across nodes (see docs/decisions/cv-duplicates-across-nodes.md). SQLite needs
    /// none: its write transactions already exclude each other.
    /// </summary>
    private static async Task LockProjectsAsync(SamsaraDbContext db, IEnumerable<Guid> projectIds, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return;
        }

        // Always in the same order, so two nodes with overlapping batches cannot deadlock.
        foreach (var key in projectIds.Distinct().Select(DuplicateLockKey).Order())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({DuplicateLockNamespace}, {key})", ct);
        }
    }

    private static int DuplicateLockKey(Guid projectId)
    {
        Span<byte> bytes = stackalloc byte[16];
        projectId.TryWriteBytes(bytes);
        return BitConverter.ToInt32(bytes[..4]) ^ BitConverter.ToInt32(bytes[4..8]) ^ BitConverter.ToInt32(bytes[8..12]) ^ BitConverter.ToInt32(bytes[12..]);
    }

    /// <summary>Marks each new candidate that shares an email, phone or identical file with an earlier one in the project.</summary>
    private static async Task FlagDuplicatesAsync(SamsaraDbContext db, List<Candidate> incoming, CancellationToken ct)
    {
        if (incoming.Count == 0)
        {
            return;
        }

        var projects = incoming.Select(c => c.ProjectId).Distinct().ToList();
        var emails = incoming.Where(c => c.Email != null).Select(c => c.Email!).Distinct().ToList();
        var phones = incoming.Where(c => c.Phone != null).Select(c => c.Phone!).Distinct().ToList();
        var hashes = incoming.Where(c => c.FileSha256 != null).Select(c => c.FileSha256!).Distinct().ToList();
        var known = await db.Candidates.AsNoTracking()
            .Where(o => projects.Contains(o.ProjectId) && ((o.Email != null && emails.Contains(o.Email)) || (o.Phone != null && phones.Contains(o.Phone)) || (o.FileSha256 != null && hashes.Contains(o.FileSha256))))
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id)
            .Select(o => new DuplicateKey(o.Id, o.ProjectId, o.Email, o.Phone, o.FileSha256, o.DuplicateOfId))
            .ToListAsync(ct);
        foreach (var c in incoming)
        {
            var earlier = known.Find(k => k.ProjectId == c.ProjectId
                && ((c.Email != null && k.Email == c.Email) || (c.Phone != null && k.Phone == c.Phone) || (c.FileSha256 != null && k.Sha256 == c.FileSha256)));
            c.DuplicateOfId = earlier is null ? null : earlier.DuplicateOfId ?? earlier.Id;
            known.Add(new DuplicateKey(c.Id, c.ProjectId, c.Email, c.Phone, c.FileSha256, c.DuplicateOfId));
        }
    }

    private static Candidate ToCandidate(CvImportFile file, CvDocument doc, string text, DateTimeOffset now) => new()
    {
        // The candidate takes the file's id: a second attempt at the same file cannot create a second candidate.
        Id = file.Id,
        ProjectId = file.ProjectId,
        FullName = Clip(doc.FullName?.Value ?? UnnamedCandidate.For(file.FileName), 200)!,
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

    private sealed record DuplicateKey(Guid Id, Guid ProjectId, string? Email, string? Phone, string? Sha256, Guid? DuplicateOfId);
}

public sealed record ClaimedFile(CvImportFile File, Guid Token);

/// <summary>What the workers need to know about the projects of a batch: phone region and the job to score against.</summary>
public sealed record BatchContext(IReadOnlyDictionary<Guid, string> Regions, IReadOnlyDictionary<Guid, (Guid JobId, PreparedJob Job)> Jobs);

/// <summary>The outcome of parsing one file: a candidate, the files of an archive, a reason it failed, or an unexpected crash to retry.</summary>
public sealed record ParsedFile(ClaimedFile Claimed, Candidate? Candidate, CvJdMatch? Match, string? Error, Exception? Crash, ExpandedArchive? Expansion = null)
{
    public static ParsedFile Failed(ClaimedFile claimed, string error) => new(claimed, null, null, error, null);
}

/// <summary>An archive's files as the parser wrote them into a scratch directory.</summary>
public sealed record ExpandedArchive(ZipExpansion Zip, string Directory)
{
    /// <summary>Set once the archive's row is replaced: its stored bytes are no longer needed after the commit.</summary>
    public string? ZipToDelete { get; set; }
}
