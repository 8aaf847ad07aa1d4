using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Samsara.Core.CvIntake.Import;

/// <summary>Original CV files under the data folder, named by file id so user-supplied names never reach the file system.</summary>
public sealed class CvFileStore(IOptions<SamsaraOptions> samsara)
{
    private const string Folder = "cv-files";

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

    public string FullPath(string relativePath) => Path.Combine(samsara.Value.ResolveDataDirectory(), relativePath);

    private static string SafeExtension(string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return extension.Length <= 6 && extension.Skip(1).All(char.IsAsciiLetterOrDigit) ? extension : ".bin";
    }
}
