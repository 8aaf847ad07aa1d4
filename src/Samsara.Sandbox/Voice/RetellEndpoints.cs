using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Sandbox.Voice;

/// <summary>
/// Retell: <c>POST /v2/create-phone-call</c>, <c>GET /v2/get-call/{call_id}</c>, <c>POST /v3/list-calls</c>
/// (<see cref="RetellListCalls"/>) and the deprecated <c>POST /v2/list-calls</c>.
/// </summary>
internal static class RetellEndpoints
{
    private static readonly RetellProfile Profile = new();

    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v2").AddEndpointFilter(new ProviderFilter(Profile));
        group.MapPost("/create-phone-call", Create);
        group.MapGet("/get-call/{callId}", Get);
        group.MapPost("/list-calls", List);
        routes.MapGroup("/v3").AddEndpointFilter(new ProviderFilter(Profile))
            .MapPost("/list-calls", (HttpContext context, CallStore calls, IOptions<SandboxOptions> options, TimeProvider time) =>
                RetellListCalls.List(context, calls, options, time, Profile));
    }

    private static IResult Create(HttpContext context, CallStore calls, IOptions<SandboxOptions> options, TimeProvider time)
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

        var from = root.TryGetProperty("from_number", out var f) ? f.GetString() : null;
        var to = root.TryGetProperty("to_number", out var t) ? t.GetString() : null;
        if (string.IsNullOrEmpty(from) || string.IsNullOrEmpty(to))
        {
            return Profile.Error(400, "from_number and to_number are required");
        }

        var agent = root.TryGetProperty("override_agent_id", out var a) ? a.GetString() : null;
        var call = calls.Add(SandboxIds.Hex32(), RetellProfile.ProviderName, from, to, new Dictionary<string, object?>
        {
            ["agent_id"] = agent ?? "agent_sandbox_default",
            ["metadata"] = root.TryGetProperty("metadata", out var m) ? m.Clone() : null,
            ["retell_llm_dynamic_variables"] = root.TryGetProperty("retell_llm_dynamic_variables", out var v) ? v.Clone() : null,
        });
        return TypedResults.Json(ToCall(call, options.Value, time.GetUtcNow(), context), SandboxJson.SnakeCase, statusCode: StatusCodes.Status201Created);
    }

    private static IResult Get(string callId, HttpContext context, CallStore calls, IOptions<SandboxOptions> options, TimeProvider time) =>
        calls.Find(RetellProfile.ProviderName, callId) is { } call
            ? TypedResults.Json(ToCall(call, options.Value, time.GetUtcNow(), context), SandboxJson.SnakeCase)
            : Profile.Error(404, "Call not found");

    /// <summary>The deprecated v2 list (kept for older clients): to_number, call_id, metadata.*, sort_order and limit.</summary>
    private static IResult List(HttpContext context, CallStore calls, IOptions<SandboxOptions> options, TimeProvider time)
    {
        JsonElement criteria = default;
        var descending = true;
        var limit = 50;
        try
        {
            using var doc = JsonDocument.Parse(ProviderFilter.BodyOf(context) is { Length: > 0 } b ? b : "{}");
            var root = doc.RootElement;
            if (root.TryGetProperty("filter_criteria", out var c))
            {
                criteria = c.Clone();
            }

            descending = !(root.TryGetProperty("sort_order", out var order) && order.GetString() == "ascending");
            limit = root.TryGetProperty("limit", out var l) && l.TryGetInt32(out var n) ? n : limit;
        }
        catch (JsonException)
        {
            return Profile.Error(400, "Invalid JSON body");
        }

        var now = time.GetUtcNow();
        var matching = calls.All(RetellProfile.ProviderName)
            .Where(c => InList(criteria, "to_number", c.To) && InList(criteria, "from_number", c.From) && InList(criteria, "call_id", c.Id))
            .Where(c => MetadataMatches(criteria, c))
            .ToList();
        if (!descending)
        {
            matching.Reverse();
        }

        return TypedResults.Json(matching.Take(limit).Select(c => ToCall(c, options.Value, now, context)).ToList(), SandboxJson.SnakeCase);
    }

    private static bool InList(JsonElement criteria, string name, string value) =>
        criteria.ValueKind != JsonValueKind.Object || !criteria.TryGetProperty(name, out var list)
        || list.EnumerateArray().Any(v => v.GetString() == value);

    private static bool MetadataMatches(JsonElement criteria, SimulatedCall call)
    {
        if (criteria.ValueKind != JsonValueKind.Object || !criteria.TryGetProperty("metadata", out var wanted) || wanted.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var metadata = call.Extra["metadata"] as JsonElement?;
        return wanted.EnumerateObject().All(p =>
            metadata is { ValueKind: JsonValueKind.Object } m && m.TryGetProperty(p.Name, out var actual) && actual.ToString() == p.Value.ToString());
    }

    internal static Dictionary<string, object?> ToCall(SimulatedCall call, SandboxOptions options, DateTimeOffset now, HttpContext context)
    {
        var timeline = CallTimeline.For(call, options);
        var phase = timeline.PhaseAt(now);
        var result = new Dictionary<string, object?>
        {
            ["call_type"] = "phone_call",
            ["from_number"] = call.From,
            ["to_number"] = call.To,
            ["direction"] = "outbound",
            ["call_id"] = call.Id,
            ["agent_id"] = call.Extra["agent_id"],
            ["agent_version"] = 1,
            ["call_status"] = phase switch
            {
                CallPhase.Queued or CallPhase.Ringing => "registered",
                CallPhase.InProgress => "ongoing",
                CallPhase.Ended => call.Ending switch
                {
                    CallEnding.NoAnswer or CallEnding.Busy or CallEnding.Failed => "not_connected",
                    CallEnding.CompletedPass or CallEnding.CompletedFail or CallEnding.CompletedUnclear or CallEnding.HungUp
                        or CallEnding.NeverEnds or CallEnding.Voicemail => "ended",
                },
            },
        };
        if (call.Extra["metadata"] is { } metadata)
        {
            result["metadata"] = metadata;
        }

        if (call.Extra["retell_llm_dynamic_variables"] is { } variables)
        {
            result["retell_llm_dynamic_variables"] = variables;
        }

        if (timeline.AnsweredAt is { } answered && now >= answered)
        {
            result["start_timestamp"] = answered.ToUnixTimeMilliseconds();
        }

        if (phase != CallPhase.Ended)
        {
            return result;
        }

        var turns = ScreeningDialogue.For(call.Ending);
        result["end_timestamp"] = timeline.EndedAt.ToUnixTimeMilliseconds();
        result["duration_ms"] = (long)timeline.TalkTime.TotalMilliseconds;
        // Retell prices in cents (call_cost.combined_cost); the sandbox charges 7 cents a minute of talk.
        var cents = Math.Round(timeline.TalkTime.TotalMinutes * 7, 4);
        result["call_cost"] = new Dictionary<string, object?>
        {
            ["product_costs"] = Array.Empty<object>(),
            ["total_duration_seconds"] = Math.Round(timeline.TalkTime.TotalSeconds, 3),
            ["total_duration_unit_price"] = 7.0 / 60,
            ["combined_cost"] = cents,
        };
        result["disconnection_reason"] = call.Ending switch
        {
            CallEnding.CompletedPass or CallEnding.CompletedFail or CallEnding.CompletedUnclear or CallEnding.NeverEnds => "agent_hangup",
            CallEnding.HungUp => "user_hangup",
            CallEnding.Voicemail => "voicemail_reached",
            CallEnding.NoAnswer => "dial_no_answer",
            CallEnding.Busy => "dial_busy",
            CallEnding.Failed => "dial_failed",
        };
        if (!call.Answered)
        {
            return result;
        }

        result["transcript"] = ScreeningDialogue.Text(turns, "Agent", "User");
        result["transcript_object"] = turns.Select(t => new Dictionary<string, object?>
        {
            ["role"] = t.IsAgent ? "agent" : "user",
            ["content"] = t.Text,
            ["words"] = Array.Empty<object>(),
        }).ToList();
        result["recording_url"] = SandboxMount.Url(context, $"/sandbox/recordings/{call.Id}.wav");
        result["call_analysis"] = new Dictionary<string, object?>
        {
            ["call_summary"] = ScreeningDialogue.Summary(call.Ending),
            ["in_voicemail"] = call.Ending == CallEnding.Voicemail,
            ["user_sentiment"] = call.Ending == CallEnding.CompletedPass ? "Positive" : "Neutral",
            ["call_successful"] = call.ProviderPassed,
        };
        return result;
    }
}
