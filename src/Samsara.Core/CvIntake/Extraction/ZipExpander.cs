using System.IO.Compression;

namespace Samsara.Core.CvIntake.Extraction;

/// <summary>One file found inside an uploaded .zip: its content, or why it was refused.</summary>
public sealed record ZipEntryFile(string Name, byte[]? Content, string? Error);

/// <summary>
/// Expands an uploaded .zip of CVs, and the .zip files inside it one level deep (a folder of zipped folders).
/// Each directory is checked first (entry count, declared sizes, ratio), then every entry is inflated through a
/// counting limit, because declared sizes can lie. The limits apply to the whole tree, not to each archive.
/// </summary>
public sealed class ZipExpander(CvIntakeOptions options)
{
    /// <summary>Archives inside an archive are opened this many levels deep; deeper ones are reported, not opened.</summary>
    public const int MaxNesting = 1;

    /// <returns>The entries, or an error for the whole archive.</returns>
    public (IReadOnlyList<ZipEntryFile> Entries, string? Error) Expand(Stream zipStream)
    {
        var budget = new Budget(options.MaxZipExpandedBytes, options.MaxZipEntries);
        var entries = new List<ZipEntryFile>();
        try
        {
            var error = ExpandInto(zipStream, "", 0, budget, entries);
            return error is null ? (entries, null) : ([], error);
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

    private string? ExpandInto(Stream zipStream, string prefix, int depth, Budget budget, List<ZipEntryFile> entries)
    {
        using var zip = new ZipArchive(zipStream, ZipArchiveMode.Read, leaveOpen: true);
        if (ZipLimits.Check(zip, options, budget.Bytes, budget.Entries) is { } bomb)
        {
            return prefix.Length == 0 ? bomb : $"{prefix.TrimEnd('/')}: {bomb}";
        }

        budget.Entries -= zip.Entries.Count;
        foreach (var entry in zip.Entries)
        {
            if (entry.FullName.EndsWith('/') || IsSystemJunk(entry.FullName))
            {
                continue;
            }

            if (UnsafeName(entry.FullName))
            {
                entries.Add(new ZipEntryFile(prefix + entry.FullName, null, "Refused: the path inside the archive points outside it (path traversal)."));
                continue;
            }

            var name = prefix + Path.GetFileName(entry.FullName.Replace('\\', '/'));
            var isZip = Path.GetExtension(name).Equals(".zip", StringComparison.OrdinalIgnoreCase);
            if (isZip && depth >= MaxNesting)
            {
                entries.Add(new ZipEntryFile(name, null, $"Archives nested more than {MaxNesting} level deep are not opened; unzip this one and drop its files."));
                continue;
            }

            if (entry.Length > budget.Bytes)
            {
                return $"The archive expands to more than {options.MaxZipExpandedBytes / (1024 * 1024)} MB (zip bomb?).";
            }

            var sizeLimit = isZip ? budget.Bytes : Math.Min(options.MaxFileBytes, budget.Bytes);
            if (entry.Length > sizeLimit)
            {
                entries.Add(new ZipEntryFile(name, null, $"The file is {entry.Length / (1024.0 * 1024):0.#} MB; the limit is {sizeLimit / (1024.0 * 1024):0.#} MB."));
                continue;
            }

            var content = ReadBounded(entry, sizeLimit, Math.Max(1, entry.CompressedLength) * (long)options.MaxZipCompressionRatio + (1024 * 1024));
            if (content is null)
            {
                return "The archive inflates beyond its declared sizes or the allowed ratio (zip bomb?).";
            }

            budget.Bytes -= content.Length;
            if (!isZip)
            {
                entries.Add(new ZipEntryFile(name, content, null));
                continue;
            }

            // The inner archive's bytes already count against the budget; its files count again as they inflate,
            // which errs on the safe side.
            try
            {
                using var inner = new MemoryStream(content, writable: false);
                if (ExpandInto(inner, name + "/", depth + 1, budget, entries) is { } innerError)
                {
                    return innerError;
                }
            }
            catch (InvalidDataException ex)
            {
                entries.Add(new ZipEntryFile(name, null, $"The archive is damaged or truncated ({ex.Message})."));
            }
        }

        return null;
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

    /// <summary>What the whole tree of archives may still expand to.</summary>
    private sealed class Budget(long bytes, int entries)
    {
        public long Bytes { get; set; } = bytes;
        public int Entries { get; set; } = entries;
    }
}
