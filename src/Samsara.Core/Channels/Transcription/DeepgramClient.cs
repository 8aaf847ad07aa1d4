using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Samsara.Core.Channels.Accounts;

namespace Samsara.Core.Channels.Transcription;

/// <summary>Deepgram pre-recorded <c>POST /v1/listen</c> with diarised utterances (answers synchronously).</summary>
public sealed class DeepgramClient(HttpClient http, ProviderSettings<DeepgramOptions> settings, TimeProvider time)
{
    public async Task<ProviderResult<Transcript>> TranscribeAsync(Stream audio, string contentType, CancellationToken ct = default)
    {
        var o = await settings.CurrentAsync(ct);
        using var request = Request(o);
        request.Content = new StreamContent(audio);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        // Transcribing twice costs money but changes nothing, so a lost answer is only transient.
        return await ProviderCall.SendAsync(http, request, RequestKind.Read, Parse, ReadError, time, ct);
    }

    private static HttpRequestMessage Request(DeepgramOptions o)
    {
        var url = QueryHelpers.AddQueryString(o.BaseUrl.ToString().TrimEnd('/') + "/v1/listen", new Dictionary<string, string?>
        {
            ["model"] = o.Model,
            ["diarize"] = "true",
            ["punctuate"] = "true",
            ["utterances"] = "true",
            ["smart_format"] = "true",
        });
        var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", o.ApiKey);
        return request;
    }

    private static Transcript? Parse(string body, HttpResponseMessage _)
    {
        var response = JsonSerializer.Deserialize<DeepgramResponse>(body, ProviderJson.SnakeCase);
        var alternative = response?.Results?.Channels?.FirstOrDefault()?.Alternatives?.FirstOrDefault();
        if (response?.Results is null || alternative is null)
        {
            return null;
        }

        var turns = (response.Results.Utterances ?? [])
            .Select(u => new TranscriptTurn($"Speaker {u.Speaker ?? 0}", TimeSpan.FromSeconds(u.Start), TimeSpan.FromSeconds(u.End), u.Transcript ?? ""))
            .ToList();
        return new Transcript(alternative.Transcript ?? "", turns,
            response.Metadata?.Duration is { } seconds ? TimeSpan.FromSeconds(seconds) : null, alternative.Confidence, response.Metadata?.RequestId);
    }

    private static ProviderFailure? ReadError(HttpStatusCode status, string body, TimeSpan? retryAfter) =>
        ProviderJson.TryString(body, "err_msg") is { } message
            ? ProviderCall.ByStatus(status, body, retryAfter, RequestKind.Read) with { Reason = $"Deepgram {(int)status}: {message}" }
            : null;

    private sealed record DeepgramResponse(DeepgramMetadata? Metadata, DeepgramResults? Results);

    private sealed record DeepgramMetadata(string? RequestId, double? Duration);

    private sealed record DeepgramResults(List<DeepgramChannel>? Channels, List<DeepgramUtterance>? Utterances);

    private sealed record DeepgramChannel(List<DeepgramAlternative>? Alternatives);

    private sealed record DeepgramAlternative(string? Transcript, double? Confidence);

    private sealed record DeepgramUtterance(double Start, double End, string? Transcript, int? Speaker);
}
