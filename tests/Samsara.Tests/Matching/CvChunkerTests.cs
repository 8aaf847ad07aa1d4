using Samsara.Core.Matching.Semantic;

namespace Samsara.Tests.Matching;

/// <summary>What the background semantic stage embeds of a CV: the text about the work, in a few passages.</summary>
public sealed class CvChunkerTests
{
    private const string Cv = """
        Jane Doe - CV
        Jane Doe
        Head Chef
        jane.doe@example.com | 07700 900123 | Leeds
        Mobile: +44 (0)7700 900 123
        linkedin.com/in/janedoe
        Profile
        Head chef with ten years in busy brasseries, menu planning and stock control.
        Page 1 of 2
        Jane Doe - CV
        Employment History
        Head Chef — Oakwood Ltd | 03/2019 – 05/2021
        • Ran the pass on a 120-cover service.
        • Kept accurate records and followed company procedures.
        • Kept accurate records and followed company procedures.
        References available on request.
        Page 2 of 2
        """;

    [Fact]
    public void Chunks_CvWithPageFurnitureAndContactBlock_EmbedsOnlyTheWork()
    {
        var text = string.Join("\n", CvChunker.Chunks(Cv));

        Assert.DoesNotContain("Page", text, StringComparison.Ordinal);
        Assert.DoesNotContain("- CV", text, StringComparison.Ordinal);
        Assert.DoesNotContain("@", text, StringComparison.Ordinal);
        Assert.DoesNotContain("7700", text, StringComparison.Ordinal);
        Assert.DoesNotContain("linkedin", text, StringComparison.Ordinal);
        Assert.DoesNotContain("References", text, StringComparison.Ordinal);
        Assert.Contains("Head Chef — Oakwood Ltd | 03/2019 – 05/2021", text, StringComparison.Ordinal);
        Assert.Contains("menu planning and stock control", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split("Kept accurate records").Length);
    }

    [Fact]
    public void Chunks_LongCv_AtMostMaxChunksPassagesOfAboutChunkLength()
    {
        var duties = Enumerable.Range(0, 200).Select(i => $"• Prepared dish number {i} for the evening service and trained a new starter.");

        var chunks = CvChunker.Chunks(string.Join("\n", duties));

        Assert.Equal(CvChunker.MaxChunks, chunks.Count);
        Assert.All(chunks, c => Assert.InRange(c.Length, CvChunker.ChunkLength - 100, CvChunker.ChunkLength));
    }

    [Fact]
    public void Chunks_NoiseKeptForTheBaseline_ReadsEveryLine()
    {
        var text = string.Join("\n", CvChunker.Chunks(Cv, 8, skipNoise: false));

        Assert.Contains("Page 1 of 2", text, StringComparison.Ordinal);
        Assert.Contains("jane.doe@example.com", text, StringComparison.Ordinal);
    }
}
