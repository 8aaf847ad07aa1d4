using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Samsara.Core.Channels.Accounts;

namespace Samsara.Core.Channels.Voice;

/// <summary>Vapi: <c>POST /call</c>, <c>GET /call/{id}</c>, and <c>GET /call</c> to reconcile.</summary>
public sealed class VapiClient(HttpClient http, ProviderSettings<VapiOptions> settings, TimeProvider time) : IScreeningCallClient
{
    // Vapi's call name is at most 40 characters; it carries our reference for reconciliation.
    private const int MaxNameLength = 40;

    public string ProviderName => "vapi";

    public async Task<ProviderResult<string>> StartAsync(ScreeningCall call, CancellationToken ct = default)
    {
        if (E164.Check(call.To, "Callee") is { } bad)
        {
            return ProviderResult<string>.Fail(bad);
        }

        var o = await settings.CurrentAsync(ct);
        var body = new Dictionary<string, object?>
        {
            ["assistantId"] = call.AssistantId is { Length: > 0 } assistant ? assistant : o.AssistantId,
            ["phoneNumberId"] = o.PhoneNumberId,
            ["customer"] = new { number = call.To },
            ["name"] = Name(call),
        };
        if (call.Variables is { Count: > 0 })
        {
            body["assistantOverrides"] = new { variableValues = call.Variables };
        }

        using var request = Request(o, HttpMethod.Post, "/call");
        request.Content = JsonContent.Create(body, options: ProviderJson.CamelCase);
        return await ProviderCall.SendAsync(http, request, RequestKind.Create,
            (text, _) => JsonSerializer.Deserialize<VapiCall>(text, ProviderJson.CamelCase)?.Id, ReadError, time, ct);
    }

    public async Task<ProviderResult<CallSnapshot>> GetAsync(string callId, CancellationToken ct = default)
    {
        var o = await settings.CurrentAsync(ct);
        using var request = Request(o, HttpMethod.Get, $"/call/{Uri.EscapeDataString(callId)}");
        return await ProviderCall.SendAsync(http, request, RequestKind.Read,
            (text, _) => JsonSerializer.Deserialize<VapiCall>(text, ProviderJson.CamelCase)?.ToSnapshot(), ReadError, time, ct);
    }

    /// <summary>Vapi ends a live call through the call's control URL (<c>monitor.controlUrl</c>) with an "end-call" message.</summary>
    public async Task<ProviderResult<bool>> EndAsync(string callId, CancellationToken ct = default)
    {
        var o = await settings.CurrentAsync(ct);
        using var get = Request(o, HttpMethod.Get, $"/call/{Uri.EscapeDataString(callId)}");
        var found = await ProviderCall.SendAsync(http, get, RequestKind.Read,
            (text, _) => JsonSerializer.Deserialize<VapiCall>(text, ProviderJson.CamelCase), ReadError, time, ct);
        if (!found.Succeeded)
        {
            return found.As<bool>();
        }

        if (!Uri.TryCreate(found.Value!.Monitor?.ControlUrl, UriKind.Absolute, out var control))
        {
            return ProviderResult<bool>.Fail(new ProviderFailure(ProviderOutcome.Permanent, "Vapi gave no control URL for this call (live control is off on the assistant), so it cannot be ended from Samsara."));
        }

        using var end = new HttpRequestMessage(HttpMethod.Post, control);
        end.Content = JsonContent.Create(new { type = "end-call" }, options: ProviderJson.CamelCase);
        return await ProviderCall.SendAsync(http, end, RequestKind.Read, (_, _) => true, ReadError, time, ct);
    }

    public async Task<ProviderResult<int>> CheckAccessAsync(CancellationToken ct = default)
    {
        var o = await settings.CurrentAsync(ct);
        using var request = Request(o, HttpMethod.Get, "/call?limit=1");
        var listed = await ProviderCall.SendAsync(http, request, RequestKind.Read,
            (text, _) => JsonSerializer.Deserialize<List<VapiCall>>(text, ProviderJson.CamelCase), ReadError, time, ct);
        return listed.Succeeded ? ProviderResult<int>.Success(listed.Value!.Count) : listed.As<int>();
    }

    public async Task<ProviderResult<string?>> ReconcileAsync(ScreeningCall call, DateTimeOffset attemptedAt, CancellationToken ct = default)
    {
        var o = await settings.CurrentAsync(ct);
        var since = (attemptedAt - TimeSpan.FromMinutes(2)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var path = QueryHelpers.AddQueryString("/call", new Dictionary<string, string?>
        {
            ["phoneNumberId"] = o.PhoneNumberId,
            ["createdAtGe"] = since,
        });
        using var request = Request(o, HttpMethod.Get, path);
        var listed = await ProviderCall.SendAsync(http, request, RequestKind.Read,
            (text, _) => JsonSerializer.Deserialize<List<VapiCall>>(text, ProviderJson.CamelCase), ReadError, time, ct);
        if (!listed.Succeeded)
        {
            return listed.As<string?>();
        }

        var name = Name(call);
        return ProviderResult<string?>.Success(listed.Value!.FirstOrDefault(c => c.Customer?.Number == call.To && c.Name == name)?.Id);
    }

    private static string Name(ScreeningCall call) =>
        call.Reference.Length <= MaxNameLength ? call.Reference : call.Reference[..MaxNameLength];

    private static HttpRequestMessage Request(VapiOptions o, HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, o.BaseUrl.ToString().TrimEnd('/') + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.ApiKey);
        return request;
    }

    private static ProviderFailure? ReadError(HttpStatusCode status, string body, TimeSpan? retryAfter) =>
        ProviderJson.TryString(body, "message") is { } message
            ? ProviderCall.ByStatus(status, body, retryAfter, RequestKind.Create) with { Reason = $"Vapi {(int)status}: {message}" }
            : null;

    private sealed record VapiCustomer(string? Number);

    private sealed record VapiAnalysis(string? Summary, JsonElement? SuccessEvaluation);

    private sealed record VapiArtifact(string? Transcript, string? RecordingUrl);

    private sealed record VapiMonitor(string? ControlUrl);

    private sealed record VapiCall(
        string Id,
        string? Name,
        string? Status,
        string? EndedReason,
        DateTimeOffset? StartedAt,
        DateTimeOffset? EndedAt,
        decimal? Cost,
        VapiCustomer? Customer,
        VapiAnalysis? Analysis,
        VapiArtifact? Artifact,
        VapiMonitor? Monitor = null)
    {
        public CallSnapshot ToSnapshot()
        {
            var progress = Status switch
            {
                "scheduled" or "queued" => CallProgress.Queued,
                "ringing" => CallProgress.Ringing,
                "in-progress" or "forwarding" => CallProgress.InProgress,
                _ => CallProgress.Ended,
            };
            CallEnding? ending = progress != CallProgress.Ended ? null : EndedReason switch
            {
                "customer-did-not-answer" or "silence-timed-out" => CallEnding.NoAnswer,
                "voicemail" => CallEnding.Voicemail,
                "customer-busy" => CallEnding.Busy,
                "assistant-ended-call" or "customer-ended-call" or "assistant-ended-call-after-message-spoken" => CallEnding.Completed,
                _ => CallEnding.Failed,
            };
            return new CallSnapshot(
                Id, progress, ending, Passed(Analysis?.SuccessEvaluation), Analysis?.Summary, Artifact?.Transcript,
                Uri.TryCreate(Artifact?.RecordingUrl, UriKind.Absolute, out var url) ? url : null,
                StartedAt is { } s && EndedAt is { } e ? e - s : null, Cost, progress == CallProgress.Ended ? EndedReason ?? Status : null);
        }

        // successEvaluation is whatever the assistant's rubric returns: "true"/"false", a boolean, or prose.
        private static bool? Passed(JsonElement? evaluation) => evaluation?.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => bool.TryParse(evaluation.Value.GetString(), out var passed) ? passed : null,
            _ => null,
        };
    }
}
