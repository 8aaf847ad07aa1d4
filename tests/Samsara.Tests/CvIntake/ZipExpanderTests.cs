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
}
