using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Samsara.Core.Channels.Accounts;

namespace Samsara.Core.Channels.Transcription;

/// <summary>AssemblyAI: upload the audio, create a transcript job, then poll it with <see cref="GetAsync"/>.</summary>
public sealed class AssemblyAiClient(HttpClient http, ProviderSettings<AssemblyAiOptions> settings, TimeProvider time)
{
    /// <summary>Uploads the audio and queues a diarised transcript; returns the job to poll.</summary>
    public async Task<ProviderResult<TranscriptJob>> StartAsync(Stream audio, CancellationToken ct = default)
    {
        var o = await settings.CurrentAsync(ct);
        using var upload = Request(o, HttpMethod.Post, "/v2/upload");
        upload.Content = new StreamContent(audio);
        upload.Content.Headers.ContentType = new("application/octet-stream");
        var uploaded = await ProviderCall.SendAsync(http, upload, RequestKind.Read,
            (text, _) => JsonSerializer.Deserialize<Uploaded>(text, ProviderJson.SnakeCase)?.UploadUrl, ReadError, time, ct);
        if (!uploaded.Succeeded)
        {
            return uploaded.As<TranscriptJob>();
        }

        using var create = Request(o, HttpMethod.Post, "/v2/transcript");
        create.Content = JsonContent.Create(new { audio_url = uploaded.Value, speaker_labels = true, speech_models = o.SpeechModels });

        // A duplicate job is a second bill, not a second message to a candidate: polling by id makes it harmless.
        return await ProviderCall.SendAsync(http, create, RequestKind.Read, Parse, ReadError, time, ct);
    }

    public async Task<ProviderResult<TranscriptJob>> GetAsync(string transcriptId, CancellationToken ct = default)
    {
        var o = await settings.CurrentAsync(ct);
        using var request = Request(o, HttpMethod.Get, $"/v2/transcript/{Uri.EscapeDataString(transcriptId)}");
        return await ProviderCall.SendAsync(http, request, RequestKind.Read, Parse, ReadError, time, ct);
    }

    private static HttpRequestMessage Request(AssemblyAiOptions o, HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, o.BaseUrl.ToString().TrimEnd('/') + path);

        // AssemblyAI takes the bare key, without a scheme.
        request.Headers.TryAddWithoutValidation("Authorization", o.ApiKey);
        return request;
    }

    private static TranscriptJob? Parse(string body, HttpResponseMessage _)
    {
        var t = JsonSerializer.Deserialize<AssemblyTranscript>(body, ProviderJson.SnakeCase);
        if (t is null)
        {
            return null;
        }

        var result = t.Status != "completed" ? null : new Transcript(
            t.Text ?? "",
            [.. (t.Utterances ?? []).Select(u => new TranscriptTurn(
                $"Speaker {u.Speaker}", TimeSpan.FromMilliseconds(u.Start), TimeSpan.FromMilliseconds(u.End), u.Text ?? ""))],
            t.AudioDuration is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            t.Confidence,
            t.Id);
        return new TranscriptJob(t.Id, t.Status ?? "unknown", result, t.Error);
    }

    private static ProviderFailure? ReadError(HttpStatusCode status, string body, TimeSpan? retryAfter) =>
        ProviderJson.TryString(body, "error") is { } message
            ? ProviderCall.ByStatus(status, body, retryAfter, RequestKind.Read) with { Reason = $"AssemblyAI {(int)status}: {message}" }
            : null;

    private sealed record Uploaded(string? UploadUrl);

    private sealed record AssemblyUtterance(string? Speaker, long Start, long End, string? Text);

    private sealed record AssemblyTranscript(
        string Id, string? Status, string? Text, List<AssemblyUtterance>? Utterances, double? Confidence, double? AudioDuration, string? Error);
}
