using System.Text;
using Microsoft.Playwright;
using Samsara.Core.Candidates;
using Samsara.Testing.CvCorpus;
using static Microsoft.Playwright.Assertions;

namespace Samsara.UiTests;

/// <summary>Reviewing imported CVs: duplicates, the job description from a file, folder drops and the candidate drawer.</summary>
public sealed class CvReviewFlowTests(BrowserFixture browser) : BrowserTest(browser)
{
    private const string Job = "Senior .NET Engineer\nLocation: London\nRequirements:\n- C#, SQL Server, Docker, Kubernetes\n- 5+ years of experience";

    [Fact]
    public async Task CvsPage_FlaggedDuplicate_MergeLeavesOneCandidateWithBothNumbers()
    {
        var project = await App.CreateProjectAsync();
        await App.ImportCvsAsync(project.Id, ("dana.txt", Encoding.UTF8.GetBytes("Dana Whitfield\nBackend Engineer | dana@example.com | +44 7911 123456 | Leeds, UK\nSkills: C#")));
        await App.ImportCvsAsync(project.Id, ("dana-new.txt", Encoding.UTF8.GetBytes("Dana Whitfield\nSenior Backend Engineer | dana@example.com | +44 7400 123456 | London, UK\nSkills: Docker")));
        await GotoAsync($"/project/{project.Id}/cvs");

        var flag = Page.Locator("[data-test=duplicate-flag]");
        await Expect(flag).ToContainTextAsync("possible duplicate of Dana Whitfield (same email)");
        await ShotAsync("cv-duplicate");
        await flag.Locator("[data-test=merge-duplicate]").ClickAsync();

        await Expect(Page.Locator("[data-test=candidate-table] [data-test=candidate-name]")).ToHaveTextAsync(["Dana Whitfield"]);
        await Expect(Page.Locator("[data-test=duplicate-flag]")).ToHaveCountAsync(0);
        await Page.Locator("[data-test=open-candidate]").ClickAsync();
        await Expect(Field(Page, "edit-phones")).ToHaveValueAsync("+447911123456, +447400123456");
    }

    [Fact]
    public async Task CvsPage_KeepBoth_ClearsTheFlag()
    {
        var project = await App.CreateProjectAsync();
        await App.ImportCvsAsync(project.Id, ("a.txt", Encoding.UTF8.GetBytes("Sam Lee\nsam@example.com")), ("b.txt", Encoding.UTF8.GetBytes("Samantha Lee\nsam@example.com")));
        await GotoAsync($"/project/{project.Id}/cvs");

        await Page.Locator("[data-test=keep-both]").ClickAsync();

        await Expect(Page.Locator("[data-test=duplicate-flag]")).ToHaveCountAsync(0);
        await Expect(Page.Locator("[data-test=candidate-table] [data-test=candidate-name]")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task CvsPage_JobDescriptionFromDocx_FillsTheTextAndRanksCandidates()
    {
        var project = await App.CreateProjectAsync();
        await App.ImportCvsAsync(project.Id, ("alice.txt", Encoding.UTF8.GetBytes("Alice Martin\nSenior Backend Engineer | alice@example.com | London, UK\nSkills: C#, SQL Server, Docker, Kubernetes")));
        await GotoAsync($"/project/{project.Id}/cvs");

        var lines = Job.Split('\n');
        await (await FileInputAsync(Page.Locator("input[data-test=jd-upload]").Last)).SetInputFilesAsync(new FilePayload
        {
            Name = "advert.docx",
            MimeType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Buffer = CvWriters.Write(new CvBlocks(lines, [], [], [], null, null), CvFormat.Docx),
        });

        // The file is read by a worker process, which a loaded machine starts slowly: more than the default 5 s.
        await Expect(Field(Page, "jd-text")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("Kubernetes"), new() { Timeout = 30_000 });
        // The new job description rescores the table while the row is clicked; a click that lands while the table
        // reloads its rows can be lost under load, so the test clicks again until the explanation opens (a person would).
        var kubernetesFound = Page.Locator("[data-test=explanation] [data-test=requirement][data-status=Found] b", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Kubernetes$") });
        for (var attempt = 0; attempt < 5 && await kubernetesFound.CountAsync() == 0; attempt++)
        {
            await Page.Locator("[data-test=candidate-table] tbody tr").Filter(new() { HasText = "Alice Martin" }).ClickAsync();
            await Page.WaitForTimeoutAsync(2_000);
        }

        await Expect(kubernetesFound).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await ShotAsync("cv-jd-file");

        await (await FileInputAsync(Page.Locator("input[data-test=jd-upload]").Last)).SetInputFilesAsync(new FilePayload { Name = "advert.pdf", MimeType = "application/pdf", Buffer = "not a pdf"u8.ToArray() });
        await Expect(Page.Locator("[data-test=jd-file-error]")).ToContainTextAsync("advert.pdf: The file is named .pdf but is not a PDF");
        await Expect(Field(Page, "jd-text")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("Kubernetes"));
    }

    [Fact]
    public async Task CvsPage_ChooseAFolder_ImportsEveryFileInItAndItsSubfolders()
    {
        var project = await App.CreateProjectAsync();
        var folder = Directory.CreateTempSubdirectory("samsara-cv-folder-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "leeds"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "ann.txt"), "Ann Lee\nann@example.com", TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "bo.txt"), "Bo Chen\nbo@example.com", TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "leeds", "cy.txt"), "Cy Diaz\ncy@example.com", TestContext.Current.CancellationToken);
            await GotoAsync($"/project/{project.Id}/cvs");

            await (await FileInputAsync(Page.Locator("[data-test=cv-folder-input]"))).SetInputFilesAsync(folder.FullName);

            await Expect(Page.Locator("[data-test=import-count]").First).ToHaveTextAsync("3 / 3 files");
            await Expect(Page.Locator("[data-test=candidate-table] [data-test=candidate-name]")).ToHaveTextAsync(["Ann Lee", "Bo Chen", "Cy Diaz"]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task CandidateDrawer_PdfCv_ShowsTheOriginalAndSavesCorrectionsLive()
    {
        var project = await App.CreateProjectAsync();
        await App.Service<CandidateService>().SetJobDescriptionAsync(project.Id, new JobDescriptionInput { Text = Job }, TestContext.Current.CancellationToken);
        var pdf = CvCorpusBuilder.BuildPdfs(1).First();
        await App.ImportCvsAsync(project.Id, ("cv.pdf", pdf.Content));
        await GotoAsync($"/project/{project.Id}/cvs");

        await Page.Locator("[data-test=open-candidate]").ClickAsync();
        var drawer = Page.Locator("[data-test=candidate-drawer]");
        await Expect(Field(drawer, "edit-name")).ToHaveValueAsync(pdf.Truth.FullName);
        await Expect(drawer).ToContainTextAsync("confidence");
        var frame = drawer.Locator("iframe[data-test=cv-original]");
        await Expect(frame).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("/cv-file$"));
        var served = await Page.APIRequest.GetAsync(await frame.GetAttributeAsync("src") ?? "");
        Assert.Equal("application/pdf", served.Headers["content-type"]);
        Assert.StartsWith("sandbox;", served.Headers["content-security-policy"], StringComparison.Ordinal);
        await ShotAsync("cv-drawer-pdf");

        await Field(drawer, "edit-phones").FillAsync("12345");
        await drawer.Locator("[data-test=save-cv-fields]").ClickAsync();
        await Expect(drawer).ToContainTextAsync("'12345' is not a valid phone number");

        await Field(drawer, "edit-phones").FillAsync("+44 7400 123456");
        await Field(drawer, "edit-title").FillAsync("Principal Engineer");
        await Field(drawer, "edit-skills").FillAsync("C#, SQL Server, Docker, Kubernetes");
        await drawer.Locator("[data-test=save-cv-fields]").ClickAsync();

        await Expect(Field(drawer, "edit-phones")).ToHaveValueAsync("+447400123456");
        await Expect(drawer).ToContainTextAsync("checked by a recruiter");
        await Page.Locator("[aria-label='close candidate details']").ClickAsync();
        var row = Page.Locator("[data-test=candidate-table] tbody tr").First;
        await Expect(row).ToContainTextAsync("Principal Engineer");
        // Three skills show on the row; the rest are counted, named in the count's tooltip.
        await Expect(row.Locator("[data-test=more-skills]")).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("Kubernetes"));
    }

    [Fact]
    public async Task CandidateDrawer_TextCvWithMarkup_ShowsItAsTextAndRunsNothing()
    {
        var project = await App.CreateProjectAsync();
        await App.ImportCvsAsync(project.Id, ("mal.txt", Encoding.UTF8.GetBytes("Mal Ware\nmal@example.com\n<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>")));
        await GotoAsync($"/project/{project.Id}/cvs");

        await Page.Locator("[data-test=open-candidate]").ClickAsync();

        await Expect(Page.Locator("[data-test=cv-text]")).ToContainTextAsync("<script>document.title='pwned'</script>");
        await Expect(Page.Locator("[data-test=cv-text] script, [data-test=cv-text] img")).ToHaveCountAsync(0);
        Assert.NotEqual("pwned", await Page.TitleAsync());
        await ShotAsync("cv-drawer-text");
    }

    /// <summary>A MudTextField's editable element, wherever MudBlazor puts the data-test attribute.</summary>
    private static ILocator Field(IPage page, string test) => page.Locator(FieldSelector(test)).First;

    private static ILocator Field(ILocator scope, string test) => scope.Locator(FieldSelector(test)).First;

    private static string FieldSelector(string test) =>
        $"input[data-test={test}], textarea[data-test={test}], [data-test={test}] input, [data-test={test}] textarea";
}
