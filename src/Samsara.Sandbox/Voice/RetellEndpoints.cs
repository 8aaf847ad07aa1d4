using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Sandbox.Voice;

/// <summary>Retell: <c>POST /v2/create-phone-call</c> and <c>GET /v2/get-call/{call_id}</c>.</summary>
internal static class RetellEndpoints
{
    private static readonly RetellProfile Profile = new();

    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v2").AddEndpointFilter(new ProviderFilter(Profile));
        group.MapPost("/create-phone-call", Create);
        group.MapGet("/get-call/{callId}", Get);
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

    private static Dictionary<string, object?> ToCall(SimulatedCall call, SandboxOptions options, DateTimeOffset now, HttpContext context)
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
                    CallEnding.NoAnswer or CallEnding.Failed => "not_connected",
                    CallEnding.CompletedPass or CallEnding.CompletedFail or CallEnding.Voicemail => "ended",
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
        result["disconnection_reason"] = call.Ending switch
        {
            CallEnding.CompletedPass or CallEnding.CompletedFail => "agent_hangup",
            CallEnding.Voicemail => "voicemail_reached",
            CallEnding.NoAnswer => "dial_no_answer",
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
            ["call_successful"] = call.Ending == CallEnding.CompletedPass,
        };
        return result;
    }
}
