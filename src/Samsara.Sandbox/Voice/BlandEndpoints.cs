using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Sandbox.Voice;

/// <summary>Bland: <c>POST /v1/calls</c>, <c>GET /v1/calls</c> (list), <c>GET /v1/calls/{call_id}</c> and <c>POST /v1/calls/{call_id}/stop</c>.</summary>
internal static class BlandEndpoints
{
    private static readonly BlandProfile Profile = new();

    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/calls").AddEndpointFilter(new ProviderFilter(Profile));
        group.MapPost("", Create);
        group.MapGet("", List);
        group.MapGet("/{callId}", Get);
        group.MapPost("/{callId}/stop", Stop);
    }

    private static IResult Create(HttpContext context, CallStore calls)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(ProviderFilter.BodyOf(context)).RootElement.Clone();
        }
        catch (JsonException)
        {
            return Profile.Error(400, "Invalid JSON body");
        }

        var phone = root.TryGetProperty("phone_number", out var p) ? p.GetString() : null;
        if (string.IsNullOrEmpty(phone))
        {
            return Profile.Error(400, "Missing required parameter: phone_number");
        }

        if (!root.TryGetProperty("task", out _) && !root.TryGetProperty("pathway_id", out _))
        {
            return Profile.Error(400, "Missing required parameter: task or pathway_id");
        }

        var from = root.TryGetProperty("from", out var f) ? f.GetString() : null;
        var metadata = root.TryGetProperty("metadata", out var m) ? m.Clone() : (JsonElement?)null;
        var call = calls.Add(Guid.NewGuid().ToString(), BlandProfile.ProviderName, from ?? "+15555550100", phone,
            new Dictionary<string, object?> { ["metadata"] = metadata });
        return TypedResults.Json(
            new { status = "success", message = "Call successfully queued.", call_id = call.Id, batch_id = (string?)null },
            SandboxJson.SnakeCase);
    }

    private static IResult Stop(string callId, CallStore calls, TimeProvider time) =>
        calls.Stop(BlandProfile.ProviderName, callId, time.GetUtcNow()) is null
            ? Profile.Error(404, "Call not found")
            : TypedResults.Json(new { status = "success", message = "Call ended successfully." }, SandboxJson.SnakeCase);

    private static IResult Get(string callId, HttpContext context, CallStore calls, IOptions<SandboxOptions> options, TimeProvider time) =>
        calls.Find(BlandProfile.ProviderName, callId) is { } call
            ? TypedResults.Json(Details(call, options.Value, time.GetUtcNow(), context), SandboxJson.SnakeCase)
            : Profile.Error(404, "Call not found");

    private static JsonHttpResult<BlandCallList> List(HttpContext context, CallStore calls, IOptions<SandboxOptions> options, TimeProvider time)
    {
        var to = context.Request.Query["to_number"].ToString();
        var now = time.GetUtcNow();
        var matching = calls.All(BlandProfile.ProviderName).Where(c => to.Length == 0 || c.To == to).ToList();
        return TypedResults.Json(
            new BlandCallList(matching.Count, matching.Count, [.. matching.Select(c => Summary(c, options.Value, now, context))]),
            SandboxJson.SnakeCase);
    }

    private static readonly string[] SummaryFields =
        ["call_id", "created_at", "call_length", "to", "from", "completed", "queue_status", "error_message", "answered_by", "batch_id"];

    /// <summary>The list endpoint returns CallSummary objects: a subset of the call's details.</summary>
    private static Dictionary<string, object?> Summary(SimulatedCall call, SandboxOptions options, DateTimeOffset now, HttpContext context) =>
        Details(call, options, now, context).Where(kv => SummaryFields.Contains(kv.Key)).ToDictionary();

    private static Dictionary<string, object?> Details(SimulatedCall call, SandboxOptions options, DateTimeOffset now, HttpContext context)
    {
        var timeline = CallTimeline.For(call, options);
        var phase = timeline.PhaseAt(now);
        var ended = phase == CallPhase.Ended;
        var turns = ended ? ScreeningDialogue.For(call.Ending) : [];
        // queue_status tracks progress; status is the final outcome and only exists once the call is over.
        var queueStatus = phase switch
        {
            CallPhase.Queued => "queued",
            CallPhase.Ringing => "allocated",
            CallPhase.InProgress => "started",
            CallPhase.Ended => call.Ending == CallEnding.Failed ? "error" : "complete",
        };
        string? status = !ended ? null : call.Ending switch
        {
            CallEnding.CompletedPass or CallEnding.CompletedFail or CallEnding.CompletedUnclear or CallEnding.HungUp
                or CallEnding.NeverEnds or CallEnding.Voicemail => "completed",
            CallEnding.NoAnswer => "no-answer",
            CallEnding.Busy => "busy",
            CallEnding.Failed => "failed",
        };
        // The spec types these fields without nullable, so unknown values are left out rather than sent as null.
        var details = new Dictionary<string, object?>
        {
            ["call_id"] = call.Id,
            ["to"] = call.To,
            ["from"] = call.From,
            ["created_at"] = Iso(call.CreatedAt),
            ["started_at"] = timeline.AnsweredAt is { } a && now >= a ? Iso(a) : null,
            ["end_at"] = ended ? Iso(timeline.EndedAt) : null,
            ["call_length"] = ended ? Math.Round(timeline.TalkTime.TotalMinutes, 3) : 0,
            ["completed"] = ended,
            ["queue_status"] = queueStatus,
            ["status"] = status,
            ["answered_by"] = !ended ? null : call.Ending switch
            {
                CallEnding.CompletedPass or CallEnding.CompletedFail or CallEnding.CompletedUnclear or CallEnding.HungUp or CallEnding.NeverEnds => "human",
                CallEnding.Voicemail => "voicemail",
                CallEnding.NoAnswer or CallEnding.Busy => "no-answer",
                CallEnding.Failed => "unknown",
            },
            ["call_ended_by"] = ended && call.Answered ? "ASSISTANT" : null,
            ["error_message"] = ended && call.Ending == CallEnding.Failed ? "Call failed to connect" : null,
            ["recording_url"] = ended && call.Answered ? SandboxMount.Url(context, $"/sandbox/recordings/{call.Id}.wav") : null,
            ["transcripts"] = turns.Select((t, i) => new Dictionary<string, object?>
            {
                ["id"] = i + 1,
                ["created_at"] = Iso((timeline.AnsweredAt ?? call.CreatedAt).AddSeconds(i * 10)),
                ["text"] = t.Text,
                ["user"] = t.IsAgent ? "assistant" : "user",
            }).ToList(),
            ["concatenated_transcript"] = ended ? ScreeningDialogue.Text(turns, "assistant", "user") : null,
            ["summary"] = ended ? ScreeningDialogue.Summary(call.Ending) : null,
            ["price"] = ended ? Math.Round(timeline.TalkTime.TotalMinutes * 0.09, 4) : null,
            ["metadata"] = call.Extra["metadata"],
            ["analysis"] = ended && call.Answered
                ? new Dictionary<string, object?> { ["passed"] = call.ProviderPassed }
                : null,
        };
        return details.Where(kv => kv.Value is not null).ToDictionary();
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

internal sealed record BlandCallList(int TotalCount, int Count, IReadOnlyList<Dictionary<string, object?>> Calls);
