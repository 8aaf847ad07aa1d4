using Microsoft.Playwright;
using Samsara.Core.Outreach.Sequences;
using Samsara.Core.Templates;
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

    [Fact]
    public async Task SettingsTemplates_CreateEditDeleteGlobal_PreviewsLiveAndProjectSequencesCanPickIt()
    {
        var project = await App.CreateProjectAsync("Data Engineer");
        await App.AddCandidateAsync(project.Id, "Ana Lima", phone: "+447700900123");
        await GotoAsync("/settings");
        var panel = Page.Locator("[data-test=templates-panel]");
        await Expect(panel).ToContainTextAsync("Global message templates");
        await Expect(panel.Locator("[data-test=no-templates]")).ToBeVisibleAsync();

        await panel.GetByLabel("Name").FillAsync("Global intro");
        await panel.GetByLabel("Message").FillAsync("Hi {{ candidate.first_name }}, a role at {{ project.name }}?");
        // The preview candidate comes from a project of the recruiter's choice (the first one by default).
        await Expect(panel.Locator("[data-test=template-preview]")).ToHaveTextAsync("Hi Ana, a role at Data Engineer?");
        await panel.Locator("[data-test=save-template]").ClickAsync();
        await Expect(panel.Locator("[data-test=template-list]")).ToContainTextAsync("Global intro");
        var saved = Assert.Single(await App.Service<TemplateService>().ListAsync(null));
        Assert.Null(saved.ProjectId);

        await panel.GetByLabel("Message").FillAsync("Hello {{ candidate.first_name }} <b>&</b> {{ project.name }}");
        await Expect(panel.Locator("[data-test=template-preview]")).ToHaveTextAsync("Hello Ana <b>&</b> Data Engineer");
        await panel.Locator("[data-test=save-template]").ClickAsync();
        // The first save's snackbar may still be up, so wait for the stored text itself.
        var edited = "Hello {{ candidate.first_name }} <b>&</b> {{ project.name }}";
        for (var i = 0; i < 150 && (await App.Service<TemplateService>().GetAsync(saved.Id))!.Body != edited; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(edited, (await App.Service<TemplateService>().GetAsync(saved.Id))!.Body);

        // The project's sequence builder offers it, marked global, and saves a step that sends it.
        await GotoAsync($"/project/{project.Id}/outreach");
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Sequences" }).ClickAsync();
        var editor = Page.Locator("[data-test=sequence-editor]");
        // The chosen template's name is rendered with the select itself (not after a second, JS-driven render).
        await Expect(editor.Locator(SequenceBuilderTests.StepTemplateInput)).ToHaveValueAsync("Global intro (global)");
        await editor.Locator("[data-test=save-sequence]").ClickAsync();
        await Expect(Page.Locator("[data-test=sequence-list]")).ToContainTextAsync("Main sequence · 1 step");
        Assert.Equal(saved.Id, Assert.Single((await App.Service<SequenceService>().ListAsync(project.Id))!).Steps.Single().TemplateId);

        // Deleting a template a sequence uses asks first, naming what it does to those steps.
        await GotoAsync("/settings");
        await panel.Locator("[data-test=template-list]").GetByText("Global intro").ClickAsync();
        await panel.Locator("[data-test=delete-template]").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("used by 1 sequence step");
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(panel.Locator("[data-test=no-templates]")).ToBeVisibleAsync();
        Assert.Empty(await App.Service<TemplateService>().ListAsync(null));
    }
}
