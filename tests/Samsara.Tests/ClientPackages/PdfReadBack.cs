using UglyToad.PdfPig;

namespace Samsara.Tests.ClientPackages;

/// <summary>A generated PDF as a reader gets it back: its text, page by page, and every metadata field.</summary>
internal sealed record PdfReadBack(IReadOnlyList<string> Pages, string Metadata, bool AllLettersOnPage)
{
    public string Text => string.Join("\n", Pages);

    /// <summary>The text without whitespace, for names whose words a PDF reader may split or join (CJK, wrapped lines).</summary>
    public string Squeezed => string.Concat(Text.Where(c => !char.IsWhiteSpace(c)));

    public string Everything => Text + "\n" + Metadata;

    public static PdfReadBack Of(byte[] pdf)
    {
        // To look at what the tests generate: SAMSARA_PDF_DUMP=/some/folder, then pdftoppm -png the files there.
        if (Environment.GetEnvironmentVariable("SAMSARA_PDF_DUMP") is { Length: > 0 } dump)
        {
            Directory.CreateDirectory(dump);
            File.WriteAllBytes(Path.Combine(dump, $"{DateTime.UtcNow:HHmmss.fff}-{Guid.NewGuid():N}"[..24] + ".pdf"), pdf);
        }

        using var document = PdfDocument.Open(pdf);
        var pages = new List<string>();
        var inside = true;
        foreach (var page in document.GetPages())
        {
            pages.Add(string.Join(" ", page.GetWords().Select(w => w.Text)));
            inside &= page.Letters.All(l => l.BoundingBox.Left >= 0 && l.BoundingBox.Right <= page.Width + 0.5
                && l.BoundingBox.Bottom >= 0 && l.BoundingBox.Top <= page.Height + 0.5);
        }

        var info = document.Information;
        var metadata = string.Join("\n", info.Title, info.Author, info.Subject, info.Keywords, info.Creator, info.Producer);
        if (document.TryGetXmpMetadata(out var xmp))
        {
            metadata += "\n" + System.Text.Encoding.UTF8.GetString(xmp.GetXmlBytes().ToArray());
        }

        return new PdfReadBack(pages, metadata, inside);
    }
}
