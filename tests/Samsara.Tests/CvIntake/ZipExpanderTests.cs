using System.Text;
using Samsara.Core.CvIntake;
using Samsara.Core.CvIntake.Extraction;

namespace Samsara.Tests.CvIntake;

public sealed class ZipExpanderTests
{
    [Fact]
    public void Expand_ZipOfCvs_ReturnsEachFileAndSkipsMacJunk()
    {
        var zip = BadFiles.Zip(("cvs/a.txt", "Ann Lee"u8.ToArray()), ("cvs/b.txt", "Bo Chen"u8.ToArray()), ("__MACOSX/cvs/._a.txt", [1, 2]));

        var (entries, error) = new ZipExpander(new CvIntakeOptions()).Expand(new MemoryStream(zip));

        Assert.Null(error);
        Assert.Equal(["a.txt", "b.txt"], entries.Select(e => e.Name));
        Assert.Equal("Bo Chen", Encoding.UTF8.GetString(entries[1].Content!));
    }

    [Theory]
    [InlineData("../../etc/passwd.txt")]
    [InlineData("/etc/cron.d/evil.txt")]
    [InlineData("..\\..\\windows\\evil.txt")]
    [InlineData("C:/evil.txt")]
    public void Expand_PathTraversalName_RefusesThatEntryOnly(string evilName)
    {
        var zip = BadFiles.Zip((evilName, "x"u8.ToArray()), ("good.txt", "Ann Lee"u8.ToArray()));

        var (entries, error) = new ZipExpander(new CvIntakeOptions()).Expand(new MemoryStream(zip));

        Assert.Null(error);
        Assert.Contains("path traversal", entries.Single(e => e.Name == evilName).Error, StringComparison.Ordinal);
        Assert.Equal("good.txt", entries.Single(e => e.Error is null).Name);
    }

    [Fact]
    public void Expand_ZipBomb_RefusedByRatio()
    {
        var (entries, error) = new ZipExpander(new CvIntakeOptions()).Expand(new MemoryStream(BadFiles.ZipBomb(megabytes: 50)));

        Assert.Empty(entries);
        Assert.Contains("zip bomb", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_MoreEntriesThanAllowed_Refused()
    {
        var files = Enumerable.Range(0, 11).Select(i => ($"cv{i}.txt", "Ann Lee"u8.ToArray())).ToArray();

        var (entries, error) = new ZipExpander(new CvIntakeOptions { MaxZipEntries = 10 }).Expand(new MemoryStream(BadFiles.Zip(files)));

        Assert.Empty(entries);
        Assert.Contains("11 entries", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_TotalBeyondLimit_Refused()
    {
        var big = new byte[600 * 1024];
        new Random(1).NextBytes(big);
        var zip = BadFiles.Zip(("a.txt", big), ("b.txt", big));

        var (_, error) = new ZipExpander(new CvIntakeOptions { MaxZipExpandedBytes = 1024 * 1024 }).Expand(new MemoryStream(zip));

        Assert.Contains("expands to more than", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_TruncatedArchive_ReportsDamage()
    {
        var zip = BadFiles.Zip(("a.txt", "Ann Lee"u8.ToArray()));

        var (entries, error) = new ZipExpander(new CvIntakeOptions()).Expand(new MemoryStream(zip[..20]));

        Assert.Empty(entries);
        Assert.Contains("damaged", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_ZipInsideZip_ReturnsTheInnerFilesUnderTheInnerArchiveName()
    {
        var inner = BadFiles.Zip(("team/c.txt", "Cy Díaz"u8.ToArray()), ("d.txt", "Di Wu"u8.ToArray()));
        var zip = BadFiles.Zip(("a.txt", "Ann Lee"u8.ToArray()), ("more/london.zip", inner));

        var (entries, error) = new ZipExpander(new CvIntakeOptions()).Expand(new MemoryStream(zip));

        Assert.Null(error);
        Assert.Equal(["a.txt", "london.zip/c.txt", "london.zip/d.txt"], entries.Select(e => e.Name));
        Assert.Equal("Di Wu", Encoding.UTF8.GetString(entries[2].Content!));
    }

    [Fact]
    public void Expand_ZipTwoLevelsDeep_ReportsTheInnermostArchiveAndImportsTheRest()
    {
        var innermost = BadFiles.Zip(("deep.txt", "Ann Lee"u8.ToArray()));
        var inner = BadFiles.Zip(("b.txt", "Bo Chen"u8.ToArray()), ("deeper.zip", innermost));
        var zip = BadFiles.Zip(("inner.zip", inner));

        var (entries, error) = new ZipExpander(new CvIntakeOptions()).Expand(new MemoryStream(zip));

        Assert.Null(error);
        Assert.Equal("Bo Chen", Encoding.UTF8.GetString(entries.Single(e => e.Name == "inner.zip/b.txt").Content!));
        Assert.Contains("nested more than 1 level deep", entries.Single(e => e.Name == "inner.zip/deeper.zip").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_NestedZipsTogetherBeyondTheTotalLimit_Refused()
    {
        var big = new byte[400 * 1024];
        new Random(1).NextBytes(big);
        var zip = BadFiles.Zip(("one.zip", BadFiles.Zip(("a.txt", big))), ("two.zip", BadFiles.Zip(("b.txt", big))), ("three.zip", BadFiles.Zip(("c.txt", big))));

        var (entries, error) = new ZipExpander(new CvIntakeOptions { MaxZipExpandedBytes = 2 * 1024 * 1024 }).Expand(new MemoryStream(zip));

        Assert.Empty(entries);
        Assert.Contains("expands to more than 2 MB", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_BombInsideAZip_Refused()
    {
        var zip = BadFiles.Zip(("cv.txt", "Ann Lee"u8.ToArray()), ("innocent.zip", BadFiles.ZipBomb(megabytes: 50)));

        var (entries, error) = new ZipExpander(new CvIntakeOptions()).Expand(new MemoryStream(zip));

        Assert.Empty(entries);
        Assert.Contains("zip bomb", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_EntriesOfNestedZipsCountTowardsOneLimit_Refused()
    {
        var inner = BadFiles.Zip([.. Enumerable.Range(0, 8).Select(i => ($"cv{i}.txt", "Ann Lee"u8.ToArray()))]);
        var zip = BadFiles.Zip(("a.zip", inner), ("b.zip", inner));

        var (_, error) = new ZipExpander(new CvIntakeOptions { MaxZipEntries = 10 }).Expand(new MemoryStream(zip));

        Assert.Contains("more than 10 entries in all", error, StringComparison.Ordinal);
    }
}
