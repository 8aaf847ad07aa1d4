using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samsara.Core.Common;
using Samsara.Core.Data;

namespace Samsara.Core.CvIntake.Import;

/// <summary>Accepts uploads into the durable queue and reports their progress; the worker does the parsing.</summary>
public sealed class CvImportService(
    IDbContextFactory<SamsaraDbContext> dbFactory,
    CvFileStore store,
    IOptions<CvIntakeOptions> options,
    CvImportSignal signal,
    ChangeFeed changes,
    TimeProvider clock)
{
    /// <returns>The new import's status, or null when the project does not exist.</returns>
    public Task<CvImportStatus?> StartAsync(Guid projectId, IReadOnlyList<UploadedCv> uploads, CancellationToken ct = default) =>
        StartAsync(projectId, uploads.ToAsyncEnumerable(), ct);

    /// <summary>Stores each upload as it streams in (a multipart request is read one file at a time) and queues them together.</summary>
    public async Task<CvImportStatus?> StartAsync(Guid projectId, IAsyncEnumerable<UploadedCv> uploads, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var import = new CvImport { Id = Guid.CreateVersion7(now), ProjectId = projectId, CreatedAt = now };
        var files = new List<CvImportFile>();
        await foreach (var upload in uploads.WithCancellation(ct))
        {
            if (upload.DeclaredSize > options.Value.MaxFileBytes && !IsZip(upload.FileName))
            {
                files.Add(Refused(import, upload.FileName, TooLarge(upload.DeclaredSize.Value), now));
            }
            else
            {
                // A .zip is stored as it came and expanded by the import worker under the parser's budgets, so the
                // upload answers as soon as the bytes are on disk.
                files.Add(await StoreAsync(import, upload.FileName, upload.Content, IsZip(upload.FileName), now, ct));
            }
        }

        import.FileCount = files.Count;
        for (var i = 0; i < files.Count; i++)
        {
            files[i].Position = i;
        }

        db.Set<CvImport>().Add(import);
        db.Set<CvImportFile>().AddRange(files);
        await db.SaveChangesAsync(ct);
        signal.Notify();
        changes.Publish(projectId, "imports");
        return await GetStatusAsync(projectId, import.Id, ct);
    }

    public Task<CvImportStatus?> GetStatusAsync(Guid projectId, Guid importId, CancellationToken ct = default) => GetStatusAsync(projectId, importId, false, ct);

    /// <param name="failuresOnly">List only failed files (with counts for the rest): what a progress bar over thousands of files needs.</param>
    public async Task<CvImportStatus?> GetStatusAsync(Guid projectId, Guid importId, bool failuresOnly, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var import = await db.Set<CvImport>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == importId && i.ProjectId == projectId, ct);
        if (import is null)
        {
            return null;
        }

        var counts = await db.Set<CvImportFile>().AsNoTracking().Where(f => f.ImportId == importId)
            .GroupBy(f => f.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Status, g => g.Count, ct);
        var listed = db.Set<CvImportFile>().AsNoTracking().Where(f => f.ImportId == importId && (!failuresOnly || f.Status == CvImportFileStatus.Failed));
        var files = await (
            from f in listed
            join c in db.Candidates on f.CandidateId equals c.Id into candidates
            from c in candidates.DefaultIfEmpty()
            orderby f.Position, f.FileName
            select new CvImportFileStatusView(f.Id, f.FileName, f.Status, f.Error, f.CandidateId, c == null ? null : c.DuplicateOfId))
            .ToListAsync(ct);
        var imported = counts.GetValueOrDefault(CvImportFileStatus.Imported);
        var failed = counts.GetValueOrDefault(CvImportFileStatus.Failed);
        var total = counts.Values.Sum();
        return new CvImportStatus(import.Id, projectId, total, imported + failed, imported, failed, total - imported - failed, import.CreatedAt, files);
    }

    /// <summary>The project's most recent imports, newest first, for the progress bar after a page reload.</summary>
    public async Task<IReadOnlyList<Guid>> RecentImportIdsAsync(Guid projectId, int count, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<CvImport>().AsNoTracking().Where(i => i.ProjectId == projectId)
            .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).Take(count).Select(i => i.Id).ToListAsync(ct);
    }

    /// <summary>Queues a failed file again, for failures that may pass on a second try (a crash, a locked database).</summary>
    public async Task<bool> RetryAsync(Guid projectId, Guid fileId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var retried = await db.Set<CvImportFile>()
            .Where(f => f.Id == fileId && f.ProjectId == projectId && f.Status == CvImportFileStatus.Failed && f.StoredPath != null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Status, CvImportFileStatus.Queued).SetProperty(f => f.Error, (string?)null).SetProperty(f => f.Attempts, 0), ct);
        if (retried > 0)
        {
            signal.Notify();
            changes.Publish(projectId, "imports");
        }

        return retried > 0;
    }

    private async Task<CvImportFile> StoreAsync(CvImport import, string fileName, Stream content, bool zip, DateTimeOffset now, CancellationToken ct)
    {
        var file = NewFile(import, fileName, now);
        var limit = zip ? options.Value.MaxZipExpandedBytes : options.Value.MaxFileBytes;
        var stored = await store.SaveAsync(import.ProjectId, file.Id, file.FileName, content, limit, ct);
        if (stored is null)
        {
            file.Status = CvImportFileStatus.Failed;
            file.Error = zip ? $"The archive is larger than {limit / (1024 * 1024)} MB." : TooLarge(null);
            file.FinishedAt = now;
            return file;
        }

        file.StoredPath = stored.RelativePath;
        file.SizeBytes = stored.Length;
        file.Sha256 = stored.Sha256;
        if (stored.Length == 0)
        {
            file.Status = CvImportFileStatus.Failed;
            file.Error = "The file is empty (0 bytes).";
            file.FinishedAt = now;
        }

        return file;
    }

    private static bool IsZip(string fileName) => Path.GetExtension(fileName).Equals(".zip", StringComparison.OrdinalIgnoreCase);

    private string TooLarge(long? size) => size is null
        ? $"The file is larger than the {options.Value.MaxFileBytes / (1024.0 * 1024):0.#} MB limit."
        : $"The file is {size / (1024.0 * 1024):0.#} MB; the limit is {options.Value.MaxFileBytes / (1024.0 * 1024):0.#} MB.";

    private static CvImportFile Refused(CvImport import, string fileName, string error, DateTimeOffset now)
    {
        var file = NewFile(import, fileName, now);
        file.Status = CvImportFileStatus.Failed;
        file.Error = error;
        file.FinishedAt = now;
        return file;
    }

    /// <summary>
    /// A file name as a label: control characters (NUL is refused by PostgreSQL) dropped, and the end kept when it is
    /// too long, because the end carries the file's own name and extension.
    /// </summary>
    public static string CleanFileName(string fileName)
    {
        var clean = string.Concat(fileName.Where(c => !char.IsControl(c)));
        clean = clean.Length > 260 ? clean[^260..] : clean;
        return clean.Length == 0 ? "cv" : clean;
    }

    private static CvImportFile NewFile(CvImport import, string fileName, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        ImportId = import.Id,
        ProjectId = import.ProjectId,
        FileName = CleanFileName(fileName),
        Status = CvImportFileStatus.Queued,
        CreatedAt = now,
    };
}
