using Samsara.Core.ClientPackages;
using Samsara.Core.ClientPackages.Branding;
using Samsara.Core.ClientPackages.Pdf;
using Samsara.Core.CvIntake.Fields;

namespace Samsara.Tests.ClientPackages;

/// <summary>The PDFs themselves, read back with PdfPig as a client's PDF reader (or a search index) would.</summary>
public sealed class PackagePdfTests
{
    private static readonly PackagePdfs Pdfs = new(PdfFonts.Install(null));
    private static readonly BrandingView Brand = BrandingView.Default with { AgencyName = "Northwind Talent", FooterLine = "Northwind Talent Ltd · Reg. 01234567" };

    private static CandidateDossier Dossier(string name, int jobs = 3) => new()
    {
        CandidateId = Guid.NewGuid(),
        DisplayName = name,
        CurrentTitle = "Site Supervisor",
        Location = "Leeds",
        YearsExperience = 9,
        Summary = "Supervisor with nine years on commercial sites, NEBOSH certified, known for finishing on time.",
        Skills = ["NEBOSH", "SMSTS", "CSCS", "Subcontractor management", "Programme planning"],
        WorkHistory = [.. Enumerable.Range(1, jobs).Select(i => new WorkEntry(
            $"Site Supervisor grade {i} responsible for groundworks, steel frame and fit-out packages across three phases",
            $"Employer{i:00} Construction Group", $"{2000 + i}", $"{2001 + i}", false))],
        Education = [new EducationEntry("HNC Construction Management, Leeds College of Building", 2012)],
        Score = 87,
        ScoreReasons = ["Has: NEBOSH, SMSTS", "Seniority: matches"],
        ScreeningOutcome = "Pass",
        Answers = [new ScreeningAnswer("Do you hold a valid CSCS card?", "Yes, gold card until 2027.", "Passed")],
        RecruiterNotes = "Strong on safety; wants to stay within an hour of Leeds.",
        Excerpts = [new TranscriptExcerpt("When could you start?", "I could start in four weeks."), new TranscriptExcerpt(null, "I ran the Holbeck site for two years.")],
    };

    [Fact]
    public void Cv_NameSkillsAndHistory_ReadBackFromThePdf()
    {
        var read = PdfReadBack.Of(Pdfs.Cv(Dossier("Priya Raman"), Brand));

        Assert.Contains("Priya Raman", read.Text);
        Assert.All(new[] { "NEBOSH", "SMSTS", "Subcontractor management", "Employer02 Construction Group", "HNC Construction Management" },
            s => Assert.Contains(s, read.Text));
        Assert.Contains("Northwind Talent", read.Text);
        Assert.Equal("CV: Priya Raman", read.Metadata.Split('\n')[0]);
    }

    [Fact]
    public void Cv_TwelveJobs_BreaksPagesWithEveryJobAndNoLetterOffThePage()
    {
        var read = PdfReadBack.Of(Pdfs.Cv(Dossier("Priya Raman", jobs: 12), Brand));

        Assert.True(read.Pages.Count >= 2, $"12 long jobs on {read.Pages.Count} page(s)");
        for (var i = 1; i <= 12; i++)
        {
            Assert.Contains($"Employer{i:00} Construction Group", read.Text);
            Assert.Contains($"Site Supervisor grade {i} responsible", read.Text);
        }

        Assert.Contains("HNC Construction Management", read.Text);
        Assert.True(read.AllLettersOnPage);
        Assert.Contains($"1 / {read.Pages.Count}", read.Pages[0]);
    }

    [Fact]
    public void Cv_SvgLogo_DrawnInTheBandAtPrintResolutionInItsColours()
    {
        // Through the sanitiser first, as a saved logo is: the script goes, the drawing stays.
        var (logo, _) = LogoValidator.Check(System.Text.Encoding.UTF8.GetBytes(
            """<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><script>alert(1)</script><rect width="120" height="40" fill="#12AB34"/><circle cx="20" cy="20" r="12" fill="#FFD000"/></svg>"""));
        var brand = Brand with { LogoContentType = logo!.ContentType, RasterLogo = SvgLogo.ToPng(logo.Bytes) };

        using var pdf = UglyToad.PdfPig.PdfDocument.Open(Pdfs.Cv(Dossier("Priya Raman", jobs: 12), brand));

        Assert.True(pdf.NumberOfPages >= 2);
        foreach (var page in pdf.GetPages())
        {
            var image = Assert.Single(page.GetImages());
            // In the top band on every page, at 250 dpi or better (a 72 dpi logo prints blurred).
            Assert.True(image.BoundingBox.Bottom > page.Height - 60, $"logo at {image.BoundingBox}");
            Assert.True(image.WidthInSamples / (image.BoundingBox.Width / 72) >= 250, $"{image.WidthInSamples} px over {image.BoundingBox.Width} pt");
            Assert.True(image.TryGetPng(out var png));
            using var bitmap = SkiaSharp.SKBitmap.Decode(png);
            Assert.Equal(new SkiaSharp.SKColor(0x12, 0xAB, 0x34), bitmap.GetPixel(bitmap.Width - 5, bitmap.Height / 2));
            Assert.Equal(new SkiaSharp.SKColor(0xFF, 0xD0, 0x00), bitmap.GetPixel(bitmap.Width / 6, bitmap.Height / 2));
        }
    }

    [Theory]
    [InlineData("""<svg xmlns="http://www.w3.org/2000/svg"/>""")]
    [InlineData("""<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="none"/></svg>""")]
    public void Cv_SvgLogoThatDrawsNothing_NoImageAndTheAgencyNameStillHeadsThePage(string svg)
    {
        var brand = Brand with { RasterLogo = SvgLogo.ToPng(System.Text.Encoding.UTF8.GetBytes(svg)) };

        var bytes = Pdfs.Cv(Dossier("Priya Raman"), brand);

        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        Assert.Empty(pdf.GetPage(1).GetImages());
        Assert.Contains("Northwind Talent", PdfReadBack.Of(bytes).Text);
    }

    [Theory]
    [InlineData("Zoë Ångström-Müller")]
    [InlineData("Łukasz Żółć")]
    [InlineData("王小明")]
    [InlineData("佐藤 花子")]
    [InlineData("김민준")]
    public void CvAndSummary_AccentedOrCjkName_ExtractsBack(string name)
    {
        var squeezed = string.Concat(name.Where(c => !char.IsWhiteSpace(c)));
        Assert.Contains(squeezed, PdfReadBack.Of(Pdfs.Cv(Dossier(name), Brand)).Squeezed);
        Assert.Contains(squeezed, PdfReadBack.Of(Pdfs.ScreeningSummary(Dossier(name), Brand)).Squeezed);
    }

    [Fact]
    public void ScreeningSummary_OutcomeAnswersNotesAndExcerpts_OnOnePage()
    {
        var read = PdfReadBack.Of(Pdfs.ScreeningSummary(Dossier("Priya Raman"), Brand));

        Assert.Single(read.Pages);
        Assert.All(new[] { "87 / 100", "AI screen: Pass", "Do you hold a valid CSCS card?", "gold card until 2027", "Strong on safety",
            "I could start in four weeks.", "I ran the Holbeck site for two years." }, s => Assert.Contains(s, read.Text));
    }

    [Fact]
    public void ScreeningSummary_FarTooMuchText_StaysOnePageAndInsideIt()
    {
        var d = Dossier("Priya Raman") with { RecruiterNotes = string.Join(" ", Enumerable.Repeat("Long note about the candidate's availability.", 200)) };

        var read = PdfReadBack.Of(Pdfs.ScreeningSummary(d, Brand));

        Assert.Single(read.Pages);
        Assert.True(read.AllLettersOnPage);
    }

    [Fact]
    public void Comparison_Shortlist_EveryCandidateWithScoreAndOutcome()
    {
        var shortlist = new[] { Dossier("Priya Raman") with { NoticePeriod = "One month" }, Dossier("王小明") with { Score = 64, ScreeningOutcome = "Unclear" } };

        var read = PdfReadBack.Of(Pdfs.Comparison(shortlist, Brand, "Site Supervisor, Leeds"));

        Assert.Contains("Priya Raman", read.Text);
        Assert.Contains("王小明", read.Squeezed);
        // Cells wrap inside narrow columns ("One" / "month"), and a reader orders a row's wrapped words line by line.
        Assert.All(new[] { "87", "64", "Unclear", "One", "month", "NEBOSH" }, s => Assert.Contains(s, read.Text));
    }
}
