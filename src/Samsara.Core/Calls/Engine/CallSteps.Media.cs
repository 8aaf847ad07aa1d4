using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samsara.Core.Channels.Transcription;
using Samsara.Core.Usage;

namespace Samsara.Core.Calls.Engine;

public sealed partial class CallSteps
{
    /// <summary>The recording is copied into the data folder: the provider's URL expires.</summary>
    private async Task FetchRecordingAsync(CallWork w, CancellationToken ct)
    {
        var call = w.Call;
        if (!Uri.TryCreate(call.RecordingUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            call.Detail = $"The provider's recording address is not usable ({call.RecordingUrl}); judged without it.";
            Next(w, CallStage.Transcript);
            return;
        }

        var relative = Path.Combine("recordings", $"{call.Id:N}");
        var folder = Path.Combine(samsara.Value.ResolveDataDirectory(), "recordings");
        Directory.CreateDirectory(folder);
        try
        {
            using var response = await http.CreateClient(RecordingClient).GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                Backoff(w, "Downloading the recording", $"HTTP {(int)response.StatusCode} from {url.Host}", CallStage.Transcript);
                return;
            }

            var type = response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream";
            var extension = RecordingFiles.Extension(type, url);
            relative += "." + extension;
            var path = Path.Combine(samsara.Value.ResolveDataDirectory(), relative);
            var partial = path + ".part";
            await using (var file = File.Create(partial))
            {
                await response.Content.CopyToAsync(file, ct);
            }

            File.Move(partial, path, overwrite: true);
            call.RecordingPath = relative;
            call.RecordingBytes = new FileInfo(path).Length;
            call.RecordingFormat = RecordingFiles.ContentType(extension);
            if (call.DurationSeconds is null && RecordingFiles.WavLength(path) is { } length)
            {
                call.DurationSeconds = (int)Math.Round(length.TotalSeconds);
            }

            call.RecordingUrl = null;
            call.Detail = null;
            Next(w, CallStage.Transcript);
        }
        catch (HttpRequestException e)
        {
            Backoff(w, "Downloading the recording", e.Message, CallStage.Transcript);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            Backoff(w, "Downloading the recording", "timed out", CallStage.Transcript);
        }
    }

    /// <summary>The provider's transcript when it gave one; otherwise the recording goes to the transcription provider.</summary>
    private async Task TranscribeAsync(CallWork w, CancellationToken ct)
    {
        var call = w.Call;
        if (await w.Db.Transcripts.AnyAsync(t => t.CallRecordId == call.Id, ct))
        {
            Next(w, CallStage.Outcome);
            return;
        }

        var recordingLength = call.RecordingPath is { } rel ? RecordingFiles.WavLength(Path.Combine(samsara.Value.ResolveDataDirectory(), rel)) : null;
        if (!string.IsNullOrWhiteSpace(call.ProviderTranscript))
        {
            var turns = CallTurns.FromProviderText(call.ProviderTranscript, call.DurationSeconds is { } d ? TimeSpan.FromSeconds(d) : null, recordingLength);
            Store(w, call.Provider ?? "provider", call.ProviderTranscript, turns, null);
            return;
        }

        if (call.RecordingPath is null || O.TranscriptionProvider == "None")
        {
            call.Detail = call.CallType == CallType.Recruiter
                ? "Not transcribed: no transcription provider is configured (Settings → providers). Mark the candidate ready with your notes."
                : call.Detail ?? "No transcript: the provider gave none and there is no recording to transcribe.";
            Next(w, CallStage.Outcome);
            return;
        }

        var path = Path.Combine(samsara.Value.ResolveDataDirectory(), call.RecordingPath);
        if (O.TranscriptionProvider == "AssemblyAi")
        {
            await AssemblyAiAsync(w, path, ct);
            return;
        }

        await using var audio = File.OpenRead(path);
        var result = await services.GetRequiredService<DeepgramClient>().TranscribeAsync(audio, call.RecordingFormat ?? "audio/wav", ct);
        if (!result.Succeeded)
        {
            Backoff(w, "Transcribing the recording with Deepgram", result.Failure!.Reason, CallStage.Outcome);
            return;
        }

        Usage(w, UsageKind.TranscriptionMinutes, "deepgram", result.Value!.RequestId, result.Value.AudioDuration ?? recordingLength ?? TimeSpan.Zero, null);
        Store(w, "deepgram", result.Value.Text, CallTurns.FromDiarised(result.Value, Caller(w.Call)), result.Value.Confidence);
    }

    /// <summary>AssemblyAI is asynchronous: the job id is kept on the call and polled on the next claims.</summary>
    private async Task AssemblyAiAsync(CallWork w, string path, CancellationToken ct)
    {
        var call = w.Call;
        var client = services.GetRequiredService<AssemblyAiClient>();
        ProviderResultJob job;
        if (call.TranscriptionJobId is { } id)
        {
            job = new(await client.GetAsync(id, ct));
        }
        else
        {
            await using var audio = File.OpenRead(path);
            job = new(await client.StartAsync(audio, ct));
        }

        if (!job.Result.Succeeded)
        {
            Backoff(w, "Transcribing the recording with AssemblyAI", job.Result.Failure!.Reason, CallStage.Outcome);
            return;
        }

        var value = job.Result.Value!;
        call.TranscriptionJobId = value.Id;
        if (!value.IsDone)
        {
            call.DueAt = w.Now + O.PollInterval;
            return;
        }

        if (value.Result is null)
        {
            call.TranscriptionJobId = null;
            Backoff(w, "Transcribing the recording with AssemblyAI", value.Error ?? "the job ended without a transcript", CallStage.Outcome);
            return;
        }

        Usage(w, UsageKind.TranscriptionMinutes, "assemblyai", value.Result.RequestId ?? value.Id, value.Result.AudioDuration ?? TimeSpan.Zero, null);
        Store(w, "assemblyai", value.Result.Text, CallTurns.FromDiarised(value.Result, Caller(w.Call)), value.Result.Confidence);
    }

    private static void Store(CallWork w, string provider, string text, IReadOnlyList<CallTurn> turns, double? confidence)
    {
        w.Db.Transcripts.Add(new Transcript
        {
            Id = Guid.CreateVersion7(w.Now),
            CallRecordId = w.Call.Id,
            Provider = provider,
            Content = text,
            SegmentsJson = CallTurns.ToJson(turns),
            Confidence = confidence,
            CreatedAt = w.Now,
        });
        if (turns.Count > 0 && turns.All(t => t.Speaker == "Unknown"))
        {
            w.Call.Detail = "The transcript has no speakers, so answers could not be told from questions.";
        }

        w.Call.ProviderTranscript = null;
        Next(w, CallStage.Outcome);
    }

    /// <summary>Who placed the call, as its transcript names them.</summary>
    private static string Caller(CallRecord call) => call.CallType == CallType.Recruiter ? CallTurn.Recruiter : CallTurn.Agent;

    private sealed record ProviderResultJob(Channels.ProviderResult<TranscriptJob> Result);
}
