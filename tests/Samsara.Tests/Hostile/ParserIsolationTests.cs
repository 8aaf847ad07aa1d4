using Microsoft.Extensions.Logging.Abstractions;
using Samsara.Core.CvIntake;
using Samsara.Core.CvIntake.Extraction.Isolation;
using Samsara.Tests.CvIntake;

namespace Samsara.Tests.Hostile;

/// <summary>
/// The worker-process parser against the hostile corpus, one file at a time. Each hostile file must fail with a
/// "could not be read safely" reason or a budget message, and the same pool must then read a good CV.
/// </summary>
public sealed class ParserIsolationTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("samsara-hostile-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task ExtractAsync_CyclicReferencePdf_FailsSafelyAndTheNextFileReads()
    {
        using var parser = Parser();

        var hostile = await parser.ExtractAsync(Write("loop.pdf", HostileFiles.CyclicPdf()), "loop.pdf", TestContext.Current.CancellationToken);
        var next = await parser.ExtractAsync(Write("good.pdf", BadFiles.TextPdf("Ada Lovelace\nada@example.com")), "good.pdf", TestContext.Current.CancellationToken);

        Assert.False(hostile.Succeeded);
        Assert.StartsWith(IsolatedCvParser.UnsafePrefix, hostile.Error, StringComparison.Ordinal);
        Assert.True(next.Succeeded, next.Error);
        Assert.Contains("Ada Lovelace", next.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractAsync_PageTree50000Deep_FailsSafelyAndTheNextFileReads()
    {
        using var parser = Parser();

        var hostile = await parser.ExtractAsync(Write("deep.pdf", HostileFiles.DeepPageTreePdf()), "deep.pdf", TestContext.Current.CancellationToken);
        var next = await parser.ExtractAsync(Write("good.pdf", BadFiles.TextPdf("Grace Hopper")), "good.pdf", TestContext.Current.CancellationToken);

        Assert.False(hostile.Succeeded);
        Assert.StartsWith(IsolatedCvParser.UnsafePrefix, hostile.Error, StringComparison.Ordinal);
        Assert.True(next.Succeeded, next.Error);
    }

    [Fact]
    public async Task ExtractAsync_DecompressionBombPdf_RefusedByTheDecompressedBudget()
    {
        using var parser = Parser(new CvIntakeOptions { MaxDecompressedBytes = 64L * 1024 * 1024 });

        var result = await parser.ExtractAsync(Write("bomb.pdf", HostileFiles.DecompressionBombPdf(200)), "bomb.pdf", TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Contains("inflates to more than 64 MB", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractAsync_DecompressionBombPastTheBudgetCheck_FailsWithinTheWorkerMemoryCeiling()
    {
        // The stream budget is lifted, so only the worker's memory limit stands between the bomb and the machine.
        const long ceiling = 256L * 1024 * 1024;
        using var parser = Parser(new CvIntakeOptions { MaxDecompressedBytes = long.MaxValue, WorkerMemoryBytes = ceiling, ParseTimeout = TimeSpan.FromSeconds(60), ParseCpuTime = TimeSpan.FromSeconds(60) });

        var result = await parser.ExtractAsync(Write("bomb.pdf", HostileFiles.DecompressionBombPdf(512)), "bomb.pdf", TestContext.Current.CancellationToken);

        // The worker's managed heap is capped below the ceiling: the reader gives up on the stream (or the worker is
        // stopped), and either way the file fails instead of taking the gigabytes it asks for.
        Assert.False(result.Succeeded);
        // Sampled every 50 ms, so the last sample before the kill may overshoot the ceiling by one interval's growth.
        Assert.InRange(parser.PeakWorkerMemoryBytes, 1, ceiling + (128L * 1024 * 1024));
    }

    [Fact]
    public async Task ExtractAsync_SlowDocx_FailsSafelyWithinTheTimeBudget()
    {
        using var parser = Parser(new CvIntakeOptions { ParseTimeout = TimeSpan.FromSeconds(2), ParseCpuTime = TimeSpan.FromSeconds(2) });
        var started = DateTime.UtcNow;

        var result = await parser.ExtractAsync(Write("slow.docx", HostileFiles.SlowDocx()), "slow.docx", TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.StartsWith(IsolatedCvParser.UnsafePrefix, result.Error, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "the budget, not the file, decides when reading stops");
    }

    [Fact]
    public async Task ExtractAsync_ManyGoodFiles_ReusesOneWorkerPerSlot()
    {
        using var parser = Parser(new CvIntakeOptions { WorkerConcurrency = 1 });

        for (var i = 0; i < 10; i++)
        {
            var result = await parser.ExtractAsync(Write($"cv{i}.docx", HostileFiles.GoodDocx($"Person {i}", $"p{i}@example.com")), $"cv{i}.docx", TestContext.Current.CancellationToken);
            Assert.True(result.Succeeded, result.Error);
        }

        Assert.Equal(1, parser.WorkersStarted);
    }

    [Fact]
    public async Task ExtractAsync_NulLadenUtf16Text_ReturnsTextWithoutControlCharacters()
    {
        using var parser = Parser();

        var result = await parser.ExtractAsync(Write("nul.txt", HostileFiles.NulLadenText("Nora Null", "nora@example.com")), "nul.txt", TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Error);
        Assert.DoesNotContain('\0', result.Text!);
        Assert.Contains("Nora Null", result.Text, StringComparison.Ordinal);
    }

    private static IsolatedCvParser Parser(CvIntakeOptions? options = null) => new(options ?? new CvIntakeOptions { WorkerConcurrency = 1 }, NullLogger<IsolatedCvParser>.Instance);

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
