using Microsoft.Playwright;
using Samsara.Core.Outreach;
using static Microsoft.Playwright.Assertions;

namespace Samsara.UiTests;

/// <summary>Layout at the four widths a recruiter uses, with a project of thousands; screenshots kept for a look.</summary>
public sealed class ScreenLayoutTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Theory]
    [InlineData(390)]
    [InlineData(800)]
    [InlineData(1366)]
    [InlineData(1920)]
    public async Task OutreachPage_ThousandsEnrolled_HeaderHoldsRowsStayCompactNoSideways(int width)
    {
        var project = await App.CreateProjectAsync();
        await App.EnrolManyAsync(project.Id, 2_500);
        await Page.SetViewportSizeAsync(width, 900);

        await GotoAsync($"/project/{project.Id}/outreach");
        var rows = Page.Locator("[data-test=outreach-table] tbody tr");
        await Expect(rows).ToHaveCountAsync(50);
        await Expect(Page.Locator("[data-test=outreach-funnel] [data-state=All]")).ToHaveTextAsync("All 2,500");
        Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"outreach-{width}.png") });

        // The header's items sit side by side, none over another.
        var boxes = new List<LocatorBoundingBoxResult>();
        foreach (var item in await Page.Locator(".mud-appbar .mud-toolbar > *:visible").AllAsync())
        {
            if (await item.BoundingBoxAsync() is { Width: > 0 } box)
            {
                boxes.Add(box);
            }
        }

        for (var i = 1; i < boxes.Count; i++)
        {
            Assert.True(boxes[i].X >= boxes[i - 1].X + boxes[i - 1].Width - 1, $"header items {i - 1} and {i} overlap at {width} px");
        }

        // The page itself never scrolls sideways (a wide table scrolls inside its own box), and rows stay compact.
        Assert.True(await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), $"the page scrolls sideways at {width} px");
        var height = (await rows.First.BoundingBoxAsync())!.Height;
        Assert.True(height < 90, $"a row is {height} px tall at {width} px");
    }

    [Fact]
    public async Task NeedsYou_RepliedCandidate_LinkOpensTheirTimeline()
    {
        var project = await App.CreateProjectAsync();
        var ana = await App.AddCandidateAsync(project.Id, "Ana Lima", "ana@example.com");
        var outreach = App.Service<OutreachService>();
        await outreach.EnrolAsync(project.Id, new EnrolRequest(All: true), "recruiter", TestContext.Current.CancellationToken);
        foreach (var to in new[] { CandidateState.OutreachSent, CandidateState.AwaitingReply, CandidateState.Replied })
        {
            await outreach.TransitionAsync(project.Id, ana.Id, to, "by hand", "recruiter", TestContext.Current.CancellationToken);
        }

        await GotoAsync($"/project/{project.Id}");
        var item = Page.Locator("[data-test=needs-you-item]");
        await Expect(item).ToHaveTextAsync("Ana Lima · Replied: read the answer and arrange a call");
        await item.ClickAsync();

        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/project/{project.Id}/outreach\\?candidate={ana.Id}"));
        await Expect(Page.Locator("[data-test=timeline-drawer]").GetByText("Awaiting reply → Replied")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task UnknownAddress_FriendlyPageWithA404AndTheFaviconIsServed()
    {
        var response = await Page.GotoAsync("/project/" + Guid.NewGuid() + "/usage/nothing");

        Assert.Equal(404, response!.Status);
        await Expect(Page.Locator("[data-test=not-found]")).ToContainTextAsync("There is nothing at this address");
        Assert.Equal(200, (await Page.APIRequest.GetAsync("/favicon.ico")).Status);
        var api = await Page.APIRequest.GetAsync("/api/v1/projects/" + Guid.NewGuid());
        Assert.Equal(404, api.Status);
        // API addresses keep their JSON problem answer, not the HTML page.
        Assert.StartsWith("application/json", api.Headers["content-type"], StringComparison.Ordinal);
        Assert.Contains("\"status\":404", await api.TextAsync(), StringComparison.Ordinal);
    }
}
