namespace Samsara.Core.CvIntake.Extraction.Isolation;

/// <summary>One file found in an expanded .zip: where its bytes were written, or why it was refused.</summary>
public sealed record ExpandedEntry(string Name, string? Path, string? Error);

/// <summary>The files of an expanded .zip, or why the whole archive was refused.</summary>
public sealed record ZipExpansion(IReadOnlyList<ExpandedEntry> Entries, string? Error);

/// <summary>
/// Reads CV and job-description files and expands uploaded archives. Never throws for bad content: a hostile file
/// becomes a failed result, and with <see cref="ParserIsolation.WorkerProcess"/> it cannot harm the app either.
/// </summary>
public interface ICvParser
{
    Task<TextExtractionResult> ExtractAsync(string path, string fileName, CancellationToken ct);

    /// <summary>Writes the archive's files into <paramref name="outputDirectory"/> (which must exist) under the budgets.</summary>
    Task<ZipExpansion> ExpandZipAsync(string zipPath, string outputDirectory, CancellationToken ct);
}

/// <summary>Parses on the caller's thread: no protection against a file that overflows the stack; the baseline for benchmarks.</summary>
public sealed class InProcessCvParser(CvIntakeOptions options) : ICvParser
{
    private readonly CvTextExtractor extractor = new(options);
    private readonly ZipExpander zips = new(options);

    public Task<TextExtractionResult> ExtractAsync(string path, string fileName, CancellationToken ct) =>
        Task.FromResult(extractor.ExtractFile(path, fileName));

    public Task<ZipExpansion> ExpandZipAsync(string zipPath, string outputDirectory, CancellationToken ct) =>
        Task.FromResult(ExpandToDirectory(zips, zipPath, outputDirectory));

    /// <summary>Shared with the worker process, so both modes name and refuse entries alike.</summary>
    internal static ZipExpansion ExpandToDirectory(ZipExpander zips, string zipPath, string outputDirectory)
    {
        if (!File.Exists(zipPath))
        {
            return new ZipExpansion([], "The stored file is missing.");
        }

        (IReadOnlyList<ZipEntryFile> Entries, string? Error) expanded;
        using (var stream = File.OpenRead(zipPath))
        {
            expanded = zips.Expand(stream);
        }

        if (expanded.Error is not null)
        {
            return new ZipExpansion([], expanded.Error);
        }

        var entries = new List<ExpandedEntry>(expanded.Entries.Count);
        for (var i = 0; i < expanded.Entries.Count; i++)
        {
            var entry = expanded.Entries[i];
            if (entry.Content is null)
            {
                entries.Add(new ExpandedEntry(entry.Name, null, entry.Error));
                continue;
            }

            // Numbered names: an entry's own name never reaches the file system.
            var path = Path.Combine(outputDirectory, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            File.WriteAllBytes(path, entry.Content);
            entries.Add(new ExpandedEntry(entry.Name, path, null));
        }

        return new ZipExpansion(entries, null);
    }
}
