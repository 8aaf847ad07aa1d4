namespace Samsara.Core.Channels.Transcription;

/// <summary>One speaker turn; times are from the start of the audio.</summary>
public sealed record TranscriptTurn(string Speaker, TimeSpan Start, TimeSpan End, string Text);

/// <summary>A finished transcript, the same for every transcription provider.</summary>
/// <param name="RequestId">The provider's id of the transcription (Deepgram's request_id, AssemblyAI's transcript id): the usage ledger's key.</param>
public sealed record Transcript(string Text, IReadOnlyList<TranscriptTurn> Turns, TimeSpan? AudioDuration, double? Confidence, string? RequestId = null);

/// <summary>Where a transcription job is (AssemblyAI is asynchronous; Deepgram answers at once).</summary>
public sealed record TranscriptJob(string Id, string Status, Transcript? Result, string? Error)
{
    public bool IsDone => Status is "completed" or "error";
}

/// <summary>Settings shared by the transcription providers, bound to <c>Samsara:Providers:Deepgram</c> / <c>:AssemblyAi</c>.</summary>
public sealed class DeepgramOptions
{
    public const string Section = "Samsara:Providers:Deepgram";
    public Uri BaseUrl { get; set; } = new("https://api.deepgram.com");
    public string ApiKey { get; set; } = "";
    public string Model { get; set; } = "nova-3";
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);
}

public sealed class AssemblyAiOptions
{
    public const string Section = "Samsara:Providers:AssemblyAi";
    public Uri BaseUrl { get; set; } = new("https://api.assemblyai.com");
    public string ApiKey { get; set; } = "";

    /// <summary>Speech models in priority order; AssemblyAI requires at least one (<c>speech_models</c>).</summary>
    public IList<string> SpeechModels { get; set; } = ["universal-3-pro", "universal-2"];
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);
}
