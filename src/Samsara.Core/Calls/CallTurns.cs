using System.Text.Json;
using System.Text.RegularExpressions;
using Spoken = Samsara.Core.Channels.Transcription.Transcript;

namespace Samsara.Core.Calls;

/// <summary>One speaker turn of a call as Samsara stores it (<c>transcripts.segments_json</c>); times in seconds from the start of the recording.</summary>
public sealed record CallTurn(string Speaker, double Start, double End, string Text)
{
    public const string Agent = "Agent";
    public const string Recruiter = "Recruiter";
    public const string Candidate = "Candidate";

    /// <summary>The caller's side of the call: the AI agent, or the recruiter on a recruiter call.</summary>
    public bool IsAgent => Speaker is Agent or Recruiter;
}

/// <summary>Turns provider transcripts into <see cref="CallTurn"/>s with agent and candidate named.</summary>
public static partial class CallTurns
{
    public static string ToJson(IReadOnlyList<CallTurn> turns) => JsonSerializer.Serialize(turns, JsonSerializerOptions.Web);

    public static IReadOnlyList<CallTurn> FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<CallTurn>>(json, JsonSerializerOptions.Web) ?? [];

    /// <summary>
    /// Diarised turns from a transcription provider. The AI places the call and speaks first, so the first speaker is
    /// the agent and anyone else the candidate. A transcript without speakers is kept as one turn of unknown speaker
    /// rather than guessed at. On a recruiter's call the first speaker is named <paramref name="caller"/> ("Recruiter").
    /// </summary>
    public static IReadOnlyList<CallTurn> FromDiarised(Spoken transcript, string caller = CallTurn.Agent)
    {
        if (transcript.Turns.Count == 0)
        {
            var length = transcript.AudioDuration?.TotalSeconds ?? 0;
            return string.IsNullOrWhiteSpace(transcript.Text) ? [] : [new CallTurn("Unknown", 0, length, transcript.Text.Trim())];
        }

        var agent = transcript.Turns[0].Speaker;
        return [.. transcript.Turns.Select(t => new CallTurn(
            t.Speaker == agent ? caller : CallTurn.Candidate, Round(t.Start.TotalSeconds), Round(t.End.TotalSeconds), t.Text.Trim()))];
    }

    /// <summary>
    /// A voice provider's plain-text transcript ("AI: ...", "User: ..." lines) has no times; each turn gets a share of
    /// <paramref name="talkTime"/> in proportion to its length, so the player can still jump near the right place.
    /// </summary>
    public static IReadOnlyList<CallTurn> FromProviderText(string text, TimeSpan? talkTime, TimeSpan? recordingLength)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => LinePattern().Match(line) is { Success: true } m
                ? (Speaker: AgentNames.Contains(m.Groups[1].Value.Trim(), StringComparer.OrdinalIgnoreCase) ? CallTurn.Agent : CallTurn.Candidate, Text: m.Groups[2].Value.Trim())
                : (Speaker: "Unknown", Text: line))
            .Where(l => l.Text.Length > 0)
            .ToList();
        if (lines.Count == 0)
        {
            return [];
        }

        var total = (recordingLength ?? talkTime ?? TimeSpan.FromSeconds(lines.Count * 5)).TotalSeconds;
        var chars = lines.Sum(l => l.Text.Length);
        var at = 0.0;
        var turns = new List<CallTurn>(lines.Count);
        foreach (var (speaker, body) in lines)
        {
            var length = total * body.Length / chars;
            turns.Add(new CallTurn(speaker, Round(at), Round(at + length), body));
            at += length;
        }

        return turns;
    }

    private static readonly string[] AgentNames = ["AI", "Agent", "Assistant", "Bot"];

    private static double Round(double seconds) => Math.Round(seconds, 2);

    [GeneratedRegex(@"^([A-Za-z ]{1,20}):\s*(.*)$")]
    private static partial Regex LinePattern();
}
