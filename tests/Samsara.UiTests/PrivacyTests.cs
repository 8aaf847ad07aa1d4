using System.IO.Compression;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Samsara.UiTests;

/// <summary>Issue 18 in the browser: find a person across projects, download their data, erase them everywhere.</summary>
public sealed class PrivacyTests(BrowserFixture browser) : BrowserTest(browser)
{
    // MudBlazor puts a field's attributes on its input for some components and on a wrapper for others.
    private static ILocator Input(IPage page, string test) => page.Locator($"input[data-test={test}], [data-test={test}] input");

    private static ILocator Input(ILocator within, string test) => within.Locator($"input[data-test={test}], [data-test={test}] input");

    [Fact]
    public async Task SettingsPrivacy_SearchExportAndErase_PersonGoneFromEveryProject()
    {
        var first = (await App.CreateProjectAsync("Staff Nurse")).Id;
        var second = (await App.CreateProjectAsync("Ward Manager")).Id;
        await App.AddCandidateAsync(first, "Grace Okafor", "grace.okafor@example.ng", "+2348031234567");
        await App.AddCandidateAsync(second, "Grace Okafor", "Grace.Okafor@example.ng");
        await App.AddCandidateAsync(second, "Helen <b>Ng</b>", "helen@example.com");

        await GotoAsync("/settings");
        await Page.Locator("[data-test=privacy-link]").ClickAsync();
        await Input(Page, "people-search").FillAsync("GRACE.OKAFOR@example.ng");
        await Page.Locator("[data-test=people-search-go]").ClickAsync();
        var rows = Page.Locator("[data-test=person-row]");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToContainTextAsync("Staff Nurse");

        // The export is a real zip download of the person's data.
        var download = await Page.RunAndWaitForDownloadAsync(() => rows.First.Locator("[data-test=person-export]").ClickAsync());
        var zipPath = await download.PathAsync();
        using (var zip = ZipFile.OpenRead(zipPath))
        {
            Assert.Contains(zip.Entries, e => e.FullName == "candidate.json");
        }

        await rows.First.Locator("[data-test=person-erase]").ClickAsync();
        var panel = Page.Locator("[data-test=erase-panel]");
        await Expect(panel.Locator("[data-test=erase-scope] li")).ToHaveCountAsync(2);
        await Expect(panel.Locator("[data-test=erase-confirm]")).ToBeDisabledAsync();
        await Input(panel, "erase-understood").CheckAsync();
        await panel.Locator("[data-test=erase-confirm]").ClickAsync();

        await Expect(Page.Locator("[data-test=erase-result]")).ToContainTextAsync("Erased 2 record(s)");
        await Expect(Page.Locator("[data-test=people-none]")).ToBeVisibleAsync();
        await Input(Page, "people-search").FillAsync("helen@example.com");
        await Page.Locator("[data-test=people-search-go]").ClickAsync();
        await Expect(Page.Locator("[data-test=person-row]")).ToContainTextAsync("Helen <b>Ng</b>"); // escaped, and still there
    }
}
