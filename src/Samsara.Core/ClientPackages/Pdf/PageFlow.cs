using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Samsara.Core.ClientPackages.Pdf;

/// <summary>How a page looks around the content: the agency's band on top and its footer line at the bottom.</summary>
public sealed record PageFrame(string AgencyName, XColor Primary, XColor Accent, string? FooterLine, byte[]? RasterLogo);

/// <summary>
/// Lays text out top to bottom on A4 pages: words wrap at the right margin, a word wider than a line (a long URL, CJK
/// text without spaces) breaks between characters, and a line that does not fit starts a new page, so nothing runs
/// off the page however long the work history is. Each character is drawn with the first font that has a glyph for it.
/// </summary>
public sealed class PageFlow
{
    private const double Margin = 50;
    private const double BandHeight = 46;
    private const double FooterHeight = 30;

    private readonly PdfDocument document;
    private readonly PdfFonts fonts;
    private readonly PageFrame frame;
    private readonly bool onePage;
    private XGraphics? gfx;
    private PdfPage? page;
    private double y;

    public PageFlow(PdfDocument document, PdfFonts fonts, PageFrame frame, bool onePage = false)
    {
        this.document = document;
        this.fonts = fonts;
        this.frame = frame;
        this.onePage = onePage;
        NewPage();
    }

    public int Pages => document.PageCount;

    /// <summary>True once a one-page flow dropped text that did not fit (the caller notes it).</summary>
    public bool Truncated { get; private set; }

    private double Width => page!.Width.Point - (2 * Margin);

    private double Bottom => page!.Height.Point - Margin - FooterHeight;

    public void Title(string text) => Block(text, 20, bold: true, frame.Primary, spaceBefore: 4, spaceAfter: 2);

    public void Subtitle(string text) => Block(text, 11, bold: false, XColors.DimGray, spaceBefore: 0, spaceAfter: 6);

    public void Heading(string text)
    {
        // Keep a heading with at least two lines of what follows.
        EnsureRoom(12 * 1.3 * 3 + 12);
        Block(text, 12, bold: true, frame.Primary, spaceBefore: 10, spaceAfter: 2);
        if (gfx is not null)
        {
            gfx.DrawLine(new XPen(frame.Accent, 1), Margin, y, Margin + Width, y);
            y += 4;
        }
    }

    public void Paragraph(string text, double size = 10, bool bold = false) => Block(text, size, bold, XColors.Black, 0, 4);

    public void Muted(string text) => Block(text, 9, false, XColors.DimGray, 0, 3);

    public void Bullet(string text, double size = 10) => Block(text, size, false, XColors.Black, 0, 2, indent: 12, marker: "•");

    public void Space(double points) => y += points;

    /// <summary>A row of cells with fixed widths (fractions of the line), each wrapping inside its cell.</summary>
    public void Row(IReadOnlyList<string> cells, IReadOnlyList<double> widths, bool header = false, double size = 9)
    {
        var columns = cells.Select((c, i) => Wrap(c, fonts.Font(size, header), (Width * widths[i]) - 6)).ToList();
        var height = (columns.Max(c => c.Count) * size * 1.3) + 6;
        EnsureRoom(height);
        if (gfx is null)
        {
            return;
        }

        if (header)
        {
            gfx.DrawRectangle(new XSolidBrush(frame.Primary), Margin, y, Width, height);
        }

        var x = Margin;
        for (var i = 0; i < columns.Count; i++)
        {
            var lineY = y + 3;
            foreach (var line in columns[i])
            {
                DrawRuns(line, x + 3, lineY, size, header, header ? XColors.White : XColors.Black);
                lineY += size * 1.3;
            }

            x += Width * widths[i];
        }

        y += height;
        gfx.DrawLine(new XPen(XColors.LightGray, 0.5), Margin, y, Margin + Width, y);
    }

    /// <summary>Draws the frame of every page (band, footer, page numbers) once all pages exist.</summary>
    public void Finish()
    {
        gfx?.Dispose();
        gfx = null;
        for (var i = 0; i < document.PageCount; i++)
        {
            using var g = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
            DrawFrame(g, document.Pages[i], i + 1, document.PageCount);
        }
    }

    private void Block(string text, double size, bool bold, XColor colour, double spaceBefore, double spaceAfter, double indent = 0, string? marker = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        y += spaceBefore;
        var lineHeight = size * 1.35;
        var first = true;
        foreach (var paragraph in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            foreach (var line in Wrap(paragraph, fonts.Font(size, bold), Width - indent))
            {
                EnsureRoom(lineHeight);
                if (gfx is null)
                {
                    return;
                }

                if (marker is not null && first)
                {
                    DrawRuns(marker, Margin + 2, y, size, bold, frame.Accent);
                }

                DrawRuns(line, Margin + indent, y, size, bold, colour);
                y += lineHeight;
                first = false;
            }
        }

        y += spaceAfter;
    }

    private void EnsureRoom(double height)
    {
        if (y + height <= Bottom)
        {
            return;
        }

        if (onePage)
        {
            Truncated = true;
            gfx?.Dispose();
            gfx = null;
            return;
        }

        NewPage();
    }

    private void NewPage()
    {
        gfx?.Dispose();
        page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        gfx = XGraphics.FromPdfPage(page);
        y = BandHeight + 20;
    }

    private void DrawFrame(XGraphics g, PdfPage p, int number, int total)
    {
        var width = p.Width.Point;
        g.DrawRectangle(new XSolidBrush(frame.Primary), 0, 0, width, BandHeight - 8);
        g.DrawRectangle(new XSolidBrush(frame.Accent), 0, BandHeight - 8, width, 3);
        var textX = Margin;
        if (frame.RasterLogo is { } logo)
        {
            using var image = XImage.FromStream(new MemoryStream(logo));
            var h = BandHeight - 18;
            var w = Math.Min(160, h * image.PixelWidth / Math.Max(1, image.PixelHeight));
            g.DrawImage(image, Margin, 5, w, h);
            textX += w + 10;
        }

        DrawRunsOn(g, Ellipsis(frame.AgencyName, 60), textX, 12, 14, true, XColors.White);
        var footerY = p.Height.Point - Margin + 4;
        g.DrawLine(new XPen(frame.Accent, 0.75), Margin, footerY - 6, width - Margin, footerY - 6);
        DrawRunsOn(g, Ellipsis(frame.FooterLine ?? "", 110), Margin, footerY, 8, false, XColors.DimGray);
        var pageText = $"{number} / {total}";
        DrawRunsOn(g, pageText, width - Margin - fonts.Measure(pageText, 8, false), footerY, 8, false, XColors.DimGray);
    }

    private static string Ellipsis(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private void DrawRuns(string text, double x, double top, double size, bool bold, XColor colour) =>
        DrawRunsOn(gfx!, text, x, top, size, bold, colour);

    private void DrawRunsOn(XGraphics g, string text, double x, double top, double size, bool bold, XColor colour)
    {
        var brush = new XSolidBrush(colour);
        foreach (var (run, font) in fonts.Runs(text, size, bold))
        {
            g.DrawString(run, font, brush, x, top, XStringFormats.TopLeft);
            x += g.MeasureString(run, font).Width;
        }
    }

    /// <summary>Splits a paragraph into lines no wider than <paramref name="width"/>.</summary>
    private List<string> Wrap(string paragraph, XFont font, double width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (fonts.Measure(candidate, font.Size, font.Bold) <= width)
            {
                line.Clear().Append(candidate);
                continue;
            }

            if (line.Length > 0)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            // A word wider than the line breaks between characters (URL, CJK text, a long compound).
            foreach (var element in TextElements(word))
            {
                if (line.Length > 0 && fonts.Measure(line + element, font.Size, font.Bold) > width)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }

                line.Append(element);
            }
        }

        if (line.Length > 0 || lines.Count == 0)
        {
            lines.Add(line.ToString());
        }

        return lines;
    }

    private static IEnumerable<string> TextElements(string word)
    {
        var e = System.Globalization.StringInfo.GetTextElementEnumerator(word);
        while (e.MoveNext())
        {
            yield return (string)e.Current;
        }
    }
}
