using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Sandbox.Voice;

/// <summary>Vapi: <c>POST /call</c> and <c>GET /call/{id}</c>, camelCase Call objects.</summary>
internal static class VapiEndpoints
{
    private const string OrgId = "00000000-0000-4000-8000-00000000a0a1";
    private static readonly VapiProfile Profile = new();

    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/call").AddEndpointFilter(new ProviderFilter(Profile));
        group.MapPost("", Create);
        group.MapGet("", List);
        group.MapGet("/{id}", Get);
    }

    /// <summary>
    /// The live-control URL each call gives in <c>monitor.controlUrl</c> (outside Vapi's REST API, as Vapi's own is):
    /// <c>{"type":"end-call"}</c> ends the call.
    /// </summary>
    public static void MapControl(IEndpointRouteBuilder root) =>
        root.MapPost("/sandbox/vapi-control/{id}", async (string id, HttpContext context, CallStore calls, TimeProvider time) =>
        {
            // No credential: Vapi's control URL needs none unless controlAuthenticationEnabled is set on the assistant.
            try
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
                if (!body.RootElement.TryGetProperty("type", out var type) || type.GetString() != "end-call")
                {
                    return Profile.Error(400, "Unsupported control message; this sandbox knows only {\"type\":\"end-call\"}");
                }
            }
            catch (JsonException)
            {
                return Profile.Error(400, "Invalid JSON body");
            }

            return calls.Stop(VapiProfile.ProviderName, id, time.GetUtcNow()) is null ? Profile.Error(404, "Call not found") : Results.Ok();
        });

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

        var number = root.TryGetProperty("customer", out var customer) && customer.TryGetProperty("number", out var n) ? n.GetString() : null;
        if (string.IsNullOrEmpty(number))
        {
            return Profile.Error(400, "customer.number must be provided");
        }

        if (!root.TryGetProperty("assistantId", out _) && !root.TryGetProperty("assistant", out _)
            && !root.TryGetProperty("squadId", out _) && !root.TryGetProperty("workflowId", out _))
        {
            return Profile.Error(400, "Couldn't Get Assistant. Need assistant, assistantId, squad, squadId, workflow or workflowId.");
        }

        var phoneNumberId = root.TryGetProperty("phoneNumberId", out var p) ? p.GetString() : null;
        var assistantId = root.TryGetProperty("assistantId", out var a) ? a.GetString() : null;
        var call = calls.Add(Guid.NewGuid().ToString(), VapiProfile.ProviderName, phoneNumberId ?? "", number,
            new Dictionary<string, object?>
            {
                ["assistantId"] = assistantId,
                ["phoneNumberId"] = phoneNumberId,
                ["name"] = root.TryGetProperty("name", out var name) ? name.GetString() : null,
            });
        if (call.Behaviour == CandidateBehaviour.LostCreateAnswer && calls.CountTo(VapiProfile.ProviderName, number) == 1)
        {
            // The call exists, but its creator never hears so: only reconciling with the list finds it.
            context.Abort();
            return Results.Empty;
        }

        return TypedResults.Json(ToCall(call, options.Value, time.GetUtcNow(), context), SandboxJson.CamelCase, statusCode: StatusCodes.Status201Created);
    }

    private static readonly TimeSpan StormLength = TimeSpan.FromMinutes(1);

    private static IResult Get(string id, HttpContext context, CallStore calls, IOptions<SandboxOptions> options, TimeProvider time) =>
        calls.Find(VapiProfile.ProviderName, id) is not { } call ? Profile.Error(404, "Call not found")
        : call.Behaviour == CandidateBehaviour.PollStorm && time.GetUtcNow() < call.CreatedAt + StormLength ? Profile.ServerError()
        : TypedResults.Json(ToCall(call, options.Value, time.GetUtcNow(), context), SandboxJson.CamelCase);

    /// <summary>Newest first; filters on phoneNumberId, assistantId and createdAtGe/Gt/Le/Lt, as Vapi's list does.</summary>
    private static JsonHttpResult<List<Dictionary<string, object?>>> List(HttpContext context, CallStore calls, IOptions<SandboxOptions> options, TimeProvider time)
    {
        var query = context.Request.Query;
        var now = time.GetUtcNow();
        var limit = int.TryParse(query["limit"], System.Globalization.CultureInfo.InvariantCulture, out var l) ? l : 100;
        var matching = calls.All(VapiProfile.ProviderName)
            .Where(c => Equal(query["phoneNumberId"], c.Extra["phoneNumberId"]) && Equal(query["assistantId"], c.Extra["assistantId"]))
            .Where(c => Compare(query["createdAtGe"], v => c.CreatedAt >= v) && Compare(query["createdAtGt"], v => c.CreatedAt > v)
                && Compare(query["createdAtLe"], v => c.CreatedAt <= v) && Compare(query["createdAtLt"], v => c.CreatedAt < v))
            .Take(limit)
            .Select(c => ToCall(c, options.Value, now, context))
            .ToList();
        return TypedResults.Json(matching, SandboxJson.CamelCase);
    }

    private static bool Equal(Microsoft.Extensions.Primitives.StringValues wanted, object? actual) =>
        Microsoft.Extensions.Primitives.StringValues.IsNullOrEmpty(wanted) || wanted.ToString() == actual as string;

    private static bool Compare(Microsoft.Extensions.Primitives.StringValues raw, Func<DateTimeOffset, bool> test) =>
        Microsoft.Extensions.Primitives.StringValues.IsNullOrEmpty(raw)
        || (DateTimeOffset.TryParse(raw.ToString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) && test(at));

    private static Dictionary<string, object?> ToCall(SimulatedCall call, SandboxOptions options, DateTimeOffset now, HttpContext context)
    {
        var timeline = CallTimeline.For(call, options);
        var phase = timeline.PhaseAt(now);
        var result = new Dictionary<string, object?>
        {
            ["id"] = call.Id,
            ["orgId"] = OrgId,
            ["type"] = "outboundPhoneCall",
            ["createdAt"] = Iso(call.CreatedAt),
            ["updatedAt"] = Iso(phase switch
            {
                CallPhase.Queued => call.CreatedAt,
                CallPhase.Ringing => timeline.RingingAt,
                CallPhase.InProgress => timeline.AnsweredAt!.Value,
                CallPhase.Ended => timeline.EndedAt,
            }),
            ["status"] = phase switch
            {
                CallPhase.Queued => "queued",
                CallPhase.Ringing => "ringing",
                CallPhase.InProgress => "in-progress",
                CallPhase.Ended => "ended",
            },
            ["customer"] = new Dictionary<string, object?> { ["number"] = call.To },
            ["assistantId"] = call.Extra["assistantId"],
            ["phoneNumberId"] = call.Extra["phoneNumberId"],
            ["name"] = call.Extra["name"],
            ["monitor"] = new Dictionary<string, object?> { ["controlUrl"] = SandboxMount.Url(context, $"/sandbox/vapi-control/{call.Id}") },
        };

        if (timeline.AnsweredAt is { } answered && now >= answered)
        {
            result["startedAt"] = Iso(answered);
        }

        if (phase != CallPhase.Ended)
        {
            return result;
        }

        var turns = ScreeningDialogue.For(call.Ending);
        var cost = Math.Round(timeline.TalkTime.TotalMinutes * 0.05, 4);
        result["endedAt"] = Iso(timeline.EndedAt);
        result["endedReason"] = call.Ending switch
        {
            CallEnding.CompletedPass or CallEnding.CompletedFail or CallEnding.CompletedUnclear or CallEnding.NeverEnds => "assistant-ended-call",
            CallEnding.HungUp => "customer-ended-call",
            CallEnding.NoAnswer => "customer-did-not-answer",
            CallEnding.Busy => "customer-busy",
            CallEnding.Voicemail => "voicemail",
            CallEnding.Failed => "twilio-failed-to-connect-call",
        };
        result["cost"] = cost;
        result["costBreakdown"] = new Dictionary<string, object?> { ["total"] = cost };
        if (call.Answered)
        {
            result["analysis"] = new Dictionary<string, object?>
            {
                ["summary"] = ScreeningDialogue.Summary(call.Ending),
                ["successEvaluation"] = call.ProviderPassed ? "true" : "false",
            };
            result["artifact"] = new Dictionary<string, object?>
            {
                ["transcript"] = ScreeningDialogue.Text(turns, "AI", "User"),
                ["recordingUrl"] = SandboxMount.Url(context, $"/sandbox/recordings/{call.Id}.wav"),
            };
        }

        return result;
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
