using Microsoft.Playwright;
using Samsara.Core;
using Samsara.Core.Outreach;
using Samsara.Testing;
using static Microsoft.Playwright.Assertions;

namespace Samsara.UiTests;

/// <summary>Team mode: a page open on node B follows a move made on node A, both on one PostgreSQL, without a reload.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CrossNodeLiveUpdateTests(BrowserFixture browser) : IAsyncLifetime
{
    private SamsaraAppFactory _nodeA = null!;
    private SamsaraAppFactory _nodeB = null!;
    private IBrowserContext _context = null!;

    public async ValueTask InitializeAsync()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        _nodeA = new SamsaraAppFactory(database);
        _nodeB = new SamsaraAppFactory(database);
        var address = _nodeB.StartBrowserServer();
        await _nodeA.ListeningToOtherNodesAsync();
        await _nodeB.ListeningToOtherNodesAsync();
        _context = await browser.Browser.NewContextAsync(new() { BaseURL = address.ToString().TrimEnd('/'), ViewportSize = new() { Width = 1400, Height = 900 } });
        _context.SetDefaultTimeout(15_000);
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _nodeB.DisposeAsync();
        await _nodeA.DisposeAsync();
    }

    [Fact]
    public async Task OutreachPageOnNodeB_CandidateMovedOnNodeA_StateAndFunnelUpdateLive()
    {
        var project = await _nodeA.CreateProjectAsync();
        var ana = await _nodeA.AddCandidateAsync(project.Id, "Ana Lima", "ana@example.com");
        await _nodeA.Service<OutreachService>().EnrolAsync(project.Id, new EnrolRequest(All: true), "recruiter");
        var page = await _context.NewPageAsync();
        await page.GotoAsync($"/project/{project.Id}/outreach");
        await page.Locator("body[data-interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var state = page.Locator("[data-test=outreach-table] tbody tr").Filter(new() { HasText = "Ana Lima" }).Locator("[data-test=outreach-state]");
        await Expect(state).ToHaveTextAsync("Waiting to send");

        await _nodeA.Service<OutreachService>().TransitionAsync(project.Id, ana.Id, CandidateState.Withdrawn, "Took another offer", "recruiter");

        await Expect(state).ToHaveTextAsync("Withdrawn");
        await Expect(page.Locator("[data-test=outreach-funnel] [data-state=Withdrawn]")).ToHaveTextAsync("Withdrawn 1");
    }
}
