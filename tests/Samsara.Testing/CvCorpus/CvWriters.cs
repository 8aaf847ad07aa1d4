using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Samsara.Testing.CvCorpus;

/// <summary>Writes composed CV blocks as PDF, DOCX or plain text.</summary>
public static class CvWriters
{
    /// <summary>Debian package fonts-dejavu-core; PdfPig's standard 14 fonts lack most accented letters, so those CVs embed it.</summary>
    public const string UnicodeFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    private static byte[]? unicodeFont;

    public static byte[] Write(CvBlocks blocks, CvFormat format) => format switch
    {
        CvFormat.Pdf => PdfWithRightFont(blocks),
        CvFormat.Docx => Docx(blocks),
        CvFormat.Txt => Encoding.UTF8.GetBytes(Text(blocks)),
    };

    public static string Text(CvBlocks blocks)
    {
        var sb = new StringBuilder();
        foreach (var line in Lines(blocks))
        {
            sb.Append(line).Append('\n');
        }

        return sb.ToString();
    }

    private static IEnumerable<string> Lines(CvBlocks b) =>
        b.Header.Concat(b.ContactTable.Select(kv => $"{kv.Key}: {kv.Value}")).Concat(b.Sidebar).Concat(b.Main);

    private static byte[] PdfWithRightFont(CvBlocks blocks)
    {
        // PdfPig writes accented letters in Helvetica with the wrong codes (é reads back as ø),
        // so any non-ASCII letter gets an embedded TrueType font.
        var text = Text(blocks) + blocks.PageHeader + blocks.PageFooter;
        return Pdf(blocks, needsUnicodeFont: text.Any(c => c > 0x7F && char.IsLetter(c)));
    }

    public static byte[] Pdf(CvBlocks blocks, bool needsUnicodeFont)
    {
        var builder = new PdfDocumentBuilder();
        PdfDocumentBuilder.AddedFont regular, bold;
        if (needsUnicodeFont)
        {
            unicodeFont ??= File.ReadAllBytes(UnicodeFontPath);
            regular = bold = builder.AddTrueTypeFont(unicodeFont);
        }
        else
        {
            regular = builder.AddStandard14Font(Standard14Font.Helvetica);
            bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        }

        var page = builder.AddPage(595, 842);
        const double top = 800;
        if (blocks.PageHeader is not null)
        {
            page.AddText(blocks.PageHeader, 8, new PdfPoint(40, 820), regular);
        }

        if (blocks.PageFooter is not null)
        {
            page.AddText(blocks.PageFooter, 8, new PdfPoint(270, 20), regular);
        }

        var y = top;
        for (var i = 0; i < blocks.Header.Count; i++)
        {
            var size = i == 0 ? 20 : 11;
            page.AddText(blocks.Header[i], size, new PdfPoint(40, y), i == 0 ? bold : regular);
            y -= size + 8;
        }

        foreach (var (key, value) in blocks.ContactTable)
        {
            // Key and value in separate table cells, far apart, as a table renders them.
            page.AddText(key, 10, new PdfPoint(40, y), bold);
            page.AddText(value, 10, new PdfPoint(160, y), regular);
            y -= 16;
        }

        var columnsTop = y - 6;
        var mainX = 40.0;
        if (blocks.Sidebar.Count > 0)
        {
            var sy = columnsTop;
            foreach (var line in blocks.Sidebar)
            {
                foreach (var piece in Wrap(line, 30))
                {
                    page.AddText(piece, 9, new PdfPoint(40, sy), regular);
                    sy -= 13;
                }
            }

            mainX = 230;
        }

        var my = columnsTop;
        foreach (var line in blocks.Main)
        {
            foreach (var piece in Wrap(line, blocks.Sidebar.Count > 0 ? 60 : 95))
            {
                page.AddText(piece, 10, new PdfPoint(mainX, my), regular);
                my -= 14;
            }
        }

        return builder.Build();
    }

    /// <summary>Splits a line into pieces of at most <paramref name="width"/> characters at spaces.</summary>
    internal static IEnumerable<string> Wrap(string line, int width)
    {
        var current = new StringBuilder();
        foreach (var word in line.Split(' '))
        {
            if (current.Length > 0 && current.Length + word.Length + 1 > width)
            {
                yield return current.ToString();
                current.Clear();
            }

            if (current.Length > 0)
            {
                current.Append(' ');
            }

            current.Append(word);
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    public static byte[] Docx(CvBlocks blocks)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new Body();
            foreach (var line in blocks.Header)
            {
                body.Append(Para(line));
            }

            if (blocks.ContactTable.Count > 0)
            {
                var table = new Table();
                foreach (var (key, value) in blocks.ContactTable)
                {
                    table.Append(new TableRow(new TableCell(Para(key)), new TableCell(Para(value))));
                }

                body.Append(table);
            }

            if (blocks.Sidebar.Count > 0)
            {
                // Two-column Word CVs are usually one big two-cell table.
                var left = new TableCell(blocks.Sidebar.Select(Para));
                var right = new TableCell(blocks.Main.Select(Para));
                body.Append(new Table(new TableRow(left, right)));
            }
            else
            {
                foreach (var line in blocks.Main)
                {
                    body.Append(Para(line));
                }
            }

            var section = new SectionProperties();
            if (blocks.PageHeader is not null)
            {
                var header = main.AddNewPart<HeaderPart>();
                header.Header = new Header(Para(blocks.PageHeader));
                section.Append(new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(header) });
            }

            if (blocks.PageFooter is not null)
            {
                var footer = main.AddNewPart<FooterPart>();
                footer.Footer = new Footer(Para(blocks.PageFooter));
                section.Append(new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) });
            }

            body.Append(section);
            main.Document = new Document(body);
        }

        return stream.ToArray();
    }

    private static Paragraph Para(string text) => new(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
}
