using System.Buffers.Binary;

namespace Samsara.Core.ClientPackages.Pdf;

/// <summary>
/// Which characters a TrueType font has glyphs for, read from its <c>cmap</c> table (formats 4 and 12). PDFsharp draws a
/// missing glyph as an empty box that text extraction cannot give back, so text is split into runs per font by this.
/// </summary>
public sealed class FontCoverage
{
    private readonly List<(int First, int Last)> ranges = [];

    private FontCoverage()
    {
    }

    public bool Covers(int codePoint)
    {
        int lo = 0, hi = ranges.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            var (first, last) = ranges[mid];
            if (codePoint < first)
            {
                hi = mid - 1;
            }
            else if (codePoint > last)
            {
                lo = mid + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads the best Unicode subtable; a font this cannot read covers nothing (so its text falls back).</summary>
    public static FontCoverage Read(byte[] font)
    {
        var coverage = new FontCoverage();
        try
        {
            var cmap = FindTable(font, "cmap");
            if (cmap < 0)
            {
                return coverage;
            }

            int tables = U16(font, cmap + 2), format4 = -1, format12 = -1;
            for (var i = 0; i < tables; i++)
            {
                var record = cmap + 4 + (i * 8);
                int platform = U16(font, record), encoding = U16(font, record + 2);
                var sub = cmap + (int)U32(font, record + 4);
                var unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
                if (!unicode)
                {
                    continue;
                }

                switch (U16(font, sub))
                {
                    case 4:
                        format4 = sub;
                        break;
                    case 12:
                        format12 = sub;
                        break;
                    default:
                        break;
                }
            }

            if (format12 >= 0)
            {
                ReadFormat12(font, format12, coverage.ranges);
            }
            else if (format4 >= 0)
            {
                ReadFormat4(font, format4, coverage.ranges);
            }

            coverage.ranges.Sort();
        }
        catch (ArgumentOutOfRangeException)
        {
            coverage.ranges.Clear();
        }

        return coverage;
    }

    private static void ReadFormat4(byte[] font, int sub, List<(int, int)> ranges)
    {
        var segments = U16(font, sub + 6) / 2;
        var ends = sub + 14;
        var starts = ends + (segments * 2) + 2;
        for (var i = 0; i < segments; i++)
        {
            int end = U16(font, ends + (i * 2)), start = U16(font, starts + (i * 2));
            if (start != 0xFFFF)
            {
                ranges.Add((start, end));
            }
        }
    }

    private static void ReadFormat12(byte[] font, int sub, List<(int, int)> ranges)
    {
        var groups = (int)U32(font, sub + 12);
        for (var i = 0; i < groups; i++)
        {
            var g = sub + 16 + (i * 12);
            ranges.Add(((int)U32(font, g), (int)U32(font, g + 4)));
        }
    }

    private static int FindTable(byte[] font, string tag)
    {
        var count = U16(font, 4);
        for (var i = 0; i < count; i++)
        {
            var record = 12 + (i * 16);
            if (font[record] == tag[0] && font[record + 1] == tag[1] && font[record + 2] == tag[2] && font[record + 3] == tag[3])
            {
                return (int)U32(font, record + 8);
            }
        }

        return -1;
    }

    private static int U16(byte[] b, int at) => BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(at, 2));

    private static uint U32(byte[] b, int at) => BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at, 4));
}
