using static Microsoft.Playwright.Assertions;

namespace Samsara.UiTests;

/// <summary>Issue 19: a newcomer on an empty dashboard tries the demo project and watches candidates move.</summary>
public sealed class DemoProjectTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task EmptyDashboard_TryTheDemoProject_CandidatesImportAndTheScriptedOneReplies()
    {
        await GotoAsync("/");
        await Page.Locator("[data-test=try-demo]").ClickAsync();

        // The project's CVs page, filling with the twelve sample CVs as the parser workers read them.
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/project/[0-9a-f-]+/cvs$"), new() { Timeout = 60_000 });
        var names = Page.Locator("[data-test=candidate-table] [data-test=candidate-name]");
        await Expect(names).ToHaveCountAsync(12, new() { Timeout = 90_000 });
        await Expect(names.Filter(new() { HasText = "Ana Lima" })).ToBeVisibleAsync();

        // Everyone is enrolled in the demo sequence; +44 7700 900001 answers the SMS within about 30 s. The engine's passes
        // run here as its background loop would run them (the tests' hosts drive it by hand).
        await GotoAsync(Page.Url.Replace("/cvs", "/outreach", StringComparison.Ordinal));
        using var stopEngine = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var engine = Task.Run(async () =>
        {
            while (!stopEngine.IsCancellationRequested)
            {
                await App.Service<Samsara.Core.Outreach.Engine.OutreachEngine>().RunOnceAsync(DateTimeOffset.UtcNow, stopEngine.Token);
                await Task.Delay(1_000, stopEngine.Token);
            }
        }, stopEngine.Token);
        var ana = Page.Locator("[data-test=outreach-table] tbody tr").Filter(new() { HasText = "Ana Lima" });
        await Expect(ana.Locator("[data-test=outreach-state]")).ToHaveTextAsync("Replied", new() { Timeout = 120_000 });
        await stopEngine.CancelAsync();
        try
        {
            await engine;
        }
        catch (OperationCanceledException)
        {
            // Stopped mid-pass or mid-wait, as asked.
        }
        await Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "demo-project-outreach.png"), FullPage = true });

        // The dashboard lists the demo project, and no longer offers a second one.
        await GotoAsync("/");
        await Expect(Page.Locator("[data-test=project-link]")).ToHaveTextAsync("Senior Backend Engineer (demo)");
        await Expect(Page.Locator("[data-test=try-demo]")).ToHaveCountAsync(0);
    }
}
