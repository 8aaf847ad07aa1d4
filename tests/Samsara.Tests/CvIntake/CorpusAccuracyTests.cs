using Samsara.Core.CvIntake;
using Samsara.Core.CvIntake.Extraction;
using Samsara.Core.CvIntake.Fields;
using Samsara.Core.Matching;
using Samsara.Testing.CvCorpus;

namespace Samsara.Tests.CvIntake;

public sealed class CorpusAccuracyTests
{
    private const int CorpusSize = 72;
    private static readonly DateOnly Today = new(2026, 11, 24);
    private static readonly Lazy<IReadOnlyList<(CorpusCv Cv, TextExtractionResult Text, CvDocument? Doc)>> Results = new(Run);

    [Fact]
    public void Corpus_CoversEveryLayoutAndFormat()
    {
        var corpus = Results.Value.Select(r => r.Cv).ToList();
        Assert.True(corpus.Count >= 60);
        Assert.All(Enum.GetValues<CvStyle>(), style => Assert.Contains(corpus, c => c.Style == style && c.Format == CvFormat.Pdf));
        Assert.All(Enum.GetValues<CvStyle>(), style => Assert.Contains(corpus, c => c.Style == style && c.Format == CvFormat.Docx));
        Assert.Contains(corpus, c => c.Truth.NeedsUnicodeFont && c.Format == CvFormat.Pdf);
        Assert.Contains(corpus, c => c.Truth.FullName.Any(ch => ch > 0x7F));
        Assert.True(corpus.Select(c => c.Truth.PhoneE164[..3]).Distinct().Count() >= 10, "numbers from at least ten countries");
    }

    [Fact]
    public void ExtractText_GeneratedCorpus_ReadsEveryFile()
    {
        var failures = Results.Value.Where(r => !r.Text.Succeeded).Select(r => $"{r.Cv.FileName}: {r.Text.Error}").ToList();
        Assert.Empty(failures);
    }

    [Fact]
    public void ExtractEmail_GeneratedCorpus_AtLeast98PercentExact()
    {
        AssertAccuracy(0.98, "email", r => First(r.Doc?.Emails?.Value), r => r.Cv.Truth.Email.ToLowerInvariant());
    }

    [Fact]
    public void ExtractPhone_GeneratedCorpus_AtLeast98PercentExactE164()
    {
        AssertAccuracy(0.98, "phone", r => First(r.Doc?.Phones?.Value), r => r.Cv.Truth.PhoneE164);
    }

    [Fact]
    public void ExtractName_GeneratedCorpus_AtLeast90Percent()
    {
        AssertAccuracy(0.90, "name", r => r.Doc?.FullName?.Value.ToLowerInvariant(), r => r.Cv.Truth.FullName.ToLowerInvariant());
    }

    [Fact]
    public void ExtractSkills_GeneratedCorpus_FindsEverySkillUnderItsCanonicalName()
    {
        var misses = Results.Value
            .SelectMany(r => r.Cv.Truth.CanonicalSkills.Where(s => !(r.Doc?.Skills?.Value ?? []).Contains(s)).Select(s => $"{r.Cv.FileName}: {s}"))
            .ToList();
        Assert.True(misses.Count <= Results.Value.Count / 20, string.Join("\n", misses));
    }

    [Fact]
    public void ExtractLocationAndTitle_GeneratedCorpus_MostlyRight()
    {
        AssertAccuracy(0.85, "location", r => r.Doc?.Location?.Value, r => r.Cv.Truth.Location);
        AssertAccuracy(0.85, "title", r => r.Doc?.CurrentTitle?.Value, r => r.Cv.Truth.Title);
    }

    private static void AssertAccuracy(double threshold, string field, Func<(CorpusCv Cv, TextExtractionResult Text, CvDocument? Doc), string?> actual, Func<(CorpusCv Cv, TextExtractionResult Text, CvDocument? Doc), string> expected)
    {
        var results = Results.Value;
        var misses = results.Where(r => actual(r) != expected(r)).Select(r => $"{r.Cv.FileName}: expected '{expected(r)}', got '{actual(r)}'").ToList();
        var accuracy = 1 - (misses.Count / (double)results.Count);
        Assert.True(accuracy >= threshold, $"{field} accuracy {accuracy:P1} < {threshold:P0}:\n{string.Join("\n", misses)}");
    }

    private static string? First(IReadOnlyList<string>? values) => values is { Count: > 0 } ? values[0] : null;

    private static List<(CorpusCv, TextExtractionResult, CvDocument?)> Run()
    {
        var text = new CvTextExtractor(new CvIntakeOptions());
        var fields = new CvFieldExtractor(SkillCatalog.Default);
        return CvCorpusBuilder.Build(CorpusSize)
            .AsParallel().AsOrdered()
            .Select(cv =>
            {
                var extracted = text.Extract(cv.Content, cv.FileName);
                var doc = extracted.Succeeded ? fields.Extract(extracted.Text!, "GB", Today) : null;
                return (cv, extracted, (CvDocument?)doc);
            })
            .ToList();
    }
}
