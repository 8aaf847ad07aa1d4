using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Samsara.Sandbox.Mailbox;
using Samsara.Sandbox.SendGrid;
using Samsara.Sandbox.Transcription;
using Samsara.Sandbox.Twilio;
using Samsara.Sandbox.Voice;

namespace Samsara.Sandbox.Infrastructure;

/// <summary>
/// <c>/sandbox/*</c>: the request log, candidate scripts and faults, for tests and the demo UI.
/// Not part of any provider's API, so locked to loopback callers holding the per-start secret (<see cref="AdminGuard"/>).
/// Recordings stay outside the lock: their URLs are what the simulated providers hand to their API clients, as a real
/// provider's recording link is fetched without this app's own credentials.
/// </summary>
internal static class AdminEndpoints
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/sandbox/recordings/{id}.wav", RecordingEndpoint.Serve);
        var group = routes.MapGroup("/sandbox").AddEndpointFilter<AdminGuard>();
        group.MapGet("/log", (RequestLog log, string? provider) => TypedResults.Json(log.Entries(provider), Json));
        group.MapDelete("/log", (RequestLog log) =>
        {
            log.Clear();
            return TypedResults.NoContent();
        });

        group.MapGet("/scripts", (ScriptBook scripts) => TypedResults.Json(scripts.All(), Json));
        group.MapPut("/scripts", SetScript);
        group.MapDelete("/scripts/{address}", (string address, ScriptBook scripts) =>
            scripts.Remove(address) ? Results.NoContent() : Results.NotFound());

        group.MapGet("/faults", (FaultBook faults) => TypedResults.Json(faults.Pending(), Json));
        group.MapPost("/faults", AddFault);
        group.MapDelete("/faults", (FaultBook faults) =>
        {
            faults.Clear();
            return TypedResults.NoContent();
        });

        group.MapPost("/twilio/inbound", AddInbound);
        // The replies mailbox in place of IMAP: the app's sandbox reader pages through it by UID.
        group.MapGet("/mailbox", (RepliesMailbox mailbox, uint? after) => TypedResults.Json(mailbox.After(after ?? 0), Json));
        group.MapGet("/mailbox/{uid}.eml", (uint uid, RepliesMailbox mailbox) =>
            mailbox.Find(uid) is { } message ? Results.Text(message.Raw, "message/rfc822") : Results.NotFound());
        group.MapPost("/reset", Reset);
    }

    private static async Task<Results<NoContent, BadRequest<string>>> SetScript(HttpContext context, ScriptBook scripts)
    {
        var script = await ReadAsync<CandidateScript>(context);
        if (script is null || string.IsNullOrWhiteSpace(script.Address))
        {
            return TypedResults.BadRequest("A script needs an address (E.164 phone number or email) and a behaviour.");
        }

        scripts.Set(script);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, BadRequest<string>>> AddFault(HttpContext context, FaultBook faults)
    {
        var rule = await ReadAsync<FaultRule>(context);
        if (rule is null || string.IsNullOrWhiteSpace(rule.Provider) || rule.Times < 1)
        {
            return TypedResults.BadRequest("A fault needs a provider, a kind and times >= 1.");
        }

        faults.Add(rule);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<string>, BadRequest<string>>> AddInbound(HttpContext context, TwilioMessageStore store)
    {
        var message = await ReadAsync<InboundSms>(context);
        return message is null || string.IsNullOrWhiteSpace(message.From) || string.IsNullOrWhiteSpace(message.To)
            ? TypedResults.BadRequest("An inbound SMS needs from, to and body.")
            : TypedResults.Ok(store.AddInbound(message.From, message.To, message.Body ?? ""));
    }

    private static NoContent Reset(
        RequestLog log, ScriptBook scripts, FaultBook faults, TwilioMessageStore sms, SentMailStore mail, RepliesMailbox replies, CallStore calls,
        TranscriptStore transcripts)
    {
        log.Clear();
        scripts.Clear();
        faults.Clear();
        sms.Clear();
        mail.Clear();
        replies.Clear();
        calls.Clear();
        transcripts.Clear();
        return TypedResults.NoContent();
    }

    private static async Task<T?> ReadAsync<T>(HttpContext context)
        where T : class
    {
        try
        {
            return await context.Request.ReadFromJsonAsync<T>(Json, context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record InboundSms(string From, string To, string? Body);
}
