using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Samsara.Core.CvIntake.Extraction;

internal static class DocxText
{
    public static TextExtractionResult Extract(byte[] content, CvIntakeOptions options)
    {
        using (var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read))
        {
            // A .docx is a zip, so it gets the same bomb check before the Open XML SDK inflates it.
            if (ZipLimits.Check(zip, options) is { } bomb)
            {
                return TextExtractionResult.Fail(bomb, FileKind.Zip);
            }

            if (zip.GetEntry("word/document.xml") is null)
            {
                return TextExtractionResult.Fail("The ZIP file is not a Word document (no word/document.xml); upload .zip archives with a .zip name.", FileKind.Zip);
            }
        }

        using var document = WordprocessingDocument.Open(new MemoryStream(content), false);
        var main = document.MainDocumentPart;
        if (main?.Document?.Body is null)
        {
            return TextExtractionResult.Fail("The Word document has no body.", FileKind.Zip);
        }

        var text = new StringBuilder();
        foreach (var header in main.HeaderParts)
        {
            AppendParagraphs(text, header.Header);
        }

        AppendParagraphs(text, main.Document.Body);
        foreach (var footer in main.FooterParts)
        {
            AppendParagraphs(text, footer.Footer);
        }

        return TextExtractionResult.Ok(text.ToString(), FileKind.Zip);
    }

    private static void AppendParagraphs(StringBuilder text, OpenXmlElement? root)
    {
        if (root is null)
        {
            return;
        }

        foreach (var paragraph in root.Descendants<Paragraph>())
        {
            foreach (var element in paragraph.Descendants())
            {
                switch (element)
                {
                    case Text t:
                        text.Append(t.Text);
                        break;
                    case TabChar:
                        text.Append('\t');
                        break;
                    case Break or CarriageReturn:
                        text.Append('\n');
                        break;
                }
            }

            text.Append('\n');
        }
    }
}
