using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Samsara.Core.CvIntake.Import;

/// <summary>Original CV files under the data folder, named by file id so user-supplied names never reach the file system.</summary>
public sealed class CvFileStore(IOptions<SamsaraOptions> samsara, IOptions<CvIntakeOptions> intake)
{
    private const string Folder = "cv-files";
    private const string WorkFolder = "cv-work";

    public sealed record StoredFile(string RelativePath, long Length, string Sha256);

    /// <summary>Copies at most <paramref name="maxBytes"/>; returns null (and keeps nothing) when the content is larger.</summary>
    public async Task<StoredFile?> SaveAsync(Guid projectId, Guid fileId, string fileName, Stream content, long maxBytes, CancellationToken ct)
    {
        var extension = SafeExtension(fileName);
        var relative = Path.Combine(Folder, projectId.ToString("N"), fileId.ToString("N") + extension);
        var full = FullPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long length = 0;
        var buffer = new byte[81920];
        await using (var output = File.Create(full))
        {
            int read;
            while ((read = await content.ReadAsync(buffer, ct)) > 0)
            {
                length += read;
                if (length > maxBytes)
                {
                    break;
                }

                hash.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }

        if (length > maxBytes)
        {
            File.Delete(full);
            return null;
        }

        return new StoredFile(relative, length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>Moves a file the parser wrote (an expanded zip entry) into the store under the new file's id.</summary>
    public async Task<StoredFile> AdoptAsync(Guid projectId, Guid fileId, string fileName, string sourcePath, CancellationToken ct)
    {
        var relative = Path.Combine(Folder, projectId.ToString("N"), fileId.ToString("N") + SafeExtension(fileName));
        var full = FullPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.Move(sourcePath, full, overwrite: true);
        await using var stream = File.OpenRead(full);
        var hash = await SHA256.HashDataAsync(stream, ct);
        return new StoredFile(relative, stream.Length, Convert.ToHexStringLower(hash));
    }

    public void Delete(string relativePath)
    {
        try
        {
            File.Delete(FullPath(relativePath));
        }
        catch (IOException)
        {
            // Left for the orphan sweep.
        }
    }

    public string FullPath(string relativePath) => Path.Combine(samsara.Value.ResolveDataDirectory(), relativePath);

    /// <summary>A path in this node's scratch folder, which is emptied at every start.</summary>
    public string NewWorkFile() => Path.Combine(WorkDirectory(), Guid.NewGuid().ToString("N"));

    public string NewWorkDirectory() => Directory.CreateDirectory(NewWorkFile()).FullName;

    /// <summary>
    /// Deletes what interrupted work left behind: this node's scratch folder, and stored files older than
    /// <see cref="CvIntakeOptions.OrphanFileAge"/> that no import or candidate refers to (an upload cut off
    /// before its rows were written). The age keeps files another node is storing right now.
    /// </summary>
    /// <returns>How many stored files were deleted.</returns>
    public int SweepOrphans(IReadOnlySet<string> referenced, DateTimeOffset now)
    {
        var work = WorkDirectory();
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        var root = FullPath(Folder);
        if (!Directory.Exists(root))
        {
            return 0;
        }

        var deleted = 0;
        var cutoff = now.UtcDateTime - intake.Value.OrphanFileAge;
        foreach (var full in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(samsara.Value.ResolveDataDirectory(), full);
            if (!referenced.Contains(relative) && File.GetLastWriteTimeUtc(full) < cutoff)
            {
                File.Delete(full);
                deleted++;
            }
        }

        return deleted;
    }

    private string WorkDirectory()
    {
        var node = string.Concat(intake.Value.NodeId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        return Directory.CreateDirectory(FullPath(Path.Combine(WorkFolder, node.Length == 0 ? "node" : node))).FullName;
    }

    private static string SafeExtension(string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return extension.Length <= 6 && extension.Skip(1).All(char.IsAsciiLetterOrDigit) ? extension : ".bin";
    }
}
