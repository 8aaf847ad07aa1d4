using System.IO.Compression;

namespace Samsara.Core.CvIntake.Extraction;

/// <summary>
/// Cheap checks of a PDF's raw bytes before the PDF reader builds anything: how many objects it declares, and how much
/// its compressed streams inflate to (counted through a limit, so a bomb is stopped at the budget, not at the end).
/// They turn the common hostile files into a clear message; the worker process's limits catch everything else.
/// </summary>
internal static class PdfBudget
{
    public static string? Check(byte[] content, CvIntakeOptions options)
    {
        var span = content.AsSpan();
        var objects = Count(span, " obj"u8) + Count(span, "\nobj"u8);
        if (objects > options.MaxPdfObjects)
        {
            return $"The PDF declares {objects:N0} objects; the limit is {options.MaxPdfObjects:N0}.";
        }

        long inflated = 0;
        var buffer = new byte[81920];
        var at = 0;
        while (NextStream(span, ref at) is var (start, length) && length > 0)
        {
            try
            {
                using var z = new ZLibStream(new MemoryStream(content, start, length, writable: false), CompressionMode.Decompress);
                int read;
                while ((read = z.Read(buffer, 0, buffer.Length)) > 0)
                {
                    inflated += read;
                    if (inflated > options.MaxDecompressedBytes)
                    {
                        return $"The PDF's compressed content inflates to more than {options.MaxDecompressedBytes / (1024 * 1024)} MB (decompression bomb?).";
                    }
                }
            }
            catch (InvalidDataException)
            {
                // Not Flate data (an image, another filter) or damaged: the reader decides what to make of it.
            }
        }

        return null;
    }

    private static int Count(ReadOnlySpan<byte> span, ReadOnlySpan<byte> token)
    {
        var count = 0;
        int i;
        while ((i = span.IndexOf(token)) >= 0)
        {
            count++;
            span = span[(i + token.Length)..];
        }

        return count;
    }

    /// <summary>The data between the next <c>stream</c> keyword's line break and <c>endstream</c>.</summary>
    private static (int Start, int Length)? NextStream(ReadOnlySpan<byte> span, ref int at)
    {
        while (at < span.Length)
        {
            var i = span[at..].IndexOf("stream"u8);
            if (i < 0)
            {
                return null;
            }

            var keyword = at + i;
            at = keyword + 6;
            if (keyword >= 3 && span[(keyword - 3)..keyword].SequenceEqual("end"u8))
            {
                continue;
            }

            var start = at;
            if (start < span.Length && span[start] == '\r')
            {
                start++;
            }

            if (start < span.Length && span[start] == '\n')
            {
                start++;
            }

            var end = span[start..].IndexOf("endstream"u8);
            if (end < 0)
            {
                return (start, span.Length - start);
            }

            at = start + end + 9;
            return (start, end);
        }

        return null;
    }
}
