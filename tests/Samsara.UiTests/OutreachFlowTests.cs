using Microsoft.Playwright;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Projects;
using Samsara.Core.Templates;
using static Microsoft.Playwright.Assertions;

namespace Samsara.UiTests;

public sealed class OutreachFlowTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task OutreachPage_EnrolAndMoveByHand_UpdatesStateAndTimelineLive()
    {
        var project = await App.CreateProjectAsync();
        await App.AddCandidateAsync(project.Id, "Ana Lima", "ana@example.com");
        await App.AddCandidateAsync(project.Id, "Bruno Costa", "bruno@example.com");
        await GotoAsync($"/project/{project.Id}/outreach");
        await Expect(Page.GetByText("Nobody is enrolled yet")).ToBeVisibleAsync();

        await Page.Locator("[data-test=enrol]").ClickAsync();
        await Page.GetByLabel("All 2 not yet enrolled").CheckAsync();
        await Page.Locator("[data-test=enrol-confirm]").ClickAsync();

        var rows = Page.Locator("[data-test=outreach-table] tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(Page.Locator("[data-test=outreach-funnel] [data-state=Pending]")).ToHaveTextAsync("Waiting to send 2");
        var wheel = Page.GetByRole(AriaRole.Navigation, new() { Name = "Project sections", Exact = true });
        await Expect(wheel.Locator("[data-section=outreach]")).ToHaveAttributeAsync("aria-label", "Outreach, 2");

        await rows.Filter(new() { HasText = "Ana Lima" }).Locator("[data-test=outreach-name]").ClickAsync();
        var drawer = Page.Locator("[data-test=timeline-drawer]");
        await Expect(drawer.GetByText("Enrolled in outreach")).ToBeVisibleAsync();
        await drawer.Locator("[data-test=move-to]").ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = "Withdrawn" }).ClickAsync();
        await drawer.GetByLabel("Reason").FillAsync("Accepted another offer");
        await drawer.Locator("[data-test=move]").ClickAsync();

        await Expect(drawer.GetByText("Waiting to send → Withdrawn")).ToBeVisibleAsync();
        await Expect(drawer.GetByText("Accepted another offer")).ToBeVisibleAsync();
        await Expect(rows.Filter(new() { HasText = "Ana Lima" }).Locator("[data-test=outreach-state]")).ToHaveTextAsync("Withdrawn");
        await Expect(Page.Locator("[data-test=outreach-funnel] [data-state=Pending]")).ToHaveTextAsync("Waiting to send 1");
    }

    [Fact]
    public async Task OutreachPage_EngineSendsTheFirstSms_TableShowsNextActionAndLastMessageLive()
    {
        var project = await App.CreateProjectAsync();
        // Open all day, so the test does not depend on the hour it runs at.
        await App.Service<ProjectService>().UpdateSettingsAsync(project.Id, new ProjectSettingsInput { QuietHoursStartMinute = 0, QuietHoursEndMinute = 24 * 60 }, TestContext.Current.CancellationToken);
        await App.Service<TemplateService>().CreateAsync(new TemplateInput
        {
            ProjectId = project.Id,
            Name = "First touch",
            Channel = MessageChannel.Sms,
            Body = "Hi {{ candidate.first_name }}, a {{ project.name }} role: interested?",
        }, TestContext.Current.CancellationToken);
        // A sandbox number that never replies.
        await App.AddCandidateAsync(project.Id, "Ana Lima", phone: "+447700900003");
        await GotoAsync($"/project/{project.Id}/outreach");

        await Page.Locator("[data-test=enrol]").ClickAsync();
        await Page.GetByLabel("All 1 not yet enrolled").CheckAsync();
        await Page.Locator("[data-test=enrol-confirm]").ClickAsync();

        var row = Page.Locator("[data-test=outreach-table] tbody tr").Filter(new() { HasText = "Ana Lima" });
        await Expect(row.Locator("[data-test=outreach-next]")).ToContainTextAsync("SMS");

        // The engine sends (the tests' hosts run its passes by hand); the open page follows without a reload.
        await App.Service<OutreachEngine>().RunOnceAsync(DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
        await Expect(row.Locator("[data-test=outreach-last]")).ToContainTextAsync("Hi Ana, a Senior Backend Engineer role: interested?");
        await Expect(row.Locator("[data-test=outreach-next]")).ToContainTextAsync("Reply window ends");
        await Expect(row.Locator("[data-test=outreach-next]")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("due in (29|30) minutes"));
        await Expect(row.Locator("[data-test=outreach-state]")).ToHaveTextAsync("Awaiting reply");
    }
}
