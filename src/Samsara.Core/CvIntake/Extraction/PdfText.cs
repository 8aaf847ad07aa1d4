using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;

namespace Samsara.Core.CvIntake.Extraction;

internal static class PdfText
{
    public static TextExtractionResult Extract(byte[] content, int maxPages)
    {
        PdfDocument document;
        try
        {
            document = PdfDocument.Open(content, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
        }
        catch (PdfDocumentEncryptedException)
        {
            return TextExtractionResult.Fail("The PDF is password-protected; ask the candidate for an unlocked copy.", FileKind.Pdf);
        }

        using (document)
        {
            if (document.IsEncrypted && document.NumberOfPages == 0)
            {
                return TextExtractionResult.Fail("The PDF is password-protected; ask the candidate for an unlocked copy.", FileKind.Pdf);
            }

            var text = new StringBuilder();
            var pages = Math.Min(document.NumberOfPages, maxPages);
            for (var i = 1; i <= pages; i++)
            {
                var page = document.GetPage(i);
                text.AppendLine(PageText(page));
            }

            return string.IsNullOrWhiteSpace(text.ToString())
                ? TextExtractionResult.Fail("The PDF has no text layer (scanned?); it needs OCR before it can be imported.", FileKind.Pdf)
                : TextExtractionResult.Ok(text.ToString(), FileKind.Pdf);
        }
    }

    /// <summary>
    /// Lines in content-stream order: writers emit one column after the other, so this keeps two-column
    /// CVs readable where sorting by position would interleave the columns.
    /// </summary>
    private static string PageText(UglyToad.PdfPig.Content.Page page)
    {
        var sb = new StringBuilder();
        UglyToad.PdfPig.Content.Letter? previous = null;
        foreach (var letter in page.Letters)
        {
            if (previous is not null)
            {
                var sameLine = Math.Abs(letter.StartBaseLine.Y - previous.StartBaseLine.Y) < Math.Max(1, previous.PointSize * 0.4);
                if (!sameLine)
                {
                    sb.Append('\n');
                }
                else
                {
                    var gap = letter.StartBaseLine.X - previous.EndBaseLine.X;
                    var spaceWidth = Math.Max(0.5, previous.PointSize * 0.2);
                    if (gap > spaceWidth * 4)
                    {
                        // A wide gap on one line separates cells or columns; keep them apart for field parsing.
                        sb.Append(" | ");
                    }
                    else if (gap > spaceWidth * 0.8 && letter.Value != " " && previous.Value != " ")
                    {
                        sb.Append(' ');
                    }
                }
            }

            sb.Append(letter.Value);
            previous = letter;
        }

        return sb.ToString();
    }
}
