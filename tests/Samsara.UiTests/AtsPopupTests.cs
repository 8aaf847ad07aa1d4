using System.Net.Http.Json;
using Microsoft.Playwright;
using Samsara.Core.Ats;
using Samsara.Core.Ats.Mapping;
using Samsara.Core.Candidates;
using Samsara.Core.Outreach;
using static Microsoft.Playwright.Assertions;

namespace Samsara.UiTests;

/// <summary>
/// The extension's own ways in, in Debian's Chromium: the popup's candidate search, "Pick fields" on an ATS Samsara
/// does not know, and a rich-text editor that keeps its document in its own model.
/// </summary>
public sealed class AtsPopupTests : IAsyncLifetime
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

    private async Task<(Guid Project, Guid Candidate)> ReadyCandidateAsync(string? notes = null)
    {
        var project = await App.CreateProjectAsync("Java developers");
        var candidate = await App.Service<CandidateService>().AddAsync(project.Id, new CandidateInput
        {
            FullName = "María de la Cruz",
            Email = "maria@example.com",
            Phone = "07700 900123",
            Location = "Madrid",
            Notes = notes,
        });
        await App.MoveToAtsReadyAsync(project.Id, candidate!.Id);
        return (project.Id, candidate.Id);
    }

    private static async Task<Dictionary<string, string>> PageStateAsync(IPage page) =>
        (await page.EvaluateAsync<Dictionary<string, string>>("() => window.atsState()"))!;

    private static async Task Shot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("SAMSARA_SHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    /// <summary>Types in the popup's search box and picks the one hit; the fill goes to the page in front.</summary>
    private static async Task PickInPopupAsync(IPage popup, string query, string name)
    {
        await popup.Locator("#search").FillAsync(query);
        var hit = popup.Locator("#results button.hit");
        await Expect(hit).ToHaveCountAsync(1);
        await Expect(hit.Locator(".name")).ToHaveTextAsync(name);
        await hit.ClickAsync();
        await Expect(popup.Locator("#fill-status")).ToContainTextAsync("Filled", new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task PopupSearch_TypeAndPickACandidate_ThePageInFrontIsFilledForThemAndTheSaveRecorded()
    {
        var (project, candidate) = await ReadyCandidateAsync();
        var other = await App.CreateProjectAsync("Night nurses");
        var eve = await App.AddCandidateAsync(other.Id, "<img src=x onerror=\"document.title='pwned'\">Eve Cruz");
        await App.Service<OutreachService>().EnrolAsync(other.Id, new EnrolRequest([eve.Id]), "test");
        await session.PairAsync();
        var page = await session.OpenAtsAsync("jobadder");
        var popup = await session.OpenPopupAsync(front: page);

        // Opening the popup lists who is ready for the ATS; typing narrows by name.
        await Expect(popup.Locator("#results button.hit").First.Locator(".name")).ToHaveTextAsync("María de la Cruz");
        await popup.Locator("#search").FillAsync("cruz");
        var hits = popup.Locator("#results button.hit");
        await Expect(hits).ToHaveCountAsync(2);
        await Expect(hits.Nth(0)).ToContainTextAsync("Java developers");
        await Expect(hits.Nth(0).Locator(".state")).ToHaveTextAsync("Ready for the ATS");
        await Expect(hits.Nth(1).Locator(".name")).ToHaveTextAsync("<img src=x onerror=\"document.title='pwned'\">Eve Cruz");
        await Expect(hits.Nth(1).Locator(".state")).ToHaveTextAsync("Not contacted yet");
        Assert.Equal(0, await popup.Locator("#results img").CountAsync());
        await Shot(popup, "ats-popup-search");

        await PickInPopupAsync(popup, "maría", "María de la Cruz");

        var state = await PageStateAsync(page);
        Assert.Equal("María", state["firstName"]);
        Assert.Equal("de la Cruz", state["lastName"]);
        Assert.Equal("maria@example.com", state["email"]);
        Assert.Equal("+447700900123", state["mobile"]);
        await Expect(popup.Locator("#fill-status")).ToContainTextAsync("for María de la Cruz");
        await page.Locator("#save").ClickAsync();
        var saved = await App.SubmittedToAtsAsync(project, candidate);
        Assert.Equal(AtsVendor.JobAdder, saved.Vendor);
        Assert.Equal(CandidateState.AtsSubmitted, await App.CandidateStateAsync(project, candidate));

        // Once in the ATS, the popup asks before a second submission.
        await page.GotoAsync(new Uri(session.BaseAddress, "/_sandbox/ats/jobadder").ToString());
        await popup.Locator("#search").FillAsync("maría");
        await popup.Locator("#results button.hit").ClickAsync();
        await Expect(popup.Locator("#fill-status")).ToContainTextAsync("Already submitted to JobAdder");
        await Expect(popup.Locator("#fill-again")).ToBeVisibleAsync();
        Assert.Single(await App.Service<AtsSubmissionService>().ListAsync(project, candidate));
    }

    [Fact]
    public async Task PickFields_OnAnAtsSamsaraDoesNotKnow_SelectorsSavedForTheSiteAndTheNextFillUsesThem()
    {
        var (project, candidate) = await ReadyCandidateAsync();
        await session.PairAsync();
        var page = await session.OpenAtsAsync("pick");
        var popup = await session.OpenPopupAsync(front: page);

        await popup.Locator("#pick").ClickAsync();
        var banner = page.GetByText("Samsara: click the field for");
        await Expect(banner).ToContainTextAsync("\"first_name\"");
        await page.Locator("input[name='cand[vn]']").HoverAsync();
        Assert.Contains("solid", await page.Locator("input[name='cand[vn]']").EvaluateAsync<string>("e => e.style.outline"), StringComparison.Ordinal);
        await Shot(page, "ats-pick-fields");
        await page.Locator("input[name='cand[vn]']").ClickAsync();
        await Expect(banner).ToContainTextAsync("\"last_name\"");
        await page.Locator("input[name='cand[nn]']").ClickAsync();
        await page.Locator("input[name='cand[mail]']").ClickAsync();
        await page.Locator("input[name='cand[mobil]']").ClickAsync();
        await Expect(banner).ToContainTextAsync("\"location\"");
        await page.Keyboard.PressAsync("Escape");
        await Expect(banner).ToHaveCountAsync(0);

        var site = $"127.0.0.1:{session.BaseAddress.Port}";
        var mapping = await SiteMappingAsync(site);
        Assert.Equal(AtsVendor.Generic, mapping.Vendor);
        Assert.Equal(["email", "first_name", "last_name", "phone"], mapping.Fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("input[name=\"cand[vn]\"]", mapping.Fields["first_name"].Selector);
        Assert.Equal("Vorname", mapping.Fields["first_name"].Label);
        Assert.Equal("input[name=\"cand[mobil]\"]", mapping.Fields["phone"].Selector);
        Assert.Equal(AtsTransform.PhoneE164, mapping.Fields["phone"].Transform);
        // The picked fields are all the page had to offer: nothing was typed while pointing.
        Assert.All((await PageStateAsync(page)).Values, v => Assert.Equal("", v));

        await page.ReloadAsync();
        await page.Locator("html[data-samsara-fill=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        popup = await session.OpenPopupAsync(front: page);
        await PickInPopupAsync(popup, "cruz", "María de la Cruz");

        var state = await PageStateAsync(page);
        Assert.Equal("María", state["cand[vn]"]);
        Assert.Equal("de la Cruz", state["cand[nn]"]);
        Assert.Equal("maria@example.com", state["cand[mail]"]);
        Assert.Equal("+447700900123", state["cand[mobil]"]);
        Assert.Equal("", state["cand[ort]"]);
        var submission = (await App.Service<AtsSubmissionService>().ListAsync(project, candidate))[0];
        Assert.Equal(mapping.Id, submission.MappingId);
        Assert.All(submission.Results, r => Assert.Equal(FieldFillStatus.Filled, r.Status));
    }

    private async Task<AtsMappingView> SiteMappingAsync(string site)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var found = (await App.Service<AtsMappingService>().ListAsync()).FirstOrDefault(m => m.SiteHost == site);
            if (found is not null)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No mapping was saved for {site}.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Fill_RichTextEditor_TheEditorsOwnModelHoldsTheNotesAndKeepsThemAcrossARedraw()
    {
        const string notes = "Strong Java, wants hybrid.\nNotice: 1 month <b>not bold</b>";
        var (project, candidate) = await ReadyCandidateAsync(notes);
        var generic = await App.Service<AtsMappingService>().DefaultForAsync(AtsVendor.Generic);
        var rules = generic.Fields.ToDictionary(f => f.Key, f => f.Value);
        // "as it is" keeps the notes' line break (Trim would fold it into one line).
        rules["notes"] = rules["notes"] with { Source = "candidate.notes", Transform = AtsTransform.None };
        var mapping = await App.Service<AtsMappingService>().CreateAsync(new AtsMappingInput { Vendor = AtsVendor.Generic, Name = "Recruiter's notes", Fields = rules });
        await session.PairAsync();
        var page = await session.OpenAtsAsync("richtext");

        using var http = new HttpClient { BaseAddress = session.BaseAddress };
        var response = await http.PostAsJsonAsync($"/api/v1/projects/{project}/candidates/{candidate}/ats/fill", new { mappingId = mapping.Id }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();

        Assert.Equal(["Strong Java, wants hybrid.", "Notice: 1 month <b>not bold</b>"], await page.EvaluateAsync<string[]>("() => window.notesEditor.paragraphs()"));
        Assert.Equal(notes, (await PageStateAsync(page))["notes"]);
        Assert.Equal("María", (await PageStateAsync(page))["first_name"]);
        Assert.Equal(0, await page.Locator("#notes-editor b").CountAsync());
        await Expect(page.Locator("#notes-editor p")).ToHaveCountAsync(2);
        var submission = (await App.Service<AtsSubmissionService>().ListAsync(project, candidate))[0];
        Assert.Equal(FieldFillStatus.Filled, submission.Results.Single(r => r.Field == "notes").Status);

        // The editor redraws from its model when it loses focus: what was filled is still there.
        await page.Locator("#notes-editor").FocusAsync();
        await page.Locator("#email").FocusAsync();
        await Expect(page.Locator("#notes-editor p").Nth(1)).ToHaveTextAsync("Notice: 1 month <b>not bold</b>");
        await Shot(page, "ats-richtext-filled");
        await page.Locator("#save").ClickAsync();
        var saved = await App.SubmittedToAtsAsync(project, candidate);
        Assert.Contains("/_sandbox/ats/richtext/candidate/", saved.RecordUrl, StringComparison.Ordinal);
    }
}
