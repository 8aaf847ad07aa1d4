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
        // A new step waits hours, not days, and says so in words.
        await Expect(steps.Nth(1).Locator("[data-test=step-when]")).ToHaveTextAsync("2 hours after step 1");
        await Expect(editor.Locator("[data-test=sequence-rules]")).ToContainTextAsync("Reply window 30 minutes after the last message");
        await Expect(editor.Locator("[data-test=sequence-rules]")).ToContainTextAsync("contact hours 08:00–21:00");
        // The SMS goes first: move it up.
        await steps.Nth(1).GetByRole(AriaRole.Button, new() { Name = "move step up" }).ClickAsync();
        await editor.Locator("[data-test=save-sequence]").ClickAsync();

        await Expect(Page.Locator("[data-test=sequence-list]")).ToContainTextAsync("Main sequence · 2 steps");
        await Expect(Page.Locator("[data-test=sequence-list]")).ToContainTextAsync("default");
        var saved = Assert.Single((await App.Service<SequenceService>().ListAsync(project.Id))!);
        Assert.Equal([StepChannel.Sms, StepChannel.Email], saved.Steps.Select(s => s.Channel));
        Assert.Equal(120, saved.Steps[1].DelayMinutes);
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
        await Expect(stepRows.Nth(1)).ToContainTextAsync("2 hours after the previous step");

        await drawer.Locator("[data-test=opt-out]").ClickAsync();
        await Page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Opt out" }).ClickAsync();
        await Expect(Page.Locator("[data-test=outreach-state]")).ToHaveTextAsync("Opted out");
        await Expect(drawer.GetByText("Opted out by recruiter").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task QuietHours_TypedAsTimes_SavedAndShownOnTheSequence()
    {
        var project = await App.CreateProjectAsync();
        await GotoAsync($"/project/{project.Id}/settings");

        var from = Page.Locator("[data-test=quiet-from] input, input[data-test=quiet-from]").First;
        var until = Page.Locator("[data-test=quiet-until] input, input[data-test=quiet-until]").First;
        await from.FillAsync("09:30");
        await from.PressAsync("Tab");
        await until.FillAsync("18:00");
        await until.PressAsync("Tab");
        await Page.Locator("[data-test=save-settings]").ClickAsync();
        await Expect(Page.GetByText("Settings saved")).ToBeVisibleAsync();

        var saved = (await App.Service<Samsara.Core.Projects.ProjectService>().GetAsync(project.Id))!;
        Assert.Equal((9 * 60 + 30, 18 * 60), (saved.QuietHoursStartMinute, saved.QuietHoursEndMinute));
        await GotoAsync($"/project/{project.Id}/outreach");
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Sequences" }).ClickAsync();
        await Expect(Page.Locator("[data-test=sequence-rules]")).ToContainTextAsync("contact hours 09:30–18:00 in the candidate's time zone");
    }
}
