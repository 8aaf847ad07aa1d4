using Microsoft.Playwright;
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
        await Expect(Page.Locator("[data-test=outreach-funnel] [data-state=Pending]")).ToHaveTextAsync("Pending 2");
        var wheel = Page.GetByRole(AriaRole.Navigation, new() { Name = "Project sections", Exact = true });
        await Expect(wheel.Locator("[data-section=outreach]")).ToHaveAttributeAsync("aria-label", "Outreach, 2");

        await rows.Filter(new() { HasText = "Ana Lima" }).Locator("[data-test=outreach-name]").ClickAsync();
        var drawer = Page.Locator("[data-test=timeline-drawer]");
        await Expect(drawer.GetByText("Enrolled in outreach")).ToBeVisibleAsync();
        await drawer.Locator("[data-test=move-to]").ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = "Withdrawn" }).ClickAsync();
        await drawer.GetByLabel("Reason").FillAsync("Accepted another offer");
        await drawer.Locator("[data-test=move]").ClickAsync();

        await Expect(drawer.GetByText("Pending → Withdrawn")).ToBeVisibleAsync();
        await Expect(drawer.GetByText("Accepted another offer")).ToBeVisibleAsync();
        await Expect(rows.Filter(new() { HasText = "Ana Lima" }).Locator("[data-test=outreach-state]")).ToHaveTextAsync("Withdrawn");
        await Expect(Page.Locator("[data-test=outreach-funnel] [data-state=Pending]")).ToHaveTextAsync("Pending 1");
    }
}
