using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Sandbox.Transcription;

/// <summary>AssemblyAI: upload audio, create a transcript job, poll it until completed.</summary>
internal static class AssemblyAiEndpoints
{
    private static readonly TimeSpan QueuedFor = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProcessingFor = TimeSpan.FromSeconds(3);
    private static readonly AssemblyAiProfile Profile = new();

    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v2").AddEndpointFilter(new ProviderFilter(Profile));
        group.MapPost("/upload", Upload);
        group.MapPost("/transcript", Create);
        group.MapGet("/transcript/{transcriptId}", Get);

        // Where upload_url points: the real one is a CDN URL that only AssemblyAI reads, so no key is asked for.
        routes.MapGet("/upload/{id}", (string id) => TypedResults.File(SilentWav.OneSecond, "audio/wav", $"{id}.wav"));
    }

    private static async Task<IResult> Upload(HttpContext context, TranscriptStore store)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length == 0)
        {
            return Profile.Error(400, "Upload failed, please try again. If you continue to have issues please reach out to support@assemblyai.com");
        }

        var id = store.AddUpload(AudioDuration.Of(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        return TypedResults.Json(new { upload_url = SandboxMount.Url(context, $"/assemblyai/upload/{id}") }, SandboxJson.SnakeCase);
    }

    private static IResult Create(HttpContext context, TranscriptStore store, TimeProvider time)
    {
        string? audioUrl;
        bool speakerLabels;
        List<string>? speechModels;
        try
        {
            using var doc = JsonDocument.Parse(ProviderFilter.BodyOf(context));
            var root = doc.RootElement;
            audioUrl = root.TryGetProperty("audio_url", out var url) && url.ValueKind == JsonValueKind.String ? url.GetString() : null;
            speakerLabels = root.TryGetProperty("speaker_labels", out var labels) && labels.ValueKind == JsonValueKind.True;
            speechModels = root.TryGetProperty("speech_models", out var models) && models.ValueKind == JsonValueKind.Array
                ? [.. models.EnumerateArray().Select(m => m.GetString() ?? "")]
                : null;
        }
        catch (JsonException)
        {
            return Profile.Error(400, "Invalid JSON body");
        }

        if (string.IsNullOrEmpty(audioUrl))
        {
            return Profile.Error(400, "audio_url is required");
        }

        // The live API routes a request without speech_models to its default model (AssemblyAI's
        // Node SDK sends none unless asked), so only an explicitly empty list is refused.
        if (speechModels is { Count: 0 })
        {
            return Profile.Error(400, "speech_models must list one or more speech models in priority order");
        }

        var job = store.AddJob(audioUrl, speakerLabels, speechModels, time.GetUtcNow());
        return TypedResults.Json(ToTranscript(job, time.GetUtcNow()), SandboxJson.SnakeCase);
    }

    private static IResult Get(string transcriptId, TranscriptStore store, TimeProvider time) =>
        store.Find(transcriptId) is { } job
            ? TypedResults.Json(ToTranscript(job, time.GetUtcNow()), SandboxJson.SnakeCase)
            : Profile.Error(404, "Transcript not found");

    private static Dictionary<string, object?> ToTranscript(TranscriptJob job, DateTimeOffset now)
    {
        var status = now < job.CreatedAt + QueuedFor ? "queued"
            : now < job.CreatedAt + QueuedFor + ProcessingFor ? "processing"
            : "completed";
        var result = new Dictionary<string, object?>
        {
            ["id"] = job.Id,
            ["speech_model"] = null,
            ["speech_models"] = job.SpeechModels,
            ["language_model"] = "assemblyai_default",
            ["acoustic_model"] = "assemblyai_default",
            ["status"] = status,
            ["audio_url"] = job.AudioUrl,
            ["webhook_auth"] = false,
            ["auto_highlights"] = false,
            ["redact_pii"] = false,
            ["summarization"] = false,
            ["language_confidence_threshold"] = null,
            ["language_confidence"] = null,
            ["speaker_labels"] = job.SpeakerLabels,
            ["text"] = null,
            ["words"] = null,
            ["utterances"] = null,
            ["confidence"] = null,
            ["audio_duration"] = null,
        };
        if (status != "completed")
        {
            return result;
        }

        var utterances = CannedTranscript.Utterances(job.AudioSeconds);
        result["text"] = string.Join(' ', utterances.Select(u => u.Text));
        result["confidence"] = 0.96;
        result["audio_duration"] = (int)Math.Round(job.AudioSeconds);
        result["words"] = utterances.SelectMany(u => u.Words).Select(w => Word(w, job.SpeakerLabels)).ToList();
        if (job.SpeakerLabels)
        {
            result["utterances"] = utterances.Select(u => new Dictionary<string, object?>
            {
                ["confidence"] = 0.96,
                ["start"] = Ms(u.Start),
                ["end"] = Ms(u.End),
                ["text"] = u.Text,
                ["words"] = u.Words.Select(w => Word(w, true)).ToList(),
                ["speaker"] = Speaker(u.Speaker),
            }).ToList();
        }

        return result;
    }

    private static Dictionary<string, object?> Word(CannedTranscript.Word w, bool labelled) => new()
    {
        ["confidence"] = 0.96,
        ["start"] = Ms(w.Start),
        ["end"] = Ms(w.End),
        ["text"] = w.Text,
        ["speaker"] = labelled ? Speaker(w.Speaker) : null,
    };

    private static long Ms(double seconds) => (long)Math.Round(seconds * 1000);

    private static string Speaker(int index) => ((char)('A' + index)).ToString();
}

internal sealed record TranscriptJob(string Id, string AudioUrl, bool SpeakerLabels, IReadOnlyList<string>? SpeechModels, DateTimeOffset CreatedAt, double AudioSeconds);

/// <summary>Uploaded audio sizes and transcript jobs of the AssemblyAI simulator.</summary>
public sealed class TranscriptStore
{
    private readonly ConcurrentDictionary<string, double> _uploads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TranscriptJob> _jobs = new(StringComparer.Ordinal);

    internal string AddUpload(double seconds)
    {
        var id = Guid.NewGuid().ToString();
        _uploads[id] = seconds;
        return id;
    }

    internal TranscriptJob AddJob(string audioUrl, bool speakerLabels, IReadOnlyList<string>? speechModels, DateTimeOffset at)
    {
        // Audio uploaded here has a known duration; anything else is assumed to be a minute long.
        var uploadId = audioUrl[(audioUrl.LastIndexOf('/') + 1)..];
        var seconds = _uploads.TryGetValue(uploadId, out var known) ? known : AudioDuration.Unknown;
        var job = new TranscriptJob(Guid.NewGuid().ToString(), audioUrl, speakerLabels, speechModels, at, seconds);
        _jobs[job.Id] = job;
        return job;
    }

    internal TranscriptJob? Find(string id) => _jobs.TryGetValue(id, out var job) ? job : null;

    internal void Clear()
    {
        _uploads.Clear();
        _jobs.Clear();
    }
}
