using System.Text;

namespace Samsara.Core.CvIntake.Extraction;

/// <summary>
/// A small RTF reader: keeps the visible text and paragraph breaks, skips font tables,
/// pictures and other destinations. Enough for CVs saved from Word or TextEdit.
/// </summary>
internal static class RtfText
{
    private static readonly HashSet<string> SkippedDestinations =
        ["fonttbl", "colortbl", "stylesheet", "info", "pict", "header", "footer", "headerl", "headerr", "footerl", "footerr", "object", "themedata", "colorschememapping", "latentstyles", "datastore", "xmlnstbl", "listtable", "listoverridetable", "rsidtbl", "generator"];

    public static string ToPlainText(byte[] content)
    {
        var rtf = Encoding.Latin1.GetString(content);
        var output = new StringBuilder(rtf.Length / 2);
        var skipDepth = new Stack<bool>();
        var skipping = false;
        var unicodeSkip = 1;
        var pendingSkip = 0;
        for (var i = 0; i < rtf.Length; i++)
        {
            var c = rtf[i];
            switch (c)
            {
                case '{':
                    skipDepth.Push(skipping);
                    break;
                case '}':
                    skipping = skipDepth.Count > 0 && skipDepth.Pop();
                    break;
                case '\\':
                    i = ReadControl(rtf, i, output, ref skipping, ref unicodeSkip, ref pendingSkip);
                    break;
                case '\r' or '\n':
                    break;
                default:
                    if (pendingSkip > 0)
                    {
                        pendingSkip--;
                    }
                    else if (!skipping)
                    {
                        output.Append(c);
                    }

                    break;
            }
        }

        return output.ToString();
    }

    private static int ReadControl(string rtf, int i, StringBuilder output, ref bool skipping, ref int unicodeSkip, ref int pendingSkip)
    {
        if (i + 1 >= rtf.Length)
        {
            return i;
        }

        var next = rtf[i + 1];
        if (next == '\'' && i + 3 < rtf.Length)
        {
            if (!skipping && pendingSkip == 0 && int.TryParse(rtf.AsSpan(i + 2, 2), System.Globalization.NumberStyles.HexNumber, null, out var code))
            {
                output.Append(Encoding.Latin1.GetString([(byte)code]));
            }
            else if (pendingSkip > 0)
            {
                pendingSkip--;
            }

            return i + 3;
        }

        if (next == '*')
        {
            skipping = true;
            return i + 1;
        }

        if (!char.IsAsciiLetter(next))
        {
            if (!skipping && next is '\\' or '{' or '}')
            {
                output.Append(next);
            }
            else if (!skipping && next == '~')
            {
                output.Append(' ');
            }

            return i + 1;
        }

        var start = i + 1;
        var end = start;
        while (end < rtf.Length && char.IsAsciiLetter(rtf[end]))
        {
            end++;
        }

        var word = rtf[start..end];
        var numberStart = end;
        if (end < rtf.Length && rtf[end] == '-')
        {
            end++;
        }

        while (end < rtf.Length && char.IsAsciiDigit(rtf[end]))
        {
            end++;
        }

        int? parameter = end > numberStart && int.TryParse(rtf.AsSpan(numberStart, end - numberStart), out var p) ? p : null;
        if (end < rtf.Length && rtf[end] == ' ')
        {
            end++;
        }

        if (SkippedDestinations.Contains(word))
        {
            skipping = true;
        }
        else if (!skipping)
        {
            switch (word)
            {
                case "par" or "line" or "row" or "sect" or "page":
                    output.Append('\n');
                    break;
                case "tab" or "cell":
                    output.Append('\t');
                    break;
                case "uc" when parameter is not null:
                    unicodeSkip = parameter.Value;
                    break;
                case "u" when parameter is not null:
                    output.Append((char)(parameter.Value < 0 ? parameter.Value + 65536 : parameter.Value));
                    pendingSkip = unicodeSkip;
                    break;
            }
        }

        return end - 1;
    }
}
