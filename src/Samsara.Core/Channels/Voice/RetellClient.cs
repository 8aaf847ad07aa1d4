using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Samsara.Core.Channels.Accounts;

namespace Samsara.Core.Channels.Voice;

/// <summary>Retell: <c>POST /v2/create-phone-call</c>, <c>GET /v2/get-call/{call_id}</c>, <c>POST /v2/list-calls</c> to reconcile.</summary>
public sealed class RetellClient(HttpClient http, ProviderSettings<RetellOptions> settings, TimeProvider time) : IScreeningCallClient
{
    private const string ReferenceKey = "samsara_reference";

    public string ProviderName => "retell";

    public async Task<ProviderResult<string>> StartAsync(ScreeningCall call, CancellationToken ct = default)
    {
        var o = await settings.CurrentAsync(ct);
        if ((E164.Check(call.To, "Callee") ?? E164.Check(o.FromNumber, "Retell caller")) is { } bad)
        {
            return ProviderResult<string>.Fail(bad);
        }

        var body = new Dictionary<string, object?>
        {
            ["from_number"] = o.FromNumber,
            ["to_number"] = call.To,
            ["metadata"] = new Dictionary<string, string> { [ReferenceKey] = call.Reference },
        };
        if (o.AgentId is { Length: > 0 } agent)
        {
            body["override_agent_id"] = agent;
        }

        if (call.Variables is { Count: > 0 })
        {
            body["retell_llm_dynamic_variables"] = call.Variables;
        }

        using var request = Request(o, HttpMethod.Post, "/v2/create-phone-call");
        request.Content = JsonContent.Create(body, options: ProviderJson.SnakeCase);
        return await ProviderCall.SendAsync(http, request, RequestKind.Create,
            (text, _) => JsonSerializer.Deserialize<RetellCall>(text, ProviderJson.SnakeCase)?.CallId, ReadError, time, ct);
    }

    public async Task<ProviderResult<CallSnapshot>> GetAsync(string callId, CancellationToken ct = default)
    {
        var o = await settings.CurrentAsync(ct);
        using var request = Request(o, HttpMethod.Get, $"/v2/get-call/{Uri.EscapeDataString(callId)}");
        return await ProviderCall.SendAsync(http, request, RequestKind.Read,
            (text, _) => JsonSerializer.Deserialize<RetellCall>(text, ProviderJson.SnakeCase)?.ToSnapshot(), ReadError, time, ct);
    }

    public async Task<ProviderResult<int>> CheckAccessAsync(CancellationToken ct = default)
    {
        var o = await settings.CurrentAsync(ct);
        using var request = Request(o, HttpMethod.Post, "/v2/list-calls");
        request.Content = JsonContent.Create(new Dictionary<string, object?> { ["limit"] = 1 }, options: ProviderJson.SnakeCase);
        var listed = await ProviderCall.SendAsync(http, request, RequestKind.Read,
            (text, _) => JsonSerializer.Deserialize<List<RetellCall>>(text, ProviderJson.SnakeCase), ReadError, time, ct);
        return listed.Succeeded ? ProviderResult<int>.Success(listed.Value!.Count) : listed.As<int>();
    }

    public async Task<ProviderResult<string?>> ReconcileAsync(ScreeningCall call, DateTimeOffset attemptedAt, CancellationToken ct = default)
    {
        var o = await settings.CurrentAsync(ct);
        using var request = Request(o, HttpMethod.Post, "/v2/list-calls");
        request.Content = JsonContent.Create(new Dictionary<string, object?>
        {
            // Not filtered by start_timestamp: a call that never connected has none.
            ["filter_criteria"] = new Dictionary<string, object?> { ["to_number"] = new[] { call.To } },
            ["sort_order"] = "descending",
            ["limit"] = 50,
        }, options: ProviderJson.SnakeCase);
        var listed = await ProviderCall.SendAsync(http, request, RequestKind.Read,
            (text, _) => JsonSerializer.Deserialize<List<RetellCall>>(text, ProviderJson.SnakeCase), ReadError, time, ct);
        if (!listed.Succeeded)
        {
            return listed.As<string?>();
        }

        // Our reference in metadata identifies the attempt exactly, so attemptedAt is not needed to narrow it.
        var match = listed.Value!.FirstOrDefault(c => c.ToNumber == call.To && c.Reference == call.Reference);
        return ProviderResult<string?>.Success(match?.CallId);
    }

    private static HttpRequestMessage Request(RetellOptions o, HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, o.BaseUrl.ToString().TrimEnd('/') + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.ApiKey);
        return request;
    }

    private static ProviderFailure? ReadError(HttpStatusCode status, string body, TimeSpan? retryAfter) =>
        ProviderJson.TryString(body, "message") is { } message
            ? ProviderCall.ByStatus(status, body, retryAfter, RequestKind.Create) with { Reason = $"Retell {(int)status}: {message}" }
            : null;

    private sealed record RetellAnalysis(string? CallSummary, bool? InVoicemail, bool? CallSuccessful);

    private sealed record RetellCall(
        string CallId,
        string? ToNumber,
        string? CallStatus,
        long? DurationMs,
        string? Transcript,
        string? RecordingUrl,
        string? DisconnectionReason,
        Dictionary<string, JsonElement>? Metadata,
        RetellAnalysis? CallAnalysis)
    {
        public string? Reference =>
            Metadata is not null && Metadata.TryGetValue(ReferenceKey, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        public CallSnapshot ToSnapshot()
        {
            var progress = CallStatus switch
            {
                "registered" => CallProgress.Queued,
                "ongoing" => CallProgress.InProgress,
                _ => CallProgress.Ended,
            };
            CallEnding? ending = progress != CallProgress.Ended ? null : DisconnectionReason switch
            {
                "voicemail_reached" => CallEnding.Voicemail,
                "dial_no_answer" => CallEnding.NoAnswer,
                "dial_busy" => CallEnding.Busy,
                "user_hangup" or "agent_hangup" or "call_transfer" or "max_duration_reached" or "inactivity" => CallEnding.Completed,
                _ when CallAnalysis?.InVoicemail == true => CallEnding.Voicemail,
                _ => CallEnding.Failed,
            };
            return new CallSnapshot(
                CallId, progress, ending, CallAnalysis?.CallSuccessful, CallAnalysis?.CallSummary, Transcript,
                Uri.TryCreate(RecordingUrl, UriKind.Absolute, out var url) ? url : null,
                DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, null);
        }
    }
}
