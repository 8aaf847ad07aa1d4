using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Samsara.Core.Ats;
using Samsara.Core.Ats.Mapping;
using Samsara.Core.Outreach;
using static Microsoft.Playwright.Assertions;

namespace Samsara.UiTests;

/// <summary>The whole ATS bridge in Debian's Chromium: Samsara → WebSocket → extension → ATS page, and back.</summary>
public sealed class AtsExtensionTests : IAsyncLifetime
{
    private ExtensionSession session = null!;

    private Testing.SamsaraAppFactory App => session.App;

    public async ValueTask InitializeAsync() => session = await ExtensionSession.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result == Xunit.TestResult.Failed)
        {
            Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
            var name = string.Concat((TestContext.Current.Test?.TestDisplayName ?? "test").Split(Path.GetInvalidFileNameChars()));
            foreach (var (page, i) in session.Context.Pages.Select((p, i) => (p, i)))
            {
                await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"{name}-{i}.png"), FullPage = true });
            }
        }

        await session.DisposeAsync();
    }

    private async Task<(Guid Project, Guid Candidate)> ReadyCandidateAsync()
    {
        var project = await App.CreateProjectAsync();
        var candidate = await App.AddCandidateAsync(project.Id, "María de la Cruz", email: "maria@example.com", phone: "07700 900123", location: "  Madrid ");
        await App.MoveToAtsReadyAsync(project.Id, candidate.Id);
        return (project.Id, candidate.Id);
    }

    private async Task<JsonElement> FillAsync(Guid project, Guid candidate, AtsVendor vendor)
    {
        var mapping = (await App.Service<AtsMappingService>().DefaultForAsync(vendor)).Id;
        using var http = new HttpClient { BaseAddress = session.BaseAddress };
        var response = await http.PostAsJsonAsync($"/api/v1/projects/{project}/candidates/{candidate}/ats/fill", new { mappingId = mapping }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    private static async Task<Dictionary<string, string>> PageStateAsync(IPage page) =>
        (await page.EvaluateAsync<Dictionary<string, string>>("() => window.atsState()"))!;

    private async Task AssertSavedAsync(IPage page, Guid project, Guid candidate)
    {
        var submission = await App.SubmittedToAtsAsync(project, candidate);
        await Expect(page.Locator("#record-link").First).ToBeVisibleAsync();
        Assert.Matches("/_sandbox/ats/[a-z-]+/candidate/\\d+$", submission.RecordUrl);
        Assert.Equal(CandidateState.AtsSubmitted, await App.CandidateStateAsync(project, candidate));
    }

    [Fact]
    public async Task Fill_JobAdderReactForm_StateHoldsEveryValueResultsComeBackAndSaveIsRecorded()
    {
        var (project, candidate) = await ReadyCandidateAsync();
        await session.PairAsync();
        var page = await session.OpenAtsAsync("jobadder");

        var outcome = await FillAsync(project, candidate, AtsVendor.JobAdder);

        Assert.True(outcome.GetProperty("delivered").GetBoolean());
        var state = await PageStateAsync(page);
        Assert.Equal("María", state["firstName"]);
        Assert.Equal("de la Cruz", state["lastName"]);
        Assert.Equal("maria@example.com", state["email"]);
        Assert.Equal("+447700900123", state["mobile"]);
        Assert.Equal("07700 900123", state["phone"]);
        Assert.Equal("Madrid", state["city"]);
        Assert.Equal("Recruiter", state["source"]);
        var results = outcome.GetProperty("submission").GetProperty("results").EnumerateArray().ToList();
        Assert.All(results.Where(r => r.GetProperty("field").GetString() is "firstName" or "lastName" or "email" or "mobile" or "phone" or "address.city" or "source"),
            r => Assert.Equal("Filled", r.GetProperty("status").GetString()));
        // Sources this candidate has no value for are not sent, so nothing is typed into those fields.
        Assert.Equal("", state["currentPosition"]);

        // A re-render from state keeps everything: the values live in the page's state, not just the DOM.
        await page.Locator("#ja-email").FocusAsync();
        await page.Locator("#ja-firstName").FocusAsync();
        await Expect(page.Locator("#ja-lastName")).ToHaveValueAsync("de la Cruz");

        await page.Locator("#save").ClickAsync();
        await AssertSavedAsync(page, project, candidate);
    }

    [Fact]
    public async Task Fill_BullhornAngularForm_CustomSelectAndDateAreSetInTheModel()
    {
        var (project, candidate) = await ReadyCandidateAsync();
        await session.PairAsync();
        var page = await session.OpenAtsAsync("bullhorn");

        var outcome = await FillAsync(project, candidate, AtsVendor.Bullhorn);

        var state = await PageStateAsync(page);
        Assert.Equal("New Lead", state["status"]);
        Assert.Equal("Recruiter", state["source"]);
        Assert.Matches("^\\d{4}-\\d{2}-\\d{2}$", state["dateAvailable"]);
        Assert.Equal("de la Cruz", state["lastName"]);
        Assert.Equal("Madrid", state["city"]);
        var status = outcome.GetProperty("submission").GetProperty("results").EnumerateArray().Single(r => r.GetProperty("field").GetString() == "status");
        Assert.Equal("Filled", status.GetProperty("status").GetString());

        await page.Locator("#save").ClickAsync();
        await AssertSavedAsync(page, project, candidate);
    }

    [Fact]
    public async Task Fill_VincereMultiStep_FillsTheSecondStepWhenTheRecruiterMovesOn()
    {
        var (project, candidate) = await ReadyCandidateAsync();
        await session.PairAsync();
        var page = await session.OpenAtsAsync("vincere");

        var outcome = await FillAsync(project, candidate, AtsVendor.Vincere);
        var first = outcome.GetProperty("submission").GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("field").GetString()!, r => r.GetProperty("status").GetString());
        Assert.Equal("Filled", first["first_name"]);
        Assert.Equal("NotFound", first["current_location"]);

        await page.Locator("#next").ClickAsync();
        await Expect(page.Locator("[name=current_location]")).ToHaveValueAsync("Madrid");
        var state = await PageStateAsync(page);
        Assert.Equal("María", state["first_name"]);
        Assert.Equal("Madrid", state["current_location"]);

        await page.Locator("#save").ClickAsync();
        var saved = await App.SubmittedToAtsAsync(project, candidate);
        Assert.Equal(FieldFillStatus.Filled, saved.Results.Single(r => r.Field == "current_location").Status);
        await AssertSavedAsync(page, project, candidate);
    }

    [Fact]
    public async Task Fill_PlainHtmlFormThatPostsAndNavigates_RecordOfTheNewPageIsRecorded()
    {
        var (project, candidate) = await ReadyCandidateAsync();
        await session.PairAsync();
        var page = await session.OpenAtsAsync("plain");

        await FillAsync(project, candidate, AtsVendor.Generic);
        Assert.Equal("de la Cruz", await page.Locator("#last_name").InputValueAsync());

        await page.Locator("#save").ClickAsync();
        await Expect(page.Locator("td[data-field=last_name]")).ToHaveTextAsync("de la Cruz");
        await AssertSavedAsync(page, project, candidate);
    }

    [Fact]
    public async Task Fill_FormInsideSameOriginIframe_IsFilledAndSaved()
    {
        var (project, candidate) = await ReadyCandidateAsync();
        await session.PairAsync();
        var page = await session.OpenAtsAsync("iframe");
        await page.FrameLocator("#ats-frame").Locator("[name=email]").WaitForAsync();

        await FillAsync(project, candidate, AtsVendor.Generic);

        var state = await PageStateAsync(page);
        Assert.Equal("maria@example.com", state["email"]);
        await page.FrameLocator("#ats-frame").Locator("#save").ClickAsync();
        var saved = await App.SubmittedToAtsAsync(project, candidate);
        Assert.Contains("/_sandbox/ats/iframe-form/candidate/", saved.RecordUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtsPage_PairFromTheUiAndEditTheMapping_ConnectedShownAndPreviewFollowsUnsavedRules()
    {
        var (project, _) = await ReadyCandidateAsync();
        var page = await session.Context.NewPageAsync();
        // The first Blazor page of a fresh server can take a while on a busy machine.
        await page.GotoAsync(new Uri(session.BaseAddress, $"/project/{project}/ats").ToString(), new() { Timeout = 60_000 });
        await page.Locator("body[data-interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
        await Expect(page.Locator("[data-test=bridge-state]")).ToHaveTextAsync("not connected");

        await page.Locator("[data-test=pair]").ClickAsync();
        var token = await page.Locator("[data-test=pair-token]").InputValueAsync();
        await session.PairWithTokenAsync(token);
        await Expect(page.Locator("[data-test=bridge-state]")).ToHaveTextAsync("connected");
        await Expect(page.Locator("[data-test=pairing]")).ToContainTextAsync("paired");

        var lastName = page.Locator("[data-test=mapping-row][data-field=lastName] [data-test=preview-value]");
        await Expect(lastName).ToHaveTextAsync("de la Cruz");
        var mobile = page.Locator("[data-test=mapping-row][data-field=mobile]");
        await mobile.Locator("select[aria-label=Transform]").SelectOptionAsync("PhoneNational");
        await mobile.Locator("input[aria-label=Option]").FillAsync("GB");
        await Expect(mobile.Locator("[data-test=preview-value]")).ToHaveTextAsync("07700 900123");
        var email = page.Locator("[data-test=mapping-row][data-field=email]");
        await email.Locator("select[aria-label=Source]").SelectOptionAsync("cv.github");
        await Expect(email.Locator("[data-test=preview-warning]")).ToContainTextAsync("cv.github is empty");

        await page.Locator("[data-test=save-mapping]").ClickAsync();
        var saved = await App.Service<AtsMappingService>().DefaultForAsync(AtsVendor.Bullhorn);
        for (var i = 0; i < 100 && saved.Fields["mobile"].Transform != AtsTransform.PhoneNational; i++)
        {
            await Task.Delay(100);
            saved = await App.Service<AtsMappingService>().DefaultForAsync(AtsVendor.Bullhorn);
        }

        Assert.Equal(AtsTransform.PhoneNational, saved.Fields["mobile"].Transform);
        Assert.Equal("GB", saved.Fields["mobile"].Region);
        Assert.Equal("cv.github", saved.Fields["email"].Source);
    }

    [Fact]
    public async Task ServiceWorker_StoppedByChrome_ReconnectsWhenWoken()
    {
        await session.PairAsync();
        var popup = await session.Context.NewPageAsync();
        await popup.GotoAsync($"chrome-extension://{ExtensionSession.ExtensionId}/popup.html");
        var cdp = await session.Context.NewCDPSessionAsync(popup);
        await cdp.SendAsync("ServiceWorker.enable");

        await cdp.SendAsync("ServiceWorker.stopAllWorkers");
        await App.ExtensionConnectedAsync(connected: false);
        // Anything that wakes the worker (here the popup asking for its state) makes it connect again.
        await popup.ReloadAsync();

        await App.ExtensionConnectedAsync();
        await Expect(popup.Locator("#state")).ToHaveTextAsync("connected");
    }

    [Fact]
    public async Task Bridge_WebPageInTheSameBrowser_CannotConnectEvenWithTheToken()
    {
        var token = await App.PairExtensionAsync();
        var page = await session.OpenAtsAsync("plain");

        var outcome = await page.EvaluateAsync<string>(@"([url, token]) => new Promise(resolve => {
            const ws = new WebSocket(url, ['samsara.ats.v1', 'samsara.token.' + token]);
            ws.onopen = () => resolve('open');
            ws.onerror = () => resolve('refused');
        })", new[] { new UriBuilder(session.BaseAddress) { Scheme = "ws", Path = "/ats/bridge" }.Uri.ToString(), token });

        Assert.Equal("refused", outcome);
        Assert.False(App.Service<Samsara.Web.Ats.BridgeHub>().IsConnected);
    }
}
