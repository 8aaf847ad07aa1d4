using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Samsara.Core.Outreach;
using Samsara.Testing;

namespace Samsara.Tests.Calls;

/// <summary>The screening settings and calls API over HTTP, in demo mode against the in-process sandbox.</summary>
public sealed class CallApiTests : IAsyncLifetime
{
    private const string PassingPhone = "+447700900005";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    private SamsaraAppFactory _app = null!;
    private HttpClient _client = null!;

    public ValueTask InitializeAsync()
    {
        _app = SamsaraAppFactory.StartWithSandbox(clock: _clock);
        _client = _app.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static Question[] Questions(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new Question($"Question {i}?", i == 1 ? "no" : null))];

    private sealed record Question(string Text, string? KnockOutAnswer);

    [Fact]
    public async Task PutScreening_ValidSettings_ReadBackWithDefaultsForTheRest()
    {
        var project = await _app.CreateProjectAsync();
        Assert.Equal(3, (await _client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project.Id}/screening")).GetProperty("questions").GetArrayLength());

        var put = await _client.PutAsJsonAsync($"/api/v1/projects/{project.Id}/screening", new
        {
            openingLine = "Hi, calling about the supervisor role.",
            questions = Questions(4),
            provider = "retell",
            assistantId = "agent_123",
            recordingEnabled = true,
            recordingDisclosure = "This call is recorded.",
            voicemailPolicy = "LeaveMessage",
            voicemailMessage = "Please call us back.",
            retryGapMinutes = 180,
        });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var saved = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project.Id}/screening");
        Assert.Equal(("retell", 4, "no", 10, 2, 180), (saved.GetProperty("provider").GetString(), saved.GetProperty("questions").GetArrayLength(),
            saved.GetProperty("questions")[0].GetProperty("knockOutAnswer").GetString(), saved.GetProperty("maxCallMinutes").GetInt32(),
            saved.GetProperty("maxRetries").GetInt32(), saved.GetProperty("retryGapMinutes").GetInt32()));
    }

    [Fact]
    public async Task PutScreening_TwoQuestionsEmptyDisclosureOneHourGap_400NamingEachAndNothingSaved()
    {
        var project = await _app.CreateProjectAsync();

        var put = await _client.PutAsJsonAsync($"/api/v1/projects/{project.Id}/screening", new
        {
            openingLine = "Hi",
            questions = Questions(2),
            provider = "vapi",
            recordingEnabled = true,
            recordingDisclosure = " ",
            retryGapMinutes = 60,
        });

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var errors = (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("Retries must be at least 120 minutes (2 hours) apart, and at most a week.", errors.GetProperty("retryGapMinutes")[0].GetString());
        var saved = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project.Id}/screening");
        Assert.Equal(120, saved.GetProperty("retryGapMinutes").GetInt32());

        // Property errors come first; once they are fixed the rules across fields are reported.
        put = await _client.PutAsJsonAsync($"/api/v1/projects/{project.Id}/screening", new
        {
            openingLine = "Hi",
            questions = Questions(2),
            provider = "vapi",
            recordingEnabled = true,
            recordingDisclosure = " ",
        });
        errors = (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("Give 3 to 10 questions (there are 2).", errors.GetProperty("questions")[0].GetString());
        Assert.Equal("The recording disclosure cannot be empty while recording is on.", errors.GetProperty("recordingDisclosure")[0].GetString());
    }

    [Fact]
    public async Task CallsApi_CompletedCall_ListedWithTranscriptRangeRecordingAndOverride()
    {
        var project = await _app.CreateProjectAsync();
        var candidate = await _app.AddCandidateAsync(project.Id, "Ada Lovelace", phone: PassingPhone);
        await _app.ReachAiCallingAsync(project.Id, candidate.Id);
        await _app.RunCallsAsync(TimeSpan.FromMinutes(2));

        var rows = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project.Id}/calls?outcome=Pass");
        var row = Assert.Single(rows.EnumerateArray());
        var id = row.GetProperty("id").GetGuid();
        Assert.Equal(("Completed", "Ada Lovelace", 60), (row.GetProperty("status").GetString(), row.GetProperty("candidateName").GetString(), row.GetProperty("durationSeconds").GetInt32()));
        Assert.Empty((await _client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project.Id}/calls?status=NoAnswer")).EnumerateArray());

        var transcript = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/calls/{id}/transcript");
        var first = transcript.GetProperty("turns")[0];
        Assert.Equal(("Agent", 0.0), (first.GetProperty("speaker").GetString(), first.GetProperty("start").GetDouble()));

        using var ranged = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/calls/{id}/recording");
        ranged.Headers.Range = new RangeHeaderValue(100, 199);
        var part = await _client.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(100, (await part.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal("audio/wav", part.Content.Headers.ContentType?.MediaType);
        Assert.Equal(44 + 60 * 32000, part.Content.Headers.ContentRange?.Length);

        var noReason = await _client.PostAsJsonAsync($"/api/v1/calls/{id}/outcome", new { outcome = "Fail" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);

        var overridden = await _client.PostAsJsonAsync($"/api/v1/calls/{id}/outcome", new { outcome = "Fail", reason = "No forklift licence, said so on the call" });
        Assert.Equal(HttpStatusCode.NoContent, overridden.StatusCode);
        var call = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/calls/{id}");
        Assert.Equal(("Fail", "Rejected"), (call.GetProperty("call").GetProperty("outcome").GetString(), call.GetProperty("candidateState").GetString()));
        var timeline = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project.Id}/outreach/{candidate.Id}/timeline");
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("title").GetString() == "Screening outcome overridden: fail (No forklift licence, said so on the call)");

        var back = await _client.PostAsJsonAsync($"/api/v1/calls/{id}/outcome", new { outcome = "Pass", reason = "changed my mind" });
        Assert.Equal(HttpStatusCode.Conflict, back.StatusCode);
        Assert.Equal(CandidateState.Rejected.ToString(), (await _client.GetFromJsonAsync<JsonElement>($"/api/v1/calls/{id}")).GetProperty("candidateState").GetString());
    }

    [Fact]
    public async Task CallNowAndDontCall_OverHttp_MessageBack409WhenRefused404WhenUnknown()
    {
        var project = await _app.CreateProjectAsync();
        var ada = await _app.AddCandidateAsync(project.Id, "Ada Lovelace", phone: PassingPhone);
        var bob = await _app.AddCandidateAsync(project.Id, "Bob Byte", phone: "+447700900006");
        await _app.AwaitingReplyAsync(project.Id, ada.Id);
        await _app.AwaitingReplyAsync(project.Id, bob.Id);

        var dont = await _client.PostAsync(new Uri($"/api/v1/projects/{project.Id}/candidates/{bob.Id}/dont-call", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, dont.StatusCode);
        Assert.Equal("Bob Byte will not be called automatically.", (await dont.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());

        var now = await _client.PostAsync(new Uri($"/api/v1/projects/{project.Id}/candidates/{ada.Id}/call-now", UriKind.Relative), null);
        var body = await now.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((HttpStatusCode.OK, "Done", "Calling Ada Lovelace now (as soon as a line is free)."), (now.StatusCode, body.GetProperty("outcome").GetString(), body.GetProperty("message").GetString()));
        Assert.Equal(CandidateState.AiCalling, await _app.CandidateStateAsync(project.Id, ada.Id));

        await _app.RunCallsAsync(TimeSpan.FromMinutes(2));
        var calls = (await _client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project.Id}/calls")).EnumerateArray().ToList();
        Assert.Equal(("Completed", "Pass"), (calls.Single(c => c.GetProperty("candidateName").GetString() == "Ada Lovelace").GetProperty("status").GetString(),
            calls.Single(c => c.GetProperty("candidateName").GetString() == "Ada Lovelace").GetProperty("outcome").GetString()));
        Assert.Equal("Cancelled", calls.Single(c => c.GetProperty("candidateName").GetString() == "Bob Byte").GetProperty("status").GetString());

        var again = await _client.PostAsync(new Uri($"/api/v1/projects/{project.Id}/candidates/{ada.Id}/call-now", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("Call now is for candidates waiting for a reply or for the AI call; Ada Lovelace is Scheduling now.",
            (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync(new Uri($"/api/v1/projects/{project.Id}/candidates/{Guid.NewGuid()}/dont-call", UriKind.Relative), null)).StatusCode);
    }

    [Fact]
    public async Task GetRecording_UnknownCall_404()
    {
        var response = await _client.GetAsync($"/api/v1/calls/{Guid.NewGuid()}/recording");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
