using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Samsara.Testing.CvCorpus;

/// <summary>
/// Lays a <see cref="ProfessionCv"/> out as a real multi-page PDF, in one of three layouts: a plain single column; a
/// two-column first page (contact and skills in a sidebar, as designed CV templates do) then one column; and a large
/// type with bold section headings. Every page carries a header and a "Page N of M" footer, so text extraction gets
/// them back between the body's lines, as it does from real CVs.
/// </summary>
public static partial class ProfessionPdf
{
    public const int Layouts = 3;

    private const double PageWidth = 595;
    private const double PageHeight = 842;
    private static byte[]? unicodeFont;

    /// <summary>The CV as a PDF in layout <paramref name="layout"/> (0 to <see cref="Layouts"/> - 1).</summary>
    public static byte[] Write(ProfessionCv cv, int layout)
    {
        var body = BodyLines(cv.Text);
        var builder = new PdfDocumentBuilder();
        var fonts = Fonts(builder, body.Any(NeedsUnicode) || NeedsUnicode(cv.Person.FullName));
        var (size, leading, wrap) = layout switch
        {
            0 => (11.0, 19.0, 90),
            1 => (10.0, 18.0, 90),
            _ => (12.0, 21.0, 75),
        };

        var pages = new List<List<(string Text, bool Heading, double X, double Size)>>();
        var lines = new Queue<string>(body);
        if (layout == 1)
        {
            pages.Add(SidebarPage(lines, size, leading));
        }

        while (lines.Count > 0)
        {
            var page = new List<(string, bool, double, double)>();
            for (var y = PageHeight - 70; y > 60 && lines.Count > 0;)
            {
                var line = lines.Dequeue();
                var heading = IsHeading(line);
                if (heading && page.Count > 0)
                {
                    // A blank line before each section, as CV templates space them.
                    page.Add(("", false, 50, size));
                    y -= leading;
                }

                foreach (var piece in CvWriters.Wrap(line, wrap))
                {
                    page.Add((piece, heading && layout == 2, 50, heading && layout == 2 ? size + 3 : size));
                    y -= leading;
                }
            }

            pages.Add(page);
        }

        for (var i = 0; i < pages.Count; i++)
        {
            var page = builder.AddPage(PageWidth, PageHeight);
            page.AddText(Safe(layout == 0 ? "Curriculum Vitae" : $"{cv.Person.FullName} - CV", fonts.Unicode), 8, new PdfPoint(50, PageHeight - 35), fonts.Regular);
            page.AddText(string.Create(CultureInfo.InvariantCulture, $"Page {i + 1} of {pages.Count}"), 8, new PdfPoint(PageWidth / 2 - 25, 25), fonts.Regular);
            var y = PageHeight - 70;
            double? lastX = null;
            foreach (var (text, heading, x, fontSize) in pages[i])
            {
                if (lastX is { } previous && x != previous)
                {
                    // The sidebar ends: the main column starts again at the top, to its right.
                    y = PageHeight - 70;
                }

                if (text.Length > 0)
                {
                    page.AddText(Safe(text, fonts.Unicode), fontSize, new PdfPoint(x, y), heading ? fonts.Bold : fonts.Regular);
                }

                y -= fontSize + (leading - size);
                lastX = x;
            }
        }

        return builder.Build();
    }

    /// <summary>The CV's own lines, without the header and footer lines that <see cref="ProfessionCorpus"/> wrote as text.</summary>
    public static List<string> BodyLines(string text) =>
        [.. text.Split('\n').Where(l => l.Length > 0 && l != "Curriculum Vitae" && !PageFooter().IsMatch(l))];

    /// <summary>The first page of the sidebar layout: contact and skills on the left, profile and work on the right.</summary>
    private static List<(string, bool, double, double)> SidebarPage(Queue<string> lines, double size, double leading)
    {
        var all = lines.ToList();
        var skillsAt = all.IndexOf("Key Skills");
        var workAt = all.IndexOf("Employment History");
        if (skillsAt < 0 || workAt < skillsAt)
        {
            return [];
        }

        var sidebar = all.Take(2).Concat(all.Skip(skillsAt).Take(workAt - skillsAt)).ToList();
        var main = all.Skip(2).Take(skillsAt - 2).Concat(all.Skip(workAt)).ToList();
        var page = new List<(string, bool, double, double)>();
        foreach (var line in sidebar)
        {
            page.AddRange(CvWriters.Wrap(line, 28).Select(p => (p, false, 50.0, size - 1)));
        }

        var room = (int)((PageHeight - 120) / leading);
        var taken = 0;
        var mainLines = new List<string>();
        foreach (var line in main)
        {
            var pieces = CvWriters.Wrap(line, 58).ToList();
            if (taken + pieces.Count > room)
            {
                break;
            }

            taken += pieces.Count;
            mainLines.Add(line);
            page.AddRange(pieces.Select(p => (p, false, 220.0, size)));
        }

        lines.Clear();
        foreach (var rest in main.Skip(mainLines.Count))
        {
            lines.Enqueue(rest);
        }

        return page;
    }

    private static bool IsHeading(string line) =>
        line is "Profile" or "Key Skills" or "Employment History" or "Education and Qualifications" or "Interests";

    private static (PdfDocumentBuilder.AddedFont Regular, PdfDocumentBuilder.AddedFont Bold, bool Unicode) Fonts(PdfDocumentBuilder builder, bool unicode)
    {
        if (!unicode)
        {
            return (builder.AddStandard14Font(Standard14Font.Helvetica), builder.AddStandard14Font(Standard14Font.HelveticaBold), false);
        }

        unicodeFont ??= File.ReadAllBytes(CvWriters.UnicodeFontPath);
        var font = builder.AddTrueTypeFont(unicodeFont);
        return (font, font, true);
    }

    private static bool NeedsUnicode(string line) => line.Any(c => c > 0x7F && char.IsLetter(c));

    /// <summary>Helvetica here writes only plain ASCII safely: bullets and dashes become their ASCII look-alikes.</summary>
    private static string Safe(string line, bool unicode)
    {
        if (unicode)
        {
            return line;
        }

        var sb = new StringBuilder(line.Length);
        foreach (var c in line)
        {
            sb.Append(c switch
            {
                '•' => '-',
                '—' or '–' => '-',
                '’' => '\'',
                >= ' ' and <= '~' => c,
                _ => ' ',
            });
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"^Page \d+ of \d+$")]
    private static partial Regex PageFooter();
}
