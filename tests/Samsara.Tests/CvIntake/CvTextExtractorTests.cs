using System.Text;
using Samsara.Core.CvIntake;
using Samsara.Core.CvIntake.Extraction;
using Samsara.Testing.CvCorpus;

namespace Samsara.Tests.CvIntake;

public sealed class CvTextExtractorTests
{
    private readonly CvTextExtractor extractor = new(new CvIntakeOptions());

    [Fact]
    public void Extract_ZeroByteFile_SaysEmpty()
    {
        var result = extractor.Extract([], "cv.pdf");

        Assert.False(result.Succeeded);
        Assert.Contains("empty", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Extract_EncryptedPdf_SaysPasswordProtected()
    {
        var result = extractor.Extract(BadFiles.EncryptedPdf(), "locked.pdf");

        Assert.False(result.Succeeded);
        Assert.Contains("password", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Extract_ImageOnlyPdf_SaysNoTextLayer()
    {
        var result = extractor.Extract(BadFiles.ImageOnlyPdf(), "scan.pdf");

        Assert.False(result.Succeeded);
        Assert.Contains("no text layer (scanned?)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_TruncatedPdf_ReportsDamageWithoutThrowing()
    {
        var pdf = BadFiles.TextPdf("Jane Doe\njane@example.com");

        var result = extractor.Extract(pdf[..120], "truncated.pdf");

        Assert.False(result.Succeeded);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public void Extract_PdfWithGarbageBody_ReportsDamageWithoutThrowing()
    {
        var garbage = new byte[20_000];
        new Random(7).NextBytes(garbage);
        var content = Encoding.ASCII.GetBytes("%PDF-1.7\n").Concat(garbage).ToArray();

        var result = extractor.Extract(content, "corrupt.pdf");

        Assert.False(result.Succeeded);
    }

    [Theory]
    [InlineData("Just some text, honestly.", "plain text")]
    [InlineData("PK\u0003\u0004zipzipzip", "ZIP")]
    public void Extract_FilePretendingToBePdf_SaysWhatItReallyIs(string content, string realKind)
    {
        var result = extractor.Extract(Encoding.ASCII.GetBytes(content), "cv.pdf");

        Assert.False(result.Succeeded);
        Assert.Contains("not a PDF", result.Error, StringComparison.Ordinal);
        Assert.Contains(realKind, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtractFile_HundredMegabyteFile_RefusedBeforeReading()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var file = File.OpenWrite(path))
            {
                // Sparse: the length is 100 MB but nothing is written, so reading it would show up as slow.
                file.SetLength(100L * 1024 * 1024);
            }

            var result = extractor.ExtractFile(path, "huge.pdf");

            Assert.False(result.Succeeded);
            Assert.Contains("limit is 20 MB", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Extract_LegacyWordDoc_AsksForDocxOrPdf()
    {
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];

        var result = extractor.Extract(ole, "cv.doc");

        Assert.False(result.Succeeded);
        Assert.Contains(".docx", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_DocxThatIsAZipBomb_RefusedBeforeInflating()
    {
        var bomb = BadFiles.ZipBomb(megabytes: 30);

        var result = extractor.Extract(bomb, "cv.docx");

        Assert.False(result.Succeeded);
        Assert.Contains("zip bomb", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_TruncatedDocx_ReportsDamage()
    {
        var persona = CvPersonas.Create(0);
        var docx = CvWriters.Docx(CvLayout.Compose(persona, CvStyle.Classic, 0));

        var result = extractor.Extract(docx[..(docx.Length / 2)], "cv.docx");

        Assert.False(result.Succeeded);
        Assert.Contains("damaged", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_DocxWithHeaderTableAndFooter_ReadsAllOfThem()
    {
        var persona = CvPersonas.Create(3);
        var blocks = CvLayout.Compose(persona, CvStyle.ContactTable, 3);

        var result = extractor.Extract(CvWriters.Docx(blocks), "cv.docx");

        Assert.True(result.Succeeded, result.Error);
        Assert.Contains(blocks.PageHeader!, result.Text, StringComparison.Ordinal);
        Assert.Contains(persona.Email, result.Text, StringComparison.Ordinal);
        Assert.Contains(persona.FullName, result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_Rtf_KeepsTextAndAccentsDropsFontTable()
    {
        var rtf = @"{\rtf1\ansi\deff0{\fonttbl{\f0 Times New Roman;}}{\*\generator Word;}\f0 Ren\'e9e Fran\u231?ois\par renee@example.fr\par +33 6 12 34 56 78}";

        var result = extractor.Extract(Encoding.Latin1.GetBytes(rtf), "cv.rtf");

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("Renée François\nrenee@example.fr\n+33 6 12 34 56 78", result.Text);
    }

    [Fact]
    public void Extract_Latin1TextFile_DecodesAccents()
    {
        var result = extractor.Extract(Encoding.Latin1.GetBytes("Zoë Brontë\nzoe@example.com"), "cv.txt");

        Assert.True(result.Succeeded, result.Error);
        Assert.StartsWith("Zoë Brontë", result.Text, StringComparison.Ordinal);
    }
}
