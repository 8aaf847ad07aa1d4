using static Microsoft.Playwright.Assertions;

namespace Samsara.UiTests;

public sealed class TemplateEditorTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task ProjectSettings_TemplateWithTypoThenFixed_ShowsTheProblemThenThePreview()
    {
        var project = await App.CreateProjectAsync("Data Engineer");
        await App.AddCandidateAsync(project.Id, "Ana Lima", phone: "+447700900123");
        await GotoAsync($"/project/{project.Id}/settings");
        var panel = Page.Locator("[data-test=templates-panel]");

        await panel.GetByLabel("Name").FillAsync("Intro SMS");
        await panel.GetByLabel("Message").FillAsync("Hi {{ candidate.frist_name }}, interested in {{ project.name }}?");
        await panel.Locator("[data-test=save-template]").ClickAsync();
        await Expect(panel.Locator("[data-test=template-problem]")).ToContainTextAsync("candidate.frist_name");
        await Expect(panel.Locator("[data-test=template-list]")).Not.ToContainTextAsync("Intro SMS");

        await panel.GetByLabel("Message").FillAsync("Hi {{ candidate.first_name }}, interested in {{ project.name }}?");
        await Expect(panel.Locator("[data-test=sms-counter]")).ToContainTextAsync("1 segment");
        await panel.Locator("[data-test=save-template]").ClickAsync();

        await Expect(panel.Locator("[data-test=template-problem]")).ToHaveCountAsync(0);
        await Expect(panel.Locator("[data-test=template-list]")).ToContainTextAsync("Intro SMS");
        await Expect(panel.Locator("[data-test=template-preview]")).ToHaveTextAsync("Hi Ana, interested in Data Engineer?");
    }

    [Fact]
    public async Task ProjectSettings_TypingUnsavedText_ProblemsAndPreviewFollowTheTextWithoutSaving()
    {
        var project = await App.CreateProjectAsync("Data Engineer");
        await App.AddCandidateAsync(project.Id, "Ana Lima", phone: "+447700900123");
        await GotoAsync($"/project/{project.Id}/settings");
        var panel = Page.Locator("[data-test=templates-panel]");

        await panel.GetByLabel("Name").FillAsync("Draft SMS");
        await panel.GetByLabel("Message").PressSequentiallyAsync("Hi {{ candidate.frist_name }}");
        await Expect(panel.Locator("[data-test=template-problem]")).ToContainTextAsync("candidate.frist_name");

        await panel.GetByLabel("Message").FillAsync("Hi {{ candidate.first_name }}, a role at {{ project.name }} – interested?");
        await Expect(panel.Locator("[data-test=template-problem]")).ToHaveCountAsync(0);
        await Expect(panel.Locator("[data-test=template-preview]")).ToHaveTextAsync("Hi Ana, a role at Data Engineer – interested?");
        // The en dash makes it UCS-2; the count is of the rendered message, not the template text.
        await Expect(panel.Locator("[data-test=sms-counter]")).ToHaveTextAsync("Ucs2 · 45 characters · 1 segment");
        await Expect(panel.Locator("[data-test=template-list]")).Not.ToContainTextAsync("Draft SMS");
    }
}
