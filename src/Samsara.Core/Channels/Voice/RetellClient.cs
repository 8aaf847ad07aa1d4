using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Samsara.Core.Channels.Accounts;

namespace Samsara.Core.Channels.Voice;

/// <summary>Retell: <c>POST /v2/create-phone-call</c>, <c>GET /v2/get-call/{call_id}</c>, <c>POST /v3/list-calls</c> to reconcile and test access.</summary>
public sealed class RetellClient(HttpClient http, ProviderSettings<RetellOptions> settings, TimeProvider time) : IScreeningCallClient
{
    private const string ReferenceKey = "samsara_reference";

    // The reference filter leaves one match at most; further pages only guard against a provider
    // that ignores metadata filters.
    private const int MaxReconcilePages = 5;

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
        if ((call.AssistantId is { Length: > 0 } ? call.AssistantId : o.AgentId) is { Length: > 0 } agent)
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

    /// <summary>
    /// Retell's API (tests/contracts/openapi/retell.yaml) has no request that ends a live phone call; the agent's
    /// maximum call length ends it.
    /// </summary>
    public Task<ProviderResult<bool>> EndAsync(string callId, CancellationToken ct = default) =>
        Task.FromResult(ProviderResult<bool>.Fail(new ProviderFailure(ProviderOutcome.Permanent, "Retell has no request to end a call; its maximum call length ends it.")));

    public async Task<ProviderResult<int>> CheckAccessAsync(CancellationToken ct = default)
    {
        var listed = await ListAsync(new Dictionary<string, object?> { ["limit"] = 1 }, ct);
        return listed.Succeeded ? ProviderResult<int>.Success(listed.Value!.Items!.Count) : listed.As<int>();
    }

    public async Task<ProviderResult<string?>> ReconcileAsync(ScreeningCall call, DateTimeOffset attemptedAt, CancellationToken ct = default)
    {
        // Not filtered by start_timestamp: a call that never connected has none. Our reference in
        // metadata identifies the attempt exactly, so attemptedAt is not needed to narrow it.
        var query = new Dictionary<string, object?>
        {
            ["filter_criteria"] = new Dictionary<string, object?>
            {
                ["to_number"] = StringFilter(call.To),
                ["metadata"] = new[] { StringFilter(call.Reference, ReferenceKey) },
            },
            ["sort_order"] = "descending",
            ["limit"] = 50,
        };
        for (var page = 0; page < MaxReconcilePages; page++)
        {
            var listed = await ListAsync(query, ct);
            if (!listed.Succeeded)
            {
                return listed.As<string?>();
            }

            if (listed.Value!.Items!.FirstOrDefault(c => c.ToNumber == call.To && c.Reference == call.Reference) is { } match)
            {
                return ProviderResult<string?>.Success(match.CallId);
            }

            if (listed.Value.HasMore != true || listed.Value.PaginationKey is not { Length: > 0 } next)
            {
                break;
            }

            query["pagination_key"] = next;
        }

        return ProviderResult<string?>.Success(null);
    }

    /// <summary><c>POST /v3/list-calls</c> (the v2 list is deprecated): one page of calls, without transcripts.</summary>
    private async Task<ProviderResult<RetellCallPage>> ListAsync(Dictionary<string, object?> query, CancellationToken ct)
    {
        var o = await settings.CurrentAsync(ct);
        using var request = Request(o, HttpMethod.Post, "/v3/list-calls");
        request.Content = JsonContent.Create(query, options: ProviderJson.SnakeCase);
        return await ProviderCall.SendAsync(http, request, RequestKind.Read,
            (text, _) => JsonSerializer.Deserialize<RetellCallPage>(text, ProviderJson.SnakeCase) is { Items: not null } page ? page : null, ReadError, time, ct);
    }

    private static Dictionary<string, object?> StringFilter(string value, string? key = null)
    {
        var filter = new Dictionary<string, object?> { ["type"] = "string", ["op"] = "eq", ["value"] = value };
        if (key is not null)
        {
            filter["key"] = key;
        }

        return filter;
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

    private sealed record RetellCallPage(List<RetellCall>? Items, bool? HasMore, string? PaginationKey);

    private sealed record RetellAnalysis(string? CallSummary, bool? InVoicemail, bool? CallSuccessful);

    /// <summary>Retell's price of the call, in cents.</summary>
    private sealed record RetellCallCost(decimal? CombinedCost);

    private sealed record RetellCall(
        string CallId,
        string? ToNumber,
        string? CallStatus,
        long? DurationMs,
        string? Transcript,
        string? RecordingUrl,
        string? DisconnectionReason,
        Dictionary<string, JsonElement>? Metadata,
        RetellAnalysis? CallAnalysis,
        RetellCallCost? CallCost = null)
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
                DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
                CallCost?.CombinedCost is { } cents ? Math.Round(cents / 100m, 6) : null, progress == CallProgress.Ended ? DisconnectionReason ?? CallStatus : null);
        }
    }
}
