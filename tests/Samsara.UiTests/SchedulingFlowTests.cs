using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Samsara.Core.Outreach;
using Samsara.Core.Scheduling;
using static Microsoft.Playwright.Assertions;

namespace Samsara.UiTests;

public sealed class SchedulingFlowTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task ScheduleCall_PickATimeShowingBothZones_BookedAndCandidateCallBooked()
    {
        var project = await App.CreateProjectAsync();
        var candidate = await App.AddCandidateAsync(project.Id, "Ana Lima", phone: "+33612345678");
        var outreach = App.Service<OutreachService>();
        await outreach.EnrolAsync(project.Id, new EnrolRequest([candidate.Id]), "test");
        foreach (var state in new[] { CandidateState.OutreachSent, CandidateState.AwaitingReply, CandidateState.Replied })
        {
            await outreach.TransitionAsync(project.Id, candidate.Id, state, "for the test", "test");
        }

        await GotoAsync($"/project/{project.Id}/outreach");
        var row = Page.Locator("[data-test=outreach-table] tbody tr").Filter(new() { HasText = "Ana Lima" });
        await row.Locator("[data-test=outreach-name]").ClickAsync();
        await Page.Locator("[data-test=timeline-drawer] [data-test=schedule-call]").ClickAsync();

        var dialog = Page.GetByRole(AriaRole.Dialog, new() { Name = "Schedule a call with Ana Lima" });
        await Expect(dialog.Locator("[data-test=candidate-zone]")).ToHaveTextAsync("Europe/Paris");
        var slot = dialog.Locator("[data-test=slot]").First;
        // London is one hour behind Paris all year: the candidate's time is the recruiter's plus one hour.
        var startsAt = DateTimeOffset.Parse((await slot.GetAttributeAsync("data-starts-at"))!, System.Globalization.CultureInfo.InvariantCulture);
        var london = TimeZoneInfo.ConvertTime(startsAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        await Expect(slot).ToContainTextAsync($"{london:HH:mm} you");
        await Expect(slot.Locator("[data-test=slot-candidate-time]")).ToContainTextAsync($"{london.AddHours(1):HH:mm} Paris");
        await slot.ClickAsync();
        // The recruiter books from a phone too: at 390 px the picked slot and the Book button stay on screen.
        Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
        foreach (var width in new[] { 1366, 390 })
        {
            await Page.SetViewportSizeAsync(width, 844);
            await Expect(dialog.Locator("[data-test=book-call]")).ToBeInViewportAsync();
            await Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"schedule-call-{width}.png") });
        }

        await dialog.Locator("[data-test=book-call]").ClickAsync();

        await Expect(dialog).ToBeHiddenAsync();
        await Expect(row.Locator("[data-test=outreach-state]")).ToHaveTextAsync("Call booked");
        using var api = App.CreateClient();
        var calls = await api.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project.Id}/recruiter-calls", TestContext.Current.CancellationToken);
        Assert.Equal(startsAt, Assert.Single(calls.EnumerateArray()).GetProperty("startsAt").GetDateTimeOffset());
    }

    private async Task<Guid> RepliedAsync(Guid projectId, string name, string phone)
    {
        var candidate = await App.AddCandidateAsync(projectId, name, phone: phone);
        var outreach = App.Service<OutreachService>();
        await outreach.EnrolAsync(projectId, new EnrolRequest([candidate.Id]), "test");
        foreach (var state in new[] { CandidateState.OutreachSent, CandidateState.AwaitingReply, CandidateState.Replied })
        {
            await outreach.TransitionAsync(projectId, candidate.Id, state, "for the test", "test");
        }

        return candidate.Id;
    }

    [Fact]
    public async Task OfferTimesThenCallNotesDoneAndReady_NotesKeptAcrossNavigationAndCandidateAtsReady()
    {
        var project = await App.CreateProjectAsync();
        var ana = await RepliedAsync(project.Id, "Ana Lima", "+33612345678");
        var ben = await RepliedAsync(project.Id, "Ben Okafor", "+447700900321");

        await GotoAsync($"/project/{project.Id}/outreach");
        await Page.Locator("[data-test=outreach-table] tbody tr").Filter(new() { HasText = "Ana Lima" }).Locator("[data-test=outreach-name]").ClickAsync();
        await Page.Locator("[data-test=timeline-drawer] [data-test=schedule-call]").ClickAsync();
        await Page.GetByRole(AriaRole.Dialog, new() { Name = "Schedule a call with Ana Lima" }).Locator("[data-test=offer-sms]").ClickAsync();
        await Expect(Page.GetByText("(Paris time) to Ana Lima by text")).ToBeVisibleAsync();
        Assert.Equal(CandidateState.Scheduling, await App.CandidateStateAsync(project.Id, ana));

        var slot = (await App.Service<CalendarService>().FreeSlotsAsync(RecruiterCalendar.DefaultRecruiter))[0];
        await App.Service<RecruiterCallService>().BookAsync(project.Id, ben, RecruiterCalendar.DefaultRecruiter, slot, "test");
        await GotoAsync($"/project/{project.Id}/calls");
        var panel = Page.Locator("[data-test=recruiter-calls]");
        var call = panel.Locator("[data-test=recruiter-call]").Filter(new() { HasText = "Ben Okafor" });
        await Expect(call.Locator("[data-test=recruiter-call-status]")).ToHaveTextAsync("Booked");
        await call.Locator("[data-test=open-recruiter-call]").ClickAsync();
        const string notes = "Strong on PostgreSQL; ran the upgrade to 16 at his last job.\n\nWants hybrid, two days in the office. <b>not bold</b>\n\nNotice: one month.";
        await panel.Locator("[data-test=recruiter-call-panel] textarea").First.FillAsync(notes);
        await Expect(panel.Locator("[data-test=notes-state]")).ToContainTextAsync("Saved at");

        // Away and back: the notes are where they were left.
        await GotoAsync($"/project/{project.Id}/outreach");
        await GotoAsync($"/project/{project.Id}/calls");
        await call.Locator("[data-test=open-recruiter-call]").ClickAsync();
        await Expect(panel.Locator("[data-test=recruiter-call-panel] textarea").First).ToHaveValueAsync(notes);
        Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
        foreach (var width in new[] { 1366, 390 })
        {
            await Page.SetViewportSizeAsync(width, 900);
            await Expect(panel.Locator("[data-test=mark-done]")).ToBeVisibleAsync();
            await Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"recruiter-calls-{width}.png"), FullPage = true });
        }

        await panel.Locator("[data-test=mark-done]").ClickAsync();
        await Expect(call.Locator("[data-test=recruiter-call-status]")).ToHaveTextAsync("Done");
        await panel.Locator("[data-test=mark-ready]").ClickAsync();

        await Expect(Page.GetByText("Ben Okafor is ready for the ATS.")).ToBeVisibleAsync();
        Assert.Equal(CandidateState.AtsReady, await App.CandidateStateAsync(project.Id, ben));
    }

    /// <summary>A replied candidate booked into the first free slot (or the one given) by the service, as the dialog would.</summary>
    private async Task<RecruiterCallView> BookedAsync(Guid projectId, string name, string phone, int slotIndex = 0)
    {
        var candidate = await RepliedAsync(projectId, name, phone);
        var slot = (await App.Service<CalendarService>().FreeSlotsAsync(RecruiterCalendar.DefaultRecruiter))[slotIndex];
        return (await App.Service<RecruiterCallService>().BookAsync(projectId, candidate, RecruiterCalendar.DefaultRecruiter, slot, "test")).Call!;
    }

    [Fact]
    public async Task CallDoneWithNotes_UploadNotARecordingThenSpeech_ClearMessageThenTranscriptInTheCallView()
    {
        var project = await App.CreateProjectAsync();
        var booked = await BookedAsync(project.Id, "Ben Okafor", "+447700900321");
        await GotoAsync($"/project/{project.Id}/calls");
        var panel = Page.Locator("[data-test=recruiter-calls]");
        var call = panel.Locator("[data-test=recruiter-call]").Filter(new() { HasText = "Ben Okafor" });
        await call.Locator("[data-test=open-recruiter-call]").ClickAsync();
        await panel.Locator("[data-test=recruiter-call-panel] textarea").First.FillAsync("Leads five engineers; one month notice.");
        await panel.Locator("[data-test=mark-done]").ClickAsync();
        await Expect(call.Locator("[data-test=recruiter-call-status]")).ToHaveTextAsync("Done");
        var box = panel.Locator("[data-test=recording-box]");
        await Expect(box.Locator("[data-test=recording-state]")).ToHaveTextAsync("No recording.");

        // The recruiter picks the notes file by mistake, named like a recording.
        await (await FileInputAsync(box.Locator("input[data-test=recording-input]"))).SetInputFilesAsync(
            new FilePayload { Name = "ben-call.mp3", MimeType = "audio/mpeg", Buffer = "Leads five engineers; one month notice."u8.ToArray() });
        await Expect(box.Locator("[data-test=recording-error]")).ToContainTextAsync("ben-call.mp3: This is not a WAV, MP3, M4A or OGG/Opus recording (it is text)");
        await Expect(box.Locator("[data-test=recording-state]")).ToHaveTextAsync("No recording.");
        Assert.Equal(CandidateState.CallDone, await App.CandidateStateAsync(project.Id, booked.CandidateId));

        await (await FileInputAsync(box.Locator("input[data-test=recording-input]"))).SetInputFilesAsync(Samsara.Testing.SpeechFiles.Mp3);
        // The length ffprobe reads from the same file, to the second.
        var seconds = (int)Math.Round(Samsara.Testing.SpeechFiles.ProbedSeconds(Samsara.Testing.SpeechFiles.Mp3));
        var length = $"{seconds / 60}:{seconds % 60:00}";
        await Expect(box.Locator("[data-test=recording-state]")).ToContainTextAsync($"Transcribing ({length})");
        await Expect(box.Locator("[data-test=recording-error]")).ToHaveCountAsync(0);
        // The call engine's loop is off in tests: two passes transcribe through the sandbox and move the candidate on.
        var engine = App.Service<Samsara.Core.Calls.Engine.CallEngine>();
        await engine.RunOnceAsync(DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
        await engine.RunOnceAsync(DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
        await Expect(box.Locator("[data-test=recording-state]")).ToHaveTextAsync($"Transcribed ({length}).");

        await box.Locator("[data-test=open-transcript]").ClickAsync();
        var view = Page.Locator("[data-test=call-view]");
        await Expect(view).ToContainTextAsync("Ben Okafor · Your call");
        await Expect(view.Locator("[data-test=call-audio]")).ToHaveAttributeAsync("src", $"/api/v1/calls/{booked.Id}/recording");
        await Expect(view.Locator("[data-test=turn]").First).ToBeVisibleAsync();
        await view.GetByPlaceholder("Search the transcript").FillAsync("team");
        await Expect(view.Locator("[data-test=hit]").First).ToHaveTextAsync("team");
        await Expect(view.Locator("[data-test=override-save]")).ToHaveCountAsync(0);
        Assert.Equal(CandidateState.Transcribed, await App.CandidateStateAsync(project.Id, booked.CandidateId));
        foreach (var width in new[] { 1366, 390 })
        {
            await Page.SetViewportSizeAsync(width, 900);
            await ShotAsync($"recording-transcript-{width}");
        }

        await Page.SetViewportSizeAsync(1366, 900);
        await panel.Locator("[data-test=mark-ready]").ClickAsync();
        await Expect(Page.GetByText("Ben Okafor is ready for the ATS.")).ToBeVisibleAsync();
        Assert.Equal(CandidateState.AtsReady, await App.CandidateStateAsync(project.Id, booked.CandidateId));
    }

    [Fact]
    public async Task BookedCall_RescheduleThenCancelWithConfirmation_MovedThenFreedAndBackToScheduling()
    {
        var project = await App.CreateProjectAsync();
        var booked = await BookedAsync(project.Id, "Ana Lima", "+33612345678");
        await GotoAsync($"/project/{project.Id}/calls");
        var panel = Page.Locator("[data-test=recruiter-calls]");
        var call = panel.Locator("[data-test=recruiter-call]").Filter(new() { HasText = "Ana Lima" });
        await call.Locator("[data-test=open-recruiter-call]").ClickAsync();

        await panel.Locator("[data-test=reschedule-call]").ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog, new() { Name = "Reschedule the call with Ana Lima" });
        await Expect(dialog.Locator("[data-test=moving-from]")).ToContainTextAsync($"{booked.RecruiterLocal:ddd d MMM HH:mm}");
        await Expect(dialog.Locator("[data-test=offer-times]")).ToHaveCountAsync(0);
        // The last free time on the first day shown: a different slot from the booked one.
        var slot = dialog.Locator("[data-test=slot]").Last;
        var to = DateTimeOffset.Parse((await slot.GetAttributeAsync("data-starts-at"))!, System.Globalization.CultureInfo.InvariantCulture);
        await slot.ClickAsync();
        await dialog.Locator("[data-test=book-call]").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(Page.GetByText("Call with Ana Lima moved to")).ToBeVisibleAsync();
        using var api = App.CreateClient();
        var calls = await api.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project.Id}/recruiter-calls", TestContext.Current.CancellationToken);
        Assert.Equal(to, Assert.Single(calls.EnumerateArray()).GetProperty("startsAt").GetDateTimeOffset());
        Assert.NotEqual(booked.StartsAt, to);

        await panel.Locator("[data-test=cancel-call]").ClickAsync();
        var confirm = Page.GetByRole(AriaRole.Dialog, new() { Name = "Cancel the call?" });
        await Expect(confirm).ToContainTextAsync("Cancel the call with Ana Lima");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Keep it" }).ClickAsync();
        await Expect(confirm).ToBeHiddenAsync();
        await Expect(call.Locator("[data-test=recruiter-call-status]")).ToHaveTextAsync("Booked");
        Assert.Equal(CandidateState.Scheduled, await App.CandidateStateAsync(project.Id, booked.CandidateId));

        await panel.Locator("[data-test=cancel-call]").ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel call" }).ClickAsync();
        await Expect(call.Locator("[data-test=recruiter-call-status]")).ToHaveTextAsync("Cancelled");
        await Expect(panel.Locator("[data-test=cancel-call]")).ToHaveCountAsync(0);
        Assert.Equal(CandidateState.Scheduling, await App.CandidateStateAsync(project.Id, booked.CandidateId));
        Assert.Contains(to, await App.Service<CalendarService>().FreeSlotsAsync(RecruiterCalendar.DefaultRecruiter));
    }

    [Fact]
    public async Task MyCalendar_ChangeHoursAndBlockATime_SavedAndListed()
    {
        await GotoAsync("/settings");
        var panel = Page.Locator("[data-test=my-calendar]");
        await panel.GetByLabel("Day starts", new() { Exact = true }).FillAsync("10:00");
        await panel.GetByLabel("Day ends", new() { Exact = true }).FillAsync("08:00");
        await panel.Locator("[data-test=save-calendar]").ClickAsync();
        await Expect(panel.GetByText("The working day must end after it starts")).ToBeVisibleAsync();

        await panel.GetByLabel("Day ends", new() { Exact = true }).FillAsync("16:00");
        await panel.Locator("[data-test=save-calendar]").ClickAsync();
        await Expect(Page.GetByText("Calendar saved.")).ToBeVisibleAsync();

        await panel.GetByLabel("From", new() { Exact = true }).FillAsync("00:00");
        await panel.GetByLabel("To", new() { Exact = true }).FillAsync("23:59");
        await panel.GetByLabel("Note", new() { Exact = true }).FillAsync("Dentist");
        await panel.Locator("[data-test=add-busy]").ClickAsync();
        await Expect(panel.Locator("[data-test=busy-row]")).ToContainTextAsync("Dentist");

        using var api = App.CreateClient();
        var saved = await api.GetFromJsonAsync<JsonElement>("/api/v1/calendar", TestContext.Current.CancellationToken);
        Assert.Equal(("10:00", "16:00"), (saved.GetProperty("dayStart").GetString(), saved.GetProperty("dayEnd").GetString()));
    }
}
