using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Sandbox.Voice;

/// <summary>
/// <c>GET /sandbox/recordings/{id}.wav</c>: a real WAV as long as the call's talk time, so a player can play and seek it.
/// There is no speech engine at run time, so each turn is a tone (agent low, candidate higher) over faint noise, turns
/// placed in proportion to their text as Samsara places a text-only transcript. Faults for provider "recordings" apply.
/// </summary>
internal static class RecordingEndpoint
{
    public const string FaultProvider = "recordings";
    private const int SampleRate = SilentWav.SampleRate;

    public static IResult Serve(string id, HttpContext context, CallStore calls, FaultBook faults, IOptions<SandboxOptions> options, TimeProvider time)
    {
        var fault = faults.Take(FaultProvider, context.Request.Method, context.Request.Path.Value ?? "");
        if (fault?.Kind == FaultKind.ServerError)
        {
            return Results.StatusCode(StatusCodes.Status500InternalServerError);
        }

        var call = calls.FindAny(id);
        if (fault is not null || call is null || !call.Answered)
        {
            return Results.NotFound();
        }

        var timeline = CallTimeline.For(call, options.Value);
        if (timeline.PhaseAt(time.GetUtcNow()) != CallPhase.Ended)
        {
            return Results.NotFound();
        }

        return TypedResults.File(Synthesise(ScreeningDialogue.For(call.Ending), timeline.TalkTime), "audio/wav", $"{id}.wav", enableRangeProcessing: true);
    }

    public static byte[] Synthesise(IReadOnlyList<ScreeningDialogue.Turn> turns, TimeSpan length)
    {
        var samples = (int)Math.Round(Math.Max(length.TotalSeconds, 1) * SampleRate);
        var pcm = new short[samples];
        var chars = Math.Max(1, turns.Sum(t => t.Text.Length));
        var random = new Random(samples);
        var at = 0;
        foreach (var turn in turns.DefaultIfEmpty(new ScreeningDialogue.Turn(true, "")))
        {
            var count = turns.Count == 0 ? samples : (int)((long)samples * turn.Text.Length / chars);
            var frequency = turn.IsAgent ? 220.0 : 330.0;
            for (var i = 0; i < count && at + i < samples; i++)
            {
                // A gentle tone that pauses briefly at each turn's edges, plus noise so it sounds like a line.
                var edge = Math.Min(i, count - i) < SampleRate / 10 ? 0.0 : 1.0;
                pcm[at + i] = (short)(edge * 2500 * Math.Sin(2 * Math.PI * frequency * i / SampleRate) + random.Next(-150, 150));
            }

            at += count;
        }

        return SilentWav.Write(pcm);
    }
}
