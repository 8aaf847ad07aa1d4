using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Samsara.Core.Calls;
using Samsara.Core.Calls.Engine;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Testing;

namespace Samsara.Tests.Sandbox;

/// <summary>
/// Issue 19 / issue 12 in demo mode: "Try the demo project" and nothing else. A silent scripted candidate is texted, then
/// emailed, hears nothing back within the demo's reply window and is screened by an AI call in the in-process sandbox,
/// with a recording kept in the data folder and a transcript, on the demo's own clock (driven by hand here).
/// </summary>
public sealed class DemoCallPathTests
{
    // A Tuesday morning in London: inside the default calling hours.
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DemoProject_SilentCandidates_ScreenedByAiCallsWithRecordingAndTranscriptWithinMinutes()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = SamsaraAppFactory.StartWithSandbox(clock: clock);
        using var client = app.CreateClient();

        var created = await client.PostAsync(new Uri("/api/v1/demo-project", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var projectId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        // The CVs are parsed in the worker processes (real time); enrolment follows once the last one is in.
        var outreach = app.Service<OutreachService>();
        var importDeadline = DateTime.UtcNow.AddMinutes(3);
        while (await outreach.ListAsync(projectId, ct: Ct) is not { Count: 12 })
        {
            Assert.True(DateTime.UtcNow < importDeadline, "The 12 demo candidates were not enrolled within 3 minutes.");
            await Task.Delay(250, Ct);
        }

        // The engines' background loops, a 5-second tick at a time: SMS now, email a minute later, the 2-minute reply
        // window, then the call engine dials, follows the call, fetches the recording and the transcript.
        var enrolledAt = clock.GetUtcNow();
        var calls = app.Service<CallService>();
        var realDeadline = DateTime.UtcNow.AddMinutes(4);
        CallRow? elena = null, farid = null;
        while (elena is not { Status: CallStatus.Completed, Outcome: not null } || farid is not { Status: CallStatus.Completed, Outcome: not null })
        {
            Assert.True(clock.GetUtcNow() - enrolledAt < TimeSpan.FromMinutes(6),
                $"No screened call within 6 minutes of demo time; calls: {string.Join("; ", (await calls.ListAsync(projectId, ct: Ct))!.Select(c => $"{c.CandidateName} {c.Status} {c.Stage} {c.Outcome}"))}");
            Assert.True(DateTime.UtcNow < realDeadline, "The demo did not reach its screening calls within 4 minutes of real time.");
            clock.Advance(TimeSpan.FromSeconds(5));
            await app.Service<OutreachEngine>().RunOnceAsync(clock.GetUtcNow(), Ct);
            await app.Service<CallEngine>().RunOnceAsync(clock.GetUtcNow(), Ct);
            var rows = (await calls.ListAsync(projectId, ct: Ct))!;
            elena = rows.FirstOrDefault(c => c.CandidateName == "Elena Rossi");
            farid = rows.FirstOrDefault(c => c.CandidateName == "Farid Haddad");
        }

        var screenedAfter = clock.GetUtcNow() - enrolledAt;
        Assert.True(screenedAfter <= TimeSpan.FromMinutes(5), $"Screened {screenedAfter} after enrolment (SMS, email after 1 min, 2-min reply window, 65-s call).");

        // Elena passes: recording in the data folder, a transcript with her answers, and she moves on to scheduling.
        Assert.Equal(ScreeningOutcome.Pass, elena.Outcome);
        var view = (await calls.GetAsync(elena.Id, Ct))!;
        Assert.Equal(CandidateState.Scheduling, view.CandidateState);
        Assert.True(view.HasRecording);
        using var recording = await client.GetAsync(new Uri($"/api/v1/calls/{elena.Id}/recording", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, recording.StatusCode);
        Assert.Equal(view.RecordingBytes, (await recording.Content.ReadAsByteArrayAsync(Ct)).Length);
        var transcript = (await calls.TranscriptAsync(elena.Id, Ct))!;
        Assert.Contains(transcript.Turns, t => t.Speaker == CallTurn.Candidate);
        Assert.Contains(transcript.Turns, t => t.Speaker == CallTurn.Agent);

        // Farid fails a knock-out question and is rejected; the SMS replier and the opt-out were never called.
        Assert.Equal(ScreeningOutcome.Fail, farid.Outcome);
        Assert.Equal(CandidateState.Rejected, (await calls.GetAsync(farid.Id, Ct))!.CandidateState);
        var called = (await calls.ListAsync(projectId, ct: Ct))!.Select(c => c.CandidateName).ToHashSet();
        Assert.DoesNotContain("Ana Lima", called);
        Assert.DoesNotContain("Ben Okafor", called);
    }
}
