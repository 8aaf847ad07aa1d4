using System.IO.Compression;

namespace Samsara.Core.CvIntake.Extraction;

/// <summary>One file found inside an uploaded .zip: its content, or why it was refused.</summary>
public sealed record ZipEntryFile(string Name, byte[]? Content, string? Error);

/// <summary>
/// Expands an uploaded .zip of CVs. The directory is checked first (entry count, declared sizes, ratio),
/// then every entry is inflated through a counting limit, because declared sizes can lie.
/// </summary>
public sealed class ZipExpander(CvIntakeOptions options)
{
    /// <returns>The entries, or an error for the whole archive.</returns>
    public (IReadOnlyList<ZipEntryFile> Entries, string? Error) Expand(Stream zipStream)
    {
        try
        {
            using var zip = new ZipArchive(zipStream, ZipArchiveMode.Read, leaveOpen: true);
            if (ZipLimits.Check(zip, options) is { } bomb)
            {
                return ([], bomb);
            }

            var entries = new List<ZipEntryFile>();
            long expanded = 0;
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/') || IsSystemJunk(entry.FullName))
                {
                    continue;
                }

                if (UnsafeName(entry.FullName))
                {
                    entries.Add(new ZipEntryFile(entry.FullName, null, "Refused: the path inside the archive points outside it (path traversal)."));
                    continue;
                }

                var name = Path.GetFileName(entry.FullName.Replace('\\', '/'));
                if (entry.Length > options.MaxFileBytes)
                {
                    entries.Add(new ZipEntryFile(name, null, $"The file is {entry.Length / (1024.0 * 1024):0.#} MB; the limit is {options.MaxFileBytes / (1024.0 * 1024):0.#} MB."));
                    continue;
                }

                var budget = Math.Min(options.MaxFileBytes, options.MaxZipExpandedBytes - expanded);
                var content = ReadBounded(entry, budget, Math.Max(1, entry.CompressedLength) * (long)options.MaxZipCompressionRatio + (1024 * 1024));
                if (content is null)
                {
                    return ([], "The archive inflates beyond its declared sizes or the allowed ratio (zip bomb?).");
                }

                expanded += content.Length;
                entries.Add(new ZipEntryFile(name, content, null));
            }

            return (entries, null);
        }
        catch (InvalidDataException ex)
        {
            return ([], $"The archive is damaged or truncated ({ex.Message}).");
        }
    }

    public static bool UnsafeName(string fullName)
    {
        var name = fullName.Replace('\\', '/');
        return name.StartsWith('/') || (name.Length > 1 && name[1] == ':') || name.Split('/').Any(part => part == "..");
    }

    private static bool IsSystemJunk(string fullName) =>
        fullName.StartsWith("__MACOSX/", StringComparison.Ordinal) || Path.GetFileName(fullName).StartsWith("._", StringComparison.Ordinal) || Path.GetFileName(fullName) == ".DS_Store";

    private static byte[]? ReadBounded(ZipArchiveEntry entry, long budget, long ratioLimit)
    {
        var limit = Math.Min(budget, ratioLimit);
        using var input = entry.Open();
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (output.Length + read > limit)
            {
                return null;
            }

            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }
}
