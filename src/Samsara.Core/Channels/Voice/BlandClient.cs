using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Samsara.Core.Channels.Accounts;

namespace Samsara.Core.Channels.Voice;

/// <summary>Bland: <c>POST /v1/calls</c>, <c>GET /v1/calls/{call_id}</c>, and <c>GET /v1/calls?to_number=</c> to reconcile.</summary>
public sealed class BlandClient(HttpClient http, ProviderSettings<BlandOptions> settings, TimeProvider time) : IScreeningCallClient
{
    private const string ReferenceKey = "samsara_reference";

    public string ProviderName => "bland";

    public async Task<ProviderResult<string>> StartAsync(ScreeningCall call, CancellationToken ct = default)
    {
        if (E164.Check(call.To, "Callee") is { } bad)
        {
            return ProviderResult<string>.Fail(bad);
        }

        var o = await settings.CurrentAsync(ct);
        var body = new Dictionary<string, object?>
        {
            ["phone_number"] = call.To,
            ["task"] = call.Prompt ?? "Screen the candidate for the role.",
            ["record"] = true,
            ["max_duration"] = o.MaxDurationMinutes,
            ["metadata"] = new Dictionary<string, string> { [ReferenceKey] = call.Reference },
        };
        if (o.FromNumber is { Length: > 0 } from)
        {
            body["from"] = from;
        }

        if (call.Variables is { Count: > 0 })
        {
            body["request_data"] = call.Variables;
        }

        if (call.AssistantId is { Length: > 0 } pathway)
        {
            // Bland's counterpart of an assistant is a conversational pathway; the task prompt stays as the fallback.
            body["pathway_id"] = pathway;
        }

        using var request = Request(o, HttpMethod.Post, "/v1/calls");
        request.Content = JsonContent.Create(body, options: ProviderJson.SnakeCase);
        return await ProviderCall.SendAsync(http, request, RequestKind.Create,
            (text, _) => JsonSerializer.Deserialize<BlandQueued>(text, ProviderJson.SnakeCase)?.CallId, ReadError, time, ct);
    }

    public async Task<ProviderResult<CallSnapshot>> GetAsync(string callId, CancellationToken ct = default)
    {
        var o = await settings.CurrentAsync(ct);
        using var request = Request(o, HttpMethod.Get, $"/v1/calls/{Uri.EscapeDataString(callId)}");
        return await ProviderCall.SendAsync(http, request, RequestKind.Read,
            (text, _) => JsonSerializer.Deserialize<BlandCall>(text, ProviderJson.SnakeCase)?.ToSnapshot(), ReadError, time, ct);
    }

    /// <summary>Bland's list has no metadata, so any call to the number since the attempt counts as ours.</summary>
    public async Task<ProviderResult<int>> CheckAccessAsync(CancellationToken ct = default)
    {
        var o = await settings.CurrentAsync(ct);
        using var request = Request(o, HttpMethod.Get, "/v1/calls");
        var listed = await ProviderCall.SendAsync(http, request, RequestKind.Read,
            (text, _) => JsonSerializer.Deserialize<BlandCallList>(text, ProviderJson.SnakeCase), ReadError, time, ct);
        return listed.Succeeded ? ProviderResult<int>.Success(listed.Value!.Calls?.Count ?? 0) : listed.As<int>();
    }

    /// <summary>Bland: <c>POST /v1/calls/{call_id}/stop</c>.</summary>
    public async Task<ProviderResult<bool>> EndAsync(string callId, CancellationToken ct = default)
    {
        var o = await settings.CurrentAsync(ct);
        using var request = Request(o, HttpMethod.Post, $"/v1/calls/{Uri.EscapeDataString(callId)}/stop");
        return await ProviderCall.SendAsync(http, request, RequestKind.Read, (_, _) => true, ReadError, time, ct);
    }

    public async Task<ProviderResult<string?>> ReconcileAsync(ScreeningCall call, DateTimeOffset attemptedAt, CancellationToken ct = default)
    {
        var o = await settings.CurrentAsync(ct);
        using var request = Request(o, HttpMethod.Get, QueryHelpers.AddQueryString("/v1/calls", "to_number", call.To));
        var listed = await ProviderCall.SendAsync(http, request, RequestKind.Read,
            (text, _) => JsonSerializer.Deserialize<BlandCallList>(text, ProviderJson.SnakeCase), ReadError, time, ct);
        if (!listed.Succeeded)
        {
            return listed.As<string?>();
        }

        var since = attemptedAt - TimeSpan.FromMinutes(2);
        var match = (listed.Value!.Calls ?? []).FirstOrDefault(c => c.To == call.To && c.CreatedAt >= since);
        return ProviderResult<string?>.Success(match?.CallId);
    }

    private static HttpRequestMessage Request(BlandOptions o, HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, o.BaseUrl.ToString().TrimEnd('/') + path);

        // Bland takes the bare key, without a scheme.
        request.Headers.TryAddWithoutValidation("authorization", o.ApiKey);
        return request;
    }

    private static ProviderFailure? ReadError(HttpStatusCode status, string body, TimeSpan? retryAfter) =>
        ProviderJson.TryString(body, "message") is { } message
            ? ProviderCall.ByStatus(status, body, retryAfter, RequestKind.Create) with { Reason = $"Bland {(int)status}: {message}" }
            : null;

    private sealed record BlandQueued(string? Status, string? CallId);

    private sealed record BlandCallList(List<BlandCall>? Calls);

    private sealed record BlandCall(
        string CallId,
        string? To,
        DateTimeOffset? CreatedAt,
        bool? Completed,
        string? QueueStatus,
        string? Status,
        string? AnsweredBy,
        double? CallLength,
        string? RecordingUrl,
        string? ConcatenatedTranscript,
        string? Summary,
        decimal? Price,
        JsonElement? Analysis,
        string? ErrorMessage = null,
        string? CallEndedBy = null)
    {
        public CallSnapshot ToSnapshot()
        {
            // queue_status is progress (new, queued, allocated, started, complete, error); status is the final outcome.
            var progress = Completed == true || QueueStatus is "complete" or "error" || Status is not null
                ? CallProgress.Ended
                : QueueStatus switch
                {
                    "started" => CallProgress.InProgress,
                    "allocated" => CallProgress.Ringing,
                    _ => CallProgress.Queued,
                };
            CallEnding? ending = progress != CallProgress.Ended ? null : (Status, AnsweredBy) switch
            {
                (_, "voicemail") => CallEnding.Voicemail,

                // A busy line is never answered, so Bland's answered_by says "no-answer" too: the status decides first.
                ("busy", _) => CallEnding.Busy,
                ("no-answer", _) or (_, "no-answer") => CallEnding.NoAnswer,
                ("failed" or "canceled", _) => CallEnding.Failed,
                _ when QueueStatus == "error" => CallEnding.Failed,
                _ => CallEnding.Completed,
            };
            return new CallSnapshot(
                CallId, progress, ending, Passed(), Summary, ConcatenatedTranscript,
                Uri.TryCreate(RecordingUrl, UriKind.Absolute, out var url) ? url : null,
                CallLength is { } minutes ? TimeSpan.FromMinutes(minutes) : null, Price, progress == CallProgress.Ended ? EndReason() : null);
        }

        /// <summary>Bland's own words: the final status, who ended it or what answered, and any error message.</summary>
        private string? EndReason()
        {
            var parts = new[] { Status ?? QueueStatus, CallEndedBy is { } by ? "ended by " + by : null, AnsweredBy is { } a ? "answered by " + a : null, ErrorMessage }
                .Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
            return parts.Count == 0 ? null : string.Join("; ", parts);
        }

        // Bland fills analysis from the analysis set up on the account or pathway; Samsara reads a boolean "passed" when there is one.
        private bool? Passed() =>
            Analysis is { ValueKind: JsonValueKind.Object } a && a.TryGetProperty("passed", out var passed)
                && passed.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? passed.GetBoolean()
                : null;
    }
}
