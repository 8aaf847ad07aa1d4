using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Samsara.Core;
using Samsara.Core.Outreach;
using Samsara.Testing;

namespace Samsara.Tests.Scheduling;

/// <summary>"Schedule a call" by picking a time, over the API, on each database.</summary>
public abstract class SchedulingTests(DatabaseProvider provider) : IAsyncLifetime
{
    // Monday 30 November 2026, 07:00 UTC: London on GMT, Paris one hour ahead.
    protected static readonly DateTimeOffset Now = new(2026, 11, 30, 7, 0, 0, TimeSpan.Zero);
    private const string ParisPhone = "+33612345678";

    protected TestDatabase Database { get; private set; } = null!;
    protected SamsaraAppFactory App { get; private set; } = null!;
    protected HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(provider);
        App = new SamsaraAppFactory(Database) { Clock = new FakeTimeProvider(Now) };
        Client = App.CreateClient();
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();

    protected static async Task<(Guid ProjectId, Guid CandidateId)> RepliedCandidateAsync(SamsaraAppFactory app, Guid? projectId = null, string name = "Ana Lima", string phone = ParisPhone)
    {
        projectId ??= (await app.CreateProjectAsync()).Id;
        var candidate = await app.AddCandidateAsync(projectId.Value, name, phone: phone);
        var outreach = app.Service<OutreachService>();
        await outreach.EnrolAsync(projectId.Value, new EnrolRequest([candidate.Id]), "test");
        foreach (var state in new[] { CandidateState.OutreachSent, CandidateState.AwaitingReply, CandidateState.Replied })
        {
            Assert.Equal(TransitionOutcome.Moved, (await outreach.TransitionAsync(projectId.Value, candidate.Id, state, "for the test", "test")).Outcome);
        }

        return (projectId.Value, candidate.Id);
    }

    [Fact]
    public async Task ScheduleOptions_ParisCandidateLondonRecruiter_EachSlotInBothLocalTimes()
    {
        var (projectId, candidateId) = await RepliedCandidateAsync(App);

        var options = await Client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/candidates/{candidateId}/schedule", TestContext.Current.CancellationToken);

        Assert.Equal("Europe/London", options.GetProperty("recruiterTimeZone").GetString());
        Assert.Equal(["Europe/Paris"], options.GetProperty("candidateTimeZones").EnumerateArray().Select(z => z.GetString()));
        var first = options.GetProperty("slots")[0];
        Assert.Equal(Now.AddHours(2), first.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal("2026-11-30T09:00:00+00:00", first.GetProperty("recruiterLocal").GetString());
        Assert.Equal("2026-11-30T10:00:00+01:00", first.GetProperty("candidateLocal")[0].GetProperty("local").GetString());
    }

    [Fact]
    public async Task Book_FreeSlotFromReplied_ScheduledAndTheSlotIsNoLongerOffered()
    {
        var (projectId, candidateId) = await RepliedCandidateAsync(App);
        var slot = Now.AddHours(3); // 10:00 London

        var booked = await Client.PostAsJsonAsync($"/api/v1/projects/{projectId}/candidates/{candidateId}/schedule", new { startsAt = slot }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var call = await booked.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(("Booked", "Europe/Paris", "2026-11-30T11:00:00+01:00"),
            (call.GetProperty("status").GetString(), call.GetProperty("candidateTimeZone").GetString(), call.GetProperty("candidateLocal").GetString()));
        Assert.Equal(CandidateState.Scheduled, await App.CandidateStateAsync(projectId, candidateId));
        var free = await Client.GetFromJsonAsync<DateTimeOffset[]>("/api/v1/calendar/free-slots?days=1", TestContext.Current.CancellationToken);
        Assert.Contains(slot.AddMinutes(-30), free!);
        Assert.DoesNotContain(slot, free!);
        var calls = await Client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/recruiter-calls", TestContext.Current.CancellationToken);
        Assert.Equal("Ana Lima", Assert.Single(calls.EnumerateArray()).GetProperty("candidateName").GetString());
    }

    [Fact]
    public async Task Book_SlotAnotherCandidateHolds_409AndSecondCandidateStaysReplied()
    {
        var (projectId, first) = await RepliedCandidateAsync(App);
        var (_, second) = await RepliedCandidateAsync(App, projectId, "Ben Okafor", "+447700900321");
        var slot = Now.AddHours(3);
        (await Client.PostAsJsonAsync($"/api/v1/projects/{projectId}/candidates/{first}/schedule", new { startsAt = slot }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var again = await Client.PostAsJsonAsync($"/api/v1/projects/{projectId}/candidates/{second}/schedule", new { startsAt = slot }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("booked that slot a moment ago", (await again.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("detail").GetString());
        Assert.Equal(CandidateState.Replied, await App.CandidateStateAsync(projectId, second));
    }

    [Fact]
    public async Task Book_OutsideHoursOrInsideBusyBlock_400AndCandidateStaysReplied()
    {
        var (projectId, candidateId) = await RepliedCandidateAsync(App);
        (await Client.PostAsJsonAsync("/api/v1/calendar/busy", new { startsAt = Now.AddHours(4), endsAt = Now.AddHours(5), note = "Team meeting" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        foreach (var wrong in new[] { Now.AddHours(12), Now.AddHours(4.5), Now.AddHours(3.25), Now.AddHours(-1) })
        {
            var response = await Client.PostAsJsonAsync($"/api/v1/projects/{projectId}/candidates/{candidateId}/schedule", new { startsAt = wrong }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors").GetProperty("startsAt")[0].GetString();
            Assert.Contains("not one of your free slots", error);
        }

        Assert.Equal(CandidateState.Replied, await App.CandidateStateAsync(projectId, candidateId));
    }

    [Fact]
    public async Task Cancel_BookedCall_SlotFreeAgainAndCandidateBackToScheduling()
    {
        var (projectId, candidateId) = await RepliedCandidateAsync(App);
        var slot = Now.AddHours(3);
        var booked = await (await Client.PostAsJsonAsync($"/api/v1/projects/{projectId}/candidates/{candidateId}/schedule", new { startsAt = slot }, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        var cancel = await Client.PostAsync($"/api/v1/recruiter-calls/{booked.GetProperty("id").GetGuid()}/cancel", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        Assert.Equal(CandidateState.Scheduling, await App.CandidateStateAsync(projectId, candidateId));
        Assert.Contains(slot, (await Client.GetFromJsonAsync<DateTimeOffset[]>("/api/v1/calendar/free-slots?days=1", TestContext.Current.CancellationToken))!);
        // From SCHEDULING the same slot can be booked again.
        var rebook = await Client.PostAsJsonAsync($"/api/v1/projects/{projectId}/candidates/{candidateId}/schedule", new { startsAt = slot }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, rebook.StatusCode);
    }

    [Fact]
    public async Task OfferTimes_EmailWithoutAddressThenSms_400ThenThreeDaysInParisTimeAndScheduling()
    {
        var (projectId, candidateId) = await RepliedCandidateAsync(App);
        var url = $"/api/v1/projects/{projectId}/candidates/{candidateId}/offer-times";

        var noEmail = await Client.PostAsJsonAsync(url, new { channel = "Email" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, noEmail.StatusCode);
        Assert.Contains("no email address", (await noEmail.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors").GetProperty("channel")[0].GetString());
        Assert.Equal(CandidateState.Replied, await App.CandidateStateAsync(projectId, candidateId));

        var offered = await Client.PostAsJsonAsync(url, new { channel = "Sms" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, offered.StatusCode);
        var offer = await offered.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(("Sms", "Europe/Paris"), (offer.GetProperty("channel").GetString(), offer.GetProperty("candidateTimeZone").GetString()));
        // Two hours' notice from Monday 07:00 UTC: 09:00 London (10:00 Paris) on Monday, Tuesday and Wednesday.
        Assert.Equal(["2026-11-30T10:00:00+01:00", "2026-12-01T10:00:00+01:00", "2026-12-02T10:00:00+01:00"],
            offer.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("candidateLocal")[0].GetProperty("local").GetString()));
        Assert.Equal(CandidateState.Scheduling, await App.CandidateStateAsync(projectId, candidateId));
    }

    [Fact]
    public async Task Reschedule_ToAFreeSlotThenOutsideHours_200MovesTheHoldThen400KeepsIt()
    {
        var (projectId, candidateId) = await RepliedCandidateAsync(App);
        var booked = await (await Client.PostAsJsonAsync($"/api/v1/projects/{projectId}/candidates/{candidateId}/schedule", new { startsAt = Now.AddHours(3) }, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var url = $"/api/v1/recruiter-calls/{booked.GetProperty("id").GetGuid()}/reschedule";

        var moved = await Client.PostAsJsonAsync(url, new { startsAt = Now.AddHours(5) }, TestContext.Current.CancellationToken);
        var outside = await Client.PostAsJsonAsync(url, new { startsAt = Now.AddHours(13) }, TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.BadRequest), (moved.StatusCode, outside.StatusCode));
        Assert.Equal("2026-11-30T13:00:00+01:00", (await moved.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("candidateLocal").GetString());
        var free = await Client.GetFromJsonAsync<DateTimeOffset[]>("/api/v1/calendar/free-slots?days=1", TestContext.Current.CancellationToken);
        Assert.Contains(Now.AddHours(3), free!);
        Assert.DoesNotContain(Now.AddHours(5), free!);
        Assert.Equal(CandidateState.Scheduled, await App.CandidateStateAsync(projectId, candidateId));
    }

    private async Task<(Guid ProjectId, Guid CandidateId, string CallUrl)> BookedAsync(DateTimeOffset at)
    {
        var (projectId, candidateId) = await RepliedCandidateAsync(App);
        var booked = await (await Client.PostAsJsonAsync($"/api/v1/projects/{projectId}/candidates/{candidateId}/schedule", new { startsAt = at }, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return (projectId, candidateId, $"/api/v1/recruiter-calls/{booked.GetProperty("id").GetGuid()}");
    }

    private static async Task<string> FirstErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors").GetProperty("call")[0].GetString()!;
    }

    [Fact]
    public async Task AfterCall_NotesSavedAsTypedThenDoneThenReady_CallDoneThenAtsReadyWithTheNotes()
    {
        var (projectId, candidateId, url) = await BookedAsync(Now.AddHours(3));
        var notes = "Strong on PostgreSQL; ran the migration to 16 at her last job.\n\nWants hybrid, two days in the office.\n\nNotice period: one month. <script>alert(1)</script>";

        var early = await Client.PostAsync(url + "/ready", null, TestContext.Current.CancellationToken);
        Assert.Contains("Mark the call done first", await FirstErrorAsync(early));
        Assert.Equal(HttpStatusCode.NoContent, (await Client.PutAsJsonAsync(url + "/notes", new { notes = notes[..40] }, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.PutAsJsonAsync(url + "/notes", new { notes }, TestContext.Current.CancellationToken)).StatusCode);
        var listed = await Client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/recruiter-calls", TestContext.Current.CancellationToken);
        Assert.Equal(notes, listed[0].GetProperty("notes").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await Client.PostAsJsonAsync(url + "/done", new { }, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(CandidateState.CallDone, await App.CandidateStateAsync(projectId, candidateId));
        Assert.Equal(HttpStatusCode.NoContent, (await Client.PostAsync(url + "/ready", null, TestContext.Current.CancellationToken)).StatusCode);

        Assert.Equal(CandidateState.AtsReady, await App.CandidateStateAsync(projectId, candidateId));
        listed = await Client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/recruiter-calls", TestContext.Current.CancellationToken);
        Assert.Equal(("Done", notes), (listed[0].GetProperty("status").GetString(), listed[0].GetProperty("notes").GetString()));
    }

    [Fact]
    public async Task Ready_NoRecordingAndNoNotes_400AndStaysCallDone()
    {
        var (projectId, candidateId, url) = await BookedAsync(Now.AddHours(3));
        (await Client.PostAsync(url + "/done", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var ready = await Client.PostAsync(url + "/ready", null, TestContext.Current.CancellationToken);

        Assert.Contains("Write your notes from the call first", await FirstErrorAsync(ready));
        Assert.Equal(CandidateState.CallDone, await App.CandidateStateAsync(projectId, candidateId));
    }

    [Fact]
    public async Task NoShow_OfferTimesOrWithdraw_SlotFreedAndSchedulingWithNewTimesOrWithdrawn()
    {
        var (projectId, candidateId, url) = await BookedAsync(Now.AddHours(3));
        var (otherProject, other, otherUrl) = await BookedAsync(Now.AddHours(4));

        var offered = await Client.PostAsJsonAsync(url + "/no-show", new { next = "OfferTimes" }, TestContext.Current.CancellationToken);
        var withdrawn = await Client.PostAsJsonAsync(otherUrl + "/no-show", new { next = "Withdraw" }, TestContext.Current.CancellationToken);
        var twice = await Client.PostAsJsonAsync(otherUrl + "/no-show", new { next = "Withdraw" }, TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (offered.StatusCode, withdrawn.StatusCode));
        Assert.Contains("not booked", await FirstErrorAsync(twice));
        Assert.Equal(CandidateState.Scheduling, await App.CandidateStateAsync(projectId, candidateId));
        Assert.Equal(CandidateState.Withdrawn, await App.CandidateStateAsync(otherProject, other));
        var free = await Client.GetFromJsonAsync<DateTimeOffset[]>("/api/v1/calendar/free-slots?days=1", TestContext.Current.CancellationToken);
        Assert.Contains(Now.AddHours(3), free!);
        Assert.Contains(Now.AddHours(4), free!);
        var factory = App.Service<Microsoft.EntityFrameworkCore.IDbContextFactory<Samsara.Core.Data.SamsaraDbContext>>();
        await using var db = await factory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var offer = Assert.Single(db.CallNotices.Where(n => n.CandidateId == candidateId && n.Kind == Samsara.Core.Scheduling.Notices.CallNoticeKind.Offer));
        Assert.Equal(Now.AddHours(3), offer.StartsAt);
    }

    [Fact]
    public async Task ListRecruiterCalls_Day_OnlyThatDayOfMyCalendar()
    {
        var (projectId, _, _) = await BookedAsync(Now.AddHours(3));
        var (_, second) = await RepliedCandidateAsync(App, projectId, "Ben Okafor", "+447700900321");
        (await Client.PostAsJsonAsync($"/api/v1/projects/{projectId}/candidates/{second}/schedule", new { startsAt = Now.AddDays(1).AddHours(2) }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var monday = await Client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/recruiter-calls?day=2026-11-30", TestContext.Current.CancellationToken);
        var tuesday = await Client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/recruiter-calls?day=2026-12-01", TestContext.Current.CancellationToken);

        Assert.Equal("Ana Lima", Assert.Single(monday.EnumerateArray()).GetProperty("candidateName").GetString());
        Assert.Equal("Ben Okafor", Assert.Single(tuesday.EnumerateArray()).GetProperty("candidateName").GetString());
    }

    [Fact]
    public async Task PutCalendar_NewYorkFourDayWeek_SlotsFollowTheNewHours()
    {
        var put = await Client.PutAsJsonAsync("/api/v1/calendar", new
        {
            timeZone = "America/New_York",
            workingDays = new[] { "Monday", "Tuesday", "Wednesday", "Thursday" },
            dayStart = "08:00",
            dayEnd = "12:00",
            slotMinutes = 45,
            bufferMinutes = 15,
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var saved = await Client.GetFromJsonAsync<JsonElement>("/api/v1/calendar", TestContext.Current.CancellationToken);
        Assert.Equal(("America/New_York", 4, "08:00", 45), (saved.GetProperty("timeZone").GetString(), saved.GetProperty("workingDays").GetArrayLength(),
            saved.GetProperty("dayStart").GetString(), saved.GetProperty("slotMinutes").GetInt32()));
        var free = await Client.GetFromJsonAsync<DateTimeOffset[]>("/api/v1/calendar/free-slots?days=1", TestContext.Current.CancellationToken);
        // 08:00, 09:00, 10:00 and 11:00 EST (13:00-16:00 UTC): a 45-minute slot every hour.
        Assert.Equal([Now.AddHours(6), Now.AddHours(7), Now.AddHours(8), Now.AddHours(9)], free!);
    }

    [Fact]
    public async Task PutCalendar_UnknownZoneAndDayEndingBeforeItStarts_400NamingBothAndNothingSaved()
    {
        var put = await Client.PutAsJsonAsync("/api/v1/calendar", new
        {
            timeZone = "Mars/Olympus",
            workingDays = new[] { "Monday" },
            dayStart = "17:00",
            dayEnd = "09:00",
            slotMinutes = 30,
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var errors = (await put.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors");
        Assert.Contains("Mars/Olympus", errors.GetProperty("timeZone")[0].GetString());
        Assert.Contains("must end after it starts", errors.GetProperty("dayEnd")[0].GetString());
        Assert.Equal("Europe/London", (await Client.GetFromJsonAsync<JsonElement>("/api/v1/calendar", TestContext.Current.CancellationToken)).GetProperty("timeZone").GetString());
    }
}

public sealed class SchedulingSqliteTests() : SchedulingTests(DatabaseProvider.Sqlite);

public sealed class SchedulingPostgresTests() : SchedulingTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task Book_TwoNodesSameSlotAtOnce_ExactlyOneBookingPerSlot()
    {
        await using var other = new SamsaraAppFactory(Database) { Clock = new FakeTimeProvider(Now) };
        var otherClient = other.CreateClient();
        var (projectId, _) = await RepliedCandidateAsync(App, name: "Warm Up", phone: "+447700900301");
        var outcomes = new List<HttpStatusCode>();
        for (var round = 0; round < 6; round++)
        {
            var (_, a) = await RepliedCandidateAsync(App, projectId, $"A{round}", $"+4477009004{round:00}");
            var (_, b) = await RepliedCandidateAsync(App, projectId, $"B{round}", $"+4477009005{round:00}");
            var slot = Now.AddHours(2).AddMinutes(30 * round);
            using var go = new SemaphoreSlim(0);
            var tries = new[] { (Client, a), (otherClient, b) }.Select(async t =>
            {
                await go.WaitAsync(TestContext.Current.CancellationToken);
                return (await t.Item1.PostAsJsonAsync($"/api/v1/projects/{projectId}/candidates/{t.Item2}/schedule", new { startsAt = slot }, TestContext.Current.CancellationToken)).StatusCode;
            }).ToList();
            go.Release(2);
            var codes = await Task.WhenAll(tries);
            Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], codes.Order());
            outcomes.AddRange(codes);
        }

        var calls = await Client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/recruiter-calls", TestContext.Current.CancellationToken);
        Assert.Equal(6, calls.GetArrayLength());
        Assert.Equal(6, calls.EnumerateArray().Select(c => c.GetProperty("startsAt").GetDateTimeOffset()).Distinct().Count());
        var states = await App.Service<OutreachService>().ListAsync(projectId, ct: TestContext.Current.CancellationToken);
        Assert.Equal(6, states!.Count(r => r.State == CandidateState.Scheduled));
    }
}
