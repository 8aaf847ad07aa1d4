using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Samsara.UiTests;

public sealed partial class ProjectFlowTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task Dashboard_CreateProjectMoveThroughWheelAddCandidate_ShowsItInTheList()
    {
        await GotoAsync("/");
        await Expect(Page.GetByText("No projects yet")).ToBeVisibleAsync();

        await Page.Locator("[data-test=new-project]").ClickAsync();
        await Page.GetByLabel("Project name").FillAsync("Platform Engineer");
        await Page.GetByLabel("Client", new() { Exact = true }).FillAsync("Initech");
        await Page.Locator("[data-test=save-project]").ClickAsync();

        await Expect(Page).ToHaveURLAsync(ProjectHubUrl());
        var wheel = Page.GetByRole(AriaRole.Navigation, new() { Name = "Project sections", Exact = true });
        await Expect(wheel).ToBeVisibleAsync();
        await Expect(wheel.Locator("[data-section=cvs]")).ToHaveAttributeAsync("aria-label", "CVs, 0");

        // Keyboard: focus the first segment, arrow to the next, arrow back, Enter opens it.
        await wheel.Locator("[data-section=cvs]").FocusAsync();
        await Page.Keyboard.PressAsync("ArrowRight");
        await Expect(wheel.Locator("[data-section=settings]")).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("ArrowLeft");
        await Expect(wheel.Locator("[data-section=cvs]")).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Enter");

        await Expect(Page).ToHaveURLAsync(SectionUrl("cvs"));
        await Expect(wheel.Locator("[data-section=cvs]")).ToHaveAttributeAsync("aria-current", "page");
        await Expect(Page.GetByText("No candidates yet")).ToBeVisibleAsync();

        await Page.Locator("[data-test=add-candidate]").ClickAsync();
        await Page.GetByLabel("Full name").FillAsync("<script>window.pwned=1</script>Ana Lima");
        await Page.GetByLabel("Email").FillAsync("ana@example.com");
        await Page.GetByLabel("Location").FillAsync("Lisbon");
        await Page.Locator("[data-test=save-candidate]").ClickAsync();

        var row = Page.Locator("[data-test=candidate-table] tbody tr").Filter(new() { HasText = "ana@example.com" });
        await Expect(row.Locator("[data-test=candidate-name]")).ToHaveTextAsync("<script>window.pwned=1</script>Ana Lima");
        await Expect(row).ToContainTextAsync("Lisbon");
        await Expect(row).ToContainTextAsync("missing phone");
        Assert.Equal("undefined", await Page.EvaluateAsync<string>("() => typeof window.pwned"));

        // The wheel's count updated live, without a reload.
        await Expect(wheel.Locator("[data-section=cvs]")).ToHaveAttributeAsync("aria-label", "CVs, 1");

        // Back and forward work between routed sections.
        await wheel.Locator("[data-section=settings]").ClickAsync();
        await Expect(Page).ToHaveURLAsync(SectionUrl("settings"));
        await Page.GoBackAsync();
        await Expect(Page).ToHaveURLAsync(SectionUrl("cvs"));
        await Expect(row.Locator("[data-test=candidate-name]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Dashboard_ProjectCreatedElsewhere_AppearsWithoutReload()
    {
        await GotoAsync("/");
        await Expect(Page.GetByText("No projects yet")).ToBeVisibleAsync();

        await App.CreateProjectAsync("Made through the API", "Umbrella");

        await Expect(Page.Locator("[data-test=project-link]")).ToHaveTextAsync("Made through the API");
    }

    [Fact]
    public async Task CandidateDialog_InvalidEmail_ShowsTheErrorAndKeepsTheDialogOpen()
    {
        var project = await App.CreateProjectAsync();
        await GotoAsync($"/project/{project.Id}/cvs");

        await Page.Locator("[data-test=add-candidate]").ClickAsync();
        await Page.GetByLabel("Full name").FillAsync("Bruno Costa");
        await Page.GetByLabel("Email").FillAsync("not-an-email");
        await Page.Locator("[data-test=save-candidate]").ClickAsync();

        await Expect(Page.GetByText("That is not an email address.")).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("Full name")).ToHaveValueAsync("Bruno Costa");
    }

    [Fact]
    public async Task ProjectHub_NarrowWindow_FoldsTheWheelIntoTabs()
    {
        var project = await App.CreateProjectAsync();
        await Page.SetViewportSizeAsync(600, 900);
        await GotoAsync($"/project/{project.Id}");

        await Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Project sections", Exact = true })).ToBeHiddenAsync();
        var tabs = Page.GetByRole(AriaRole.Navigation, new() { Name = "Project sections (compact)" });
        await tabs.GetByRole(AriaRole.Link, new() { Name = "CVs" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(SectionUrl("cvs"));
    }

    private static Regex ProjectHubUrl() => HubRegex();

    private static Regex SectionUrl(string section) => new($"/project/[0-9a-f-]{{36}}/{section}$");

    [GeneratedRegex("/project/[0-9a-f-]{36}$")]
    private static partial Regex HubRegex();
}
