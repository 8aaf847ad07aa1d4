using System.Text;
using Microsoft.Playwright;
using Samsara.Core.Candidates;
using static Microsoft.Playwright.Assertions;

namespace Samsara.UiTests;

public sealed class CvImportFlowTests(BrowserFixture browser) : BrowserTest(browser)
{
    private const string Job = "Senior .NET Engineer\nLocation: London\nRequirements:\n- C#, SQL Server, Docker, Kubernetes\n- 5+ years of experience";

    [Fact]
    public async Task CvsPage_DropThreeCvs_ProgressFinishesAndRankedListExplainsScores()
    {
        var project = await App.CreateProjectAsync();
        await App.Service<CandidateService>().SetJobDescriptionAsync(project.Id, new JobDescriptionInput { Text = Job }, TestContext.Current.CancellationToken);
        await GotoAsync($"/project/{project.Id}/cvs");

        await (await FileInputAsync(Page.Locator("input[data-test=cv-upload]"))).SetInputFilesAsync(
        [
            Cv("carol.txt", "Carol White\nMarketing Executive | carol@example.com | New York, USA\nSkills: SEO, Excel"),
            Cv("alice.txt", "Alice Martin\nSenior Backend Engineer | alice@example.com | +44 7911 123456 | London, UK\nSkills: csharp, SQL Server, Docker, k8s\nExperience\nSenior Backend Engineer — Fintech Ltd | 2015 – Present"),
            Cv("bob.txt", "Bob Stone\nSoftware Engineer | bob@example.com | Leeds, UK\nSkills: C#, SQL Server\nExperience\nSoftware Engineer — Shop Ltd | 2022 – Present"),
        ]);

        // The first import starts the parser workers; allow for their start on a busy machine.
        await Expect(Page.Locator("[data-test=import-count]").First).ToHaveTextAsync("3 / 3 files", new() { Timeout = 30_000 });
        var names = Page.Locator("[data-test=candidate-table] [data-test=candidate-name]");
        await Expect(names).ToHaveTextAsync(["Alice Martin", "Bob Stone", "Carol White"]);

        await Page.Locator("[data-test=candidate-table] tbody tr").Filter(new() { HasText = "Bob Stone" }).ClickAsync();
        var explanation = Page.Locator("[data-test=explanation]");
        await Expect(explanation.Locator("[data-test=requirement][data-status=Missing] b", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Docker$") })).ToHaveCountAsync(1);
        var foundCSharp = explanation.Locator("[data-test=requirement][data-status=Found]", new() { Has = Page.Locator("b", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^C#$") }) });
        await Expect(foundCSharp).ToHaveCountAsync(1);
        await Expect(foundCSharp.Locator("[data-test=quote]")).ToContainTextAsync("Skills: C#, SQL Server");
        await Expect(explanation.Locator("[data-test=parsed-fields]")).ToContainTextAsync("bob@example.com");
    }

    [Fact]
    public async Task CvsPage_DropAFakePdf_ShowsTheReasonBesideTheBar()
    {
        var project = await App.CreateProjectAsync();
        await GotoAsync($"/project/{project.Id}/cvs");

        await (await FileInputAsync(Page.Locator("input[data-test=cv-upload]"))).SetInputFilesAsync([Cv("holiday.pdf", "just text, not a pdf")]);

        await Expect(Page.Locator("[data-test=import-failure]")).ToContainTextAsync("holiday.pdf: The file is named .pdf but is not a PDF");
    }

    [Fact]
    public async Task CvsPage_CloseAFinishedImportBar_StaysClosedOnReload()
    {
        var project = await App.CreateProjectAsync();
        await App.ImportCvsAsync(project.Id, ("first.txt", Encoding.UTF8.GetBytes("Ana Lima\nChef | ana@example.com")));
        await App.ImportCvsAsync(project.Id, ("second.txt", Encoding.UTF8.GetBytes("Bruno Costa\nChef | bruno@example.com")));
        await GotoAsync($"/project/{project.Id}/cvs");
        var bars = Page.Locator("[data-test=import-progress]");
        await Expect(bars).ToHaveCountAsync(2);

        await bars.First.Locator("[data-test=dismiss-import]").ClickAsync();
        await Expect(bars).ToHaveCountAsync(1);

        await Page.ReloadAsync();
        await Page.Locator("body[data-interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(Page.Locator("[data-test=candidate-table] [data-test=candidate-name]")).ToHaveCountAsync(2);
        await Expect(bars).ToHaveCountAsync(1);
        await Expect(bars.Locator("[data-test=dismiss-import]")).ToBeVisibleAsync();
    }

    private static FilePayload Cv(string name, string text) => new() { Name = name, MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes(text) };
}
