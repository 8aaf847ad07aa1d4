using System.IO.Compression;

namespace Samsara.Core.CvIntake.Extraction;

/// <summary>Checks a zip's directory against bomb limits before anything is inflated.</summary>
internal static class ZipLimits
{
    public static string? Check(ZipArchive zip, CvIntakeOptions options) => Check(zip, options, options.MaxZipExpandedBytes, options.MaxZipEntries);

    /// <param name="bytesLeft">What the archives opened so far leave of <see cref="CvIntakeOptions.MaxZipExpandedBytes"/>.</param>
    /// <param name="entriesLeft">What they leave of <see cref="CvIntakeOptions.MaxZipEntries"/>.</param>
    public static string? Check(ZipArchive zip, CvIntakeOptions options, long bytesLeft, int entriesLeft)
    {
        if (zip.Entries.Count > entriesLeft)
        {
            return entriesLeft == options.MaxZipEntries
                ? $"The archive has {zip.Entries.Count} entries; the limit is {options.MaxZipEntries}."
                : $"The archives hold more than {options.MaxZipEntries} entries in all; that is the limit.";
        }

        long total = 0;
        foreach (var entry in zip.Entries)
        {
            total += entry.Length;
            if (total > bytesLeft)
            {
                return $"The archive expands to more than {options.MaxZipExpandedBytes / (1024 * 1024)} MB (zip bomb?).";
            }

            if (entry.Length > 1024 * 1024 && entry.Length > entry.CompressedLength * (long)options.MaxZipCompressionRatio)
            {
                return $"'{entry.FullName}' compresses {entry.Length / Math.Max(1, entry.CompressedLength)}:1, more than the {options.MaxZipCompressionRatio}:1 allowed (zip bomb?).";
            }
        }

        return null;
    }
}
