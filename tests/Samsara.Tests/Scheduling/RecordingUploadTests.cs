using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Samsara.Core;
using Samsara.Core.Calls.Engine;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Scheduling;
using Samsara.Core.Scheduling.AfterCall;
using Samsara.Core.Usage;
using Samsara.Testing;

namespace Samsara.Tests.Scheduling;

/// <summary>
/// Samsara in demo mode on a loopback port (its transcription provider is the in-process Deepgram simulator), with a
/// 100,000-byte recording limit so a real speech WAV can be "too large" without a test writing 200 MB.
/// </summary>
public abstract class RecordingUploadFixture(DatabaseProvider provider) : IAsyncLifetime
{
    public const long MaxBytes = 100_000;

    // Monday 30 November 2026, 07:00 UTC.
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero));
    public SamsaraAppFactory App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var database = await TestDatabase.CreateAsync(provider);
        App = SamsaraAppFactory.StartWithSandbox(database, new Dictionary<string, string?> { ["Samsara:Recordings:MaxBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) }, clock: Clock);
        Client = App.CreateClient();
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

public sealed class SqliteRecordingFixture() : RecordingUploadFixture(DatabaseProvider.Sqlite);

public sealed class PostgresRecordingFixture() : RecordingUploadFixture(DatabaseProvider.Postgres);

/// <summary>Uploading a recruiter call's recording over the API: every refusal, and real speech transcribed through the sandbox.</summary>
public abstract class RecordingUploadTests(RecordingUploadFixture fixture)
{
    private SamsaraAppFactory App => fixture.App;
    private HttpClient Client => fixture.Client;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A candidate whose booked call the recruiter has marked done, with notes.</summary>
    private async Task<(Guid ProjectId, Guid CandidateId, Guid CallId)> DoneCallAsync(bool markDone = true)
    {
        var project = await App.CreateProjectAsync();
        var candidate = await App.AddCandidateAsync(project.Id, "Ana Lima", phone: "+33612345678");
        var outreach = App.Service<OutreachService>();
        await outreach.EnrolAsync(project.Id, new EnrolRequest([candidate.Id]), "test", Ct);
        foreach (var state in new[] { CandidateState.OutreachSent, CandidateState.AwaitingReply, CandidateState.Replied })
        {
            Assert.Equal(TransitionOutcome.Moved, (await outreach.TransitionAsync(project.Id, candidate.Id, state, "for the test", "test", Ct)).Outcome);
        }

        var slot = (await App.Service<CalendarService>().FreeSlotsAsync(RecruiterCalendar.DefaultRecruiter, ct: Ct))[0];
        var booked = await App.Service<RecruiterCallService>().BookAsync(project.Id, candidate.Id, RecruiterCalendar.DefaultRecruiter, slot, "test", Ct);
        var callId = booked.Call!.Id;
        if (markDone)
        {
            Assert.Equal(AfterCallOutcome.Done, (await App.Service<AfterCallService>().MarkDoneAsync(callId, "Strong on PostgreSQL.", "test", Ct)).Outcome);
        }

        return (project.Id, candidate.Id, callId);
    }

    private Task<HttpResponseMessage> PostRawAsync(Guid callId, byte[] bytes, string contentType = "application/octet-stream")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return Client.PostAsync($"/api/v1/recruiter-calls/{callId}/recording", content, Ct);
    }

    private Task<HttpResponseMessage> PostFormAsync(Guid callId, byte[] bytes, string fileName)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", fileName } };
        return Client.PostAsync($"/api/v1/recruiter-calls/{callId}/recording", form, Ct);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString()!;

    private string[] StoredFiles(Guid callId)
    {
        var folder = Path.Combine(App.DataDirectory, "recordings");
        return Directory.Exists(folder) ? Directory.GetFiles(folder, $"{callId:N}*") : [];
    }

    public static TheoryData<string, HttpStatusCode, string> BadFiles() => new()
    {
        { "empty", HttpStatusCode.BadRequest, "The file is empty" },
        { "pdf", HttpStatusCode.UnsupportedMediaType, "not a WAV, MP3, M4A or OGG/Opus recording (it is a PDF document)" },
        { "notes-named-mp3", HttpStatusCode.UnsupportedMediaType, "(it is text)" },
        { "cut-wav", HttpStatusCode.UnprocessableEntity, "looks like a WAV recording but cannot be read: it was cut short" },
        { "cut-m4a", HttpStatusCode.UnprocessableEntity, "looks like an M4A recording but cannot be read" },
        { "large-raw", HttpStatusCode.RequestEntityTooLarge, "larger than 97.7 KB" },
        { "large-form", HttpStatusCode.RequestEntityTooLarge, "larger than 97.7 KB" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Upload_BadFile_4xxWithTheReasonAndTheCallAsItWas(string what, HttpStatusCode status, string message)
    {
        var (projectId, candidateId, callId) = await DoneCallAsync();
        var wav = await File.ReadAllBytesAsync(SpeechFiles.SmallWav, Ct);

        var response = what switch
        {
            "empty" => await PostRawAsync(callId, [], "audio/wav"),
            "pdf" => await PostFormAsync(callId, "%PDF-1.7\n%âãÏÓ\n1 0 obj\n"u8.ToArray(), "call.wav"),
            "notes-named-mp3" => await PostRawAsync(callId, "Ana: strong on PostgreSQL, one month notice."u8.ToArray(), "audio/mpeg"),
            "cut-wav" => await PostRawAsync(callId, wav[..(wav.Length / 3)], "audio/wav"),
            "cut-m4a" => await PostFormAsync(callId, (await File.ReadAllBytesAsync(SpeechFiles.M4a, Ct))[..5000], "call.m4a"),
            // The 22 kHz WAV is about 170 KB: refused from its announced length, and (in a form) when the count passes the limit.
            "large-raw" => await PostRawAsync(callId, await File.ReadAllBytesAsync(SpeechFiles.Wav, Ct), "audio/wav"),
            _ => await PostFormAsync(callId, await File.ReadAllBytesAsync(SpeechFiles.Wav, Ct), "call.wav"),
        };

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(message, await DetailAsync(response));
        Assert.Equal(CandidateState.CallDone, await App.CandidateStateAsync(projectId, candidateId));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/v1/calls/{callId}", Ct)).StatusCode);
        Assert.Empty(StoredFiles(callId));
        var listed = await Client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/recruiter-calls", Ct);
        Assert.True(!listed[0].TryGetProperty("recording", out var recording) || recording.ValueKind == JsonValueKind.Null, listed[0].ToString());
        // The call still takes a good recording afterwards.
        Assert.Equal(HttpStatusCode.Accepted, (await PostRawAsync(callId, wav, "audio/wav")).StatusCode);
    }

    [Fact]
    public async Task Upload_CallNotDoneYetOrUnknown_409Or404AndNothingStored()
    {
        var (projectId, candidateId, callId) = await DoneCallAsync(markDone: false);
        var wav = await File.ReadAllBytesAsync(SpeechFiles.SmallWav, Ct);

        var early = await PostRawAsync(callId, wav, "audio/wav");
        var unknown = await PostRawAsync(Guid.NewGuid(), wav, "audio/wav");

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.NotFound), (early.StatusCode, unknown.StatusCode));
        Assert.Contains("Mark the call done first", await DetailAsync(early));
        Assert.Equal(CandidateState.Scheduled, await App.CandidateStateAsync(projectId, candidateId));
        Assert.Empty(StoredFiles(callId));
    }

    public static TheoryData<string> Speech() => ["wav-raw", "mp3-form"];

    [Theory]
    [MemberData(nameof(Speech))]
    public async Task Upload_RealSpeech_TranscribedThroughTheSandboxThenReadyForTheAts(string how)
    {
        var (projectId, candidateId, callId) = await DoneCallAsync();
        var path = how == "wav-raw" ? SpeechFiles.SmallWav : SpeechFiles.Mp3;
        var bytes = await File.ReadAllBytesAsync(path, Ct);

        var response = how == "wav-raw" ? await PostRawAsync(callId, bytes, "audio/wav") : await PostFormAsync(callId, bytes, "Ana Lima call.mp3");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((int)Math.Round(SpeechFiles.ProbedSeconds(path)), accepted.GetProperty("durationSeconds").GetInt32());
        var listed = await Client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/recruiter-calls", Ct);
        Assert.True(listed[0].GetProperty("recording").GetProperty("transcribing").GetBoolean());
        Assert.Equal(CandidateState.CallDone, await App.CandidateStateAsync(projectId, candidateId));

        // One pass sends the file to the transcription provider and stores the turns; the next moves the candidate on.
        var engine = App.Service<CallEngine>();
        await engine.RunOnceAsync(fixture.Clock.GetUtcNow(), Ct);
        await engine.RunOnceAsync(fixture.Clock.GetUtcNow(), Ct);

        Assert.Equal(CandidateState.Transcribed, await App.CandidateStateAsync(projectId, candidateId));
        var transcript = await Client.GetFromJsonAsync<JsonElement>($"/api/v1/calls/{callId}/transcript", Ct);
        var turns = transcript.GetProperty("turns").EnumerateArray().ToList();
        Assert.Equal("deepgram", transcript.GetProperty("provider").GetString());
        Assert.True(turns.Count >= 2, $"{turns.Count} turns");
        // A recruiter's call: the first voice is the recruiter's, not an AI agent's.
        Assert.Equal(["Candidate", "Recruiter"], turns.Select(t => t.GetProperty("speaker").GetString()).Distinct().Order(StringComparer.Ordinal));
        // The simulator spreads the turns over the audio it was sent: the file's own length, MP3 as much as WAV.
        Assert.InRange(turns[^1].GetProperty("end").GetDouble(), SpeechFiles.ProbedSeconds(path) - 0.1, SpeechFiles.ProbedSeconds(path) + 0.1);
        Assert.Contains(turns, t => t.GetProperty("text").GetString()!.Contains("lead a team", StringComparison.Ordinal));
        var call = await Client.GetFromJsonAsync<JsonElement>($"/api/v1/calls/{callId}", Ct);
        Assert.Equal(("Recruiter", true), (call.GetProperty("call").GetProperty("type").GetString(), call.GetProperty("hasRecording").GetBoolean()));
        Assert.Equal(bytes, await Client.GetByteArrayAsync($"/api/v1/calls/{callId}/recording", Ct));
        listed = await Client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/recruiter-calls", Ct);
        Assert.True(listed[0].GetProperty("recording").GetProperty("transcribed").GetBoolean());
        await using (var db = await App.Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(Ct))
        {
            var usage = await db.UsageEvents.SingleAsync(u => u.CandidateId == candidateId && u.Kind == UsageKind.TranscriptionMinutes, Ct);
            Assert.Equal(("deepgram", callId), (usage.Provider, usage.ReferenceId));
            Assert.InRange(usage.Quantity, (decimal)SpeechFiles.ProbedSeconds(path) / 60 - 0.01m, (decimal)SpeechFiles.ProbedSeconds(path) / 60 + 0.01m);
        }

        var again = await PostRawAsync(callId, await File.ReadAllBytesAsync(SpeechFiles.SmallWav, Ct), "audio/wav");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already transcribed", await DetailAsync(again));

        var ready = await Client.PostAsync($"/api/v1/recruiter-calls/{callId}/ready", null, Ct);
        Assert.Equal(HttpStatusCode.NoContent, ready.StatusCode);
        Assert.Equal(CandidateState.AtsReady, await App.CandidateStateAsync(projectId, candidateId));
    }
}

public sealed class RecordingUploadSqliteTests(SqliteRecordingFixture fixture) : RecordingUploadTests(fixture), IClassFixture<SqliteRecordingFixture>;

public sealed class RecordingUploadPostgresTests(PostgresRecordingFixture fixture) : RecordingUploadTests(fixture), IClassFixture<PostgresRecordingFixture>;
