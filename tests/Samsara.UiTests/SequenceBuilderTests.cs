using Microsoft.Playwright;
using Samsara.Core.Outreach.Sequences;
using Samsara.Core.Templates;
using static Microsoft.Playwright.Assertions;

namespace Samsara.UiTests;

public sealed class SequenceBuilderTests(BrowserFixture browser) : BrowserTest(browser)
{
    /// <summary>The text box of a step's template picker, which shows the chosen template's name.</summary>
    internal const string StepTemplateInput = "[data-test=step-template] input, input[data-test=step-template]";

    [Fact]
    public async Task SequenceBuilder_BuildReorderSaveEnrolOptOut_StepsAndStatesShown()
    {
        var project = await App.CreateProjectAsync();
        var templates = App.Service<TemplateService>();
        await templates.CreateAsync(new TemplateInput { ProjectId = project.Id, Name = "First SMS", Channel = MessageChannel.Sms, Body = "Hi {{ candidate.first_name }}" });
        await templates.CreateAsync(new TemplateInput { ProjectId = project.Id, Name = "Follow-up", Channel = MessageChannel.Email, Subject = "Hello", Body = "Hi {{ candidate.first_name }}" });
        await App.AddCandidateAsync(project.Id, "Ana Lima", "ana@example.com", "+447700900123");
        await GotoAsync($"/project/{project.Id}/outreach");

        await Page.GetByRole(AriaRole.Tab, new() { Name = "Sequences" }).ClickAsync();
        var editor = Page.Locator("[data-test=sequence-editor]");
        var steps = editor.Locator("[data-test=sequence-step]");
        await Expect(steps).ToHaveCountAsync(1);

        // Nothing to send is refused with a message, and nothing is saved.
        await steps.First.GetByRole(AriaRole.Button, new() { Name = "delete step" }).ClickAsync();
        await editor.Locator("[data-test=save-sequence]").ClickAsync();
        await Expect(editor.Locator("[data-test=sequence-problem]")).ToHaveTextAsync("steps: A sequence needs at least one step.");
        Assert.Empty((await App.Service<SequenceService>().ListAsync(project.Id))!);

        await editor.Locator("[data-test=add-step]").ClickAsync();
        await editor.Locator("[data-test=add-step]").ClickAsync();
        await steps.Nth(1).Locator("[data-test=step-channel]").ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = "SMS" }).ClickAsync();
        await Expect(steps.Nth(1).Locator(StepTemplateInput)).ToHaveValueAsync("First SMS");
        // The SMS goes first: move it up.
        await steps.Nth(1).GetByRole(AriaRole.Button, new() { Name = "move step up" }).ClickAsync();
        await editor.Locator("[data-test=save-sequence]").ClickAsync();

        await Expect(Page.Locator("[data-test=sequence-list]")).ToContainTextAsync("Main sequence · 2 steps");
        await Expect(Page.Locator("[data-test=sequence-list]")).ToContainTextAsync("default");
        var saved = Assert.Single((await App.Service<SequenceService>().ListAsync(project.Id))!);
        Assert.Equal([StepChannel.Sms, StepChannel.Email], saved.Steps.Select(s => s.Channel));
        Assert.Equal(1440, saved.Steps[1].DelayMinutes);
        Assert.Equal(StepCondition.OnlyIfNoReply, saved.Steps[1].Condition);

        await Page.GetByRole(AriaRole.Tab, new() { Name = "Candidates" }).ClickAsync();
        await Page.Locator("[data-test=enrol]").ClickAsync();
        await Expect(Page.Locator("[data-test=enrol-sequence]")).ToContainTextAsync("Main sequence (default)");
        await Page.GetByLabel("All 1 not yet enrolled").CheckAsync();
        await Page.Locator("[data-test=enrol-confirm]").ClickAsync();

        await Page.Locator("[data-test=outreach-name]", new() { HasText = "Ana Lima" }).ClickAsync();
        var drawer = Page.Locator("[data-test=timeline-drawer]");
        var stepRows = drawer.Locator("[data-test=step-status] tr");
        await Expect(stepRows).ToHaveCountAsync(2);
        await Expect(stepRows.Nth(1)).ToContainTextAsync("Email");
        await Expect(stepRows.Nth(1).Locator("[data-test=step-state]")).ToHaveTextAsync("Planned");
        await Expect(stepRows.Nth(1)).ToContainTextAsync("1 day after the previous step");

        await drawer.Locator("[data-test=opt-out]").ClickAsync();
        await Page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Opt out" }).ClickAsync();
        await Expect(Page.Locator("[data-test=outreach-state]")).ToHaveTextAsync("Opted out");
        await Expect(drawer.GetByText("Opted out by recruiter").First).ToBeVisibleAsync();
    }
}
