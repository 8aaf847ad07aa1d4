namespace Samsara.Testing.CvCorpus;

/// <summary>One generated CV file and what it says.</summary>
public sealed record CorpusCv(string FileName, byte[] Content, CvPersona Truth, CvStyle Style, CvFormat Format);

public static class CvCorpusBuilder
{
    /// <summary>A varied corpus: every style in every format, across the persona list.</summary>
    public static IReadOnlyList<CorpusCv> Build(int count, int seed = 4242)
    {
        var styles = Enum.GetValues<CvStyle>();
        var corpus = new List<CorpusCv>(count);
        for (var i = 0; i < count; i++)
        {
            var persona = CvPersonas.Create(i, seed);
            var style = styles[i % styles.Length];
            var format = (i / styles.Length % 5) switch
            {
                0 or 1 or 2 => CvFormat.Pdf,
                3 => CvFormat.Docx,
                _ => CvFormat.Txt,
            };
            corpus.Add(Make(i, persona, style, format));
        }

        return corpus;
    }

    /// <summary>PDFs only, in Latin-1 fonts, for benchmarks that compare with pdftotext.</summary>
    public static IEnumerable<CorpusCv> BuildPdfs(int count, int seed = 4242)
    {
        var styles = Enum.GetValues<CvStyle>();
        for (var i = 0; i < count; i++)
        {
            var persona = CvPersonas.Create(i, seed);
            yield return Make(i, persona, styles[i % styles.Length], CvFormat.Pdf);
        }
    }

    private static CorpusCv Make(int i, CvPersona persona, CvStyle style, CvFormat format)
    {
        var blocks = CvLayout.Compose(persona, style, i);
        var extension = format.ToString().ToLowerInvariant();
        return new CorpusCv($"cv-{i:D4}-{style}.{extension}", CvWriters.Write(blocks, format), persona, style, format);
    }
}
