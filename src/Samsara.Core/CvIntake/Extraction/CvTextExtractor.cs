namespace Samsara.Core.CvIntake.Extraction;

/// <summary>
/// Turns one CV file into text. Never throws for bad content: every failure becomes a
/// <see cref="TextExtractionResult"/> with a reason, so one broken file cannot stop a batch.
/// </summary>
public sealed class CvTextExtractor(CvIntakeOptions options)
{
    public TextExtractionResult ExtractFile(string path, string fileName)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return TextExtractionResult.Fail("The stored file is missing.", FileKind.Unknown);
        }

        // The size check comes first so an oversized upload is refused without reading it.
        if (info.Length > options.MaxFileBytes)
        {
            return TooLarge(info.Length);
        }

        return Extract(File.ReadAllBytes(path), fileName);
    }

    public TextExtractionResult Extract(byte[] content, string fileName)
    {
        if (content.LongLength > options.MaxFileBytes)
        {
            return TooLarge(content.LongLength);
        }

        var kind = FileSniffer.Sniff(content.AsSpan(0, Math.Min(content.Length, FileSniffer.HeadLength)));
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (kind == FileKind.Empty)
        {
            return TextExtractionResult.Fail("The file is empty (0 bytes).", kind);
        }

        if (Mismatch(extension, kind) is { } mismatch)
        {
            return TextExtractionResult.Fail(mismatch, kind);
        }

        try
        {
            var result = kind switch
            {
                FileKind.Pdf => PdfBudget.Check(content, options) is { } over ? TextExtractionResult.Fail(over, kind) : PdfText.Extract(content, options.MaxPages),
                FileKind.Zip => DocxText.Extract(content, options),
                FileKind.Rtf => TextExtractionResult.Ok(RtfText.ToPlainText(content), kind),
                FileKind.Text => TextExtractionResult.Ok(PlainText.Decode(content), kind),
                FileKind.LegacyOffice => TextExtractionResult.Fail("This is a legacy Word .doc or a password-protected Office file; save it as .docx or PDF.", kind),
                FileKind.Image => TextExtractionResult.Fail("This is an image, not a document: there is no text layer to read (scanned?).", kind),
                FileKind.Unknown or FileKind.Empty => TextExtractionResult.Fail($"Unsupported file type: the content is {FileSniffer.Describe(kind)}.", kind),
            };
            if (!result.Succeeded)
            {
                return result;
            }

            var text = CleanText.Of(result.Text!);
            return string.IsNullOrWhiteSpace(text)
                ? TextExtractionResult.Fail("The document contains no text.", kind)
                : TextExtractionResult.Ok(text, kind);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Parsers of hostile files fail in many ways; the recruiter only needs to know the file is damaged.
            return TextExtractionResult.Fail($"The file is damaged or truncated and could not be read ({ex.GetType().Name}).", kind);
        }
    }

    private TextExtractionResult TooLarge(long length) =>
        TextExtractionResult.Fail($"The file is {length / (1024.0 * 1024):0.#} MB; the limit is {options.MaxFileBytes / (1024.0 * 1024):0.#} MB.", FileKind.Unknown);

    private static string? Mismatch(string extension, FileKind kind) => (extension, kind) switch
    {
        (".pdf", not FileKind.Pdf) => $"The file is named .pdf but is not a PDF: its content is {FileSniffer.Describe(kind)}.",
        (".docx", not FileKind.Zip) => $"The file is named .docx but is not a Word document: its content is {FileSniffer.Describe(kind)}.",
        (".rtf", not FileKind.Rtf) => $"The file is named .rtf but is not RTF: its content is {FileSniffer.Describe(kind)}.",
        _ => null,
    };
}
