using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Sandbox.Transcription;

/// <summary>Deepgram pre-recorded: <c>POST /v1/listen</c> with raw audio or <c>{"url": …}</c>.</summary>
internal static class DeepgramEndpoints
{
    private const double UrlAudioSeconds = AudioDuration.Unknown;
    private static readonly DeepgramProfile Profile = new();

    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost("/v1/listen", Listen).AddEndpointFilter(new ProviderFilter(Profile));

    private static async Task<IResult> Listen(HttpContext context, TimeProvider time)
    {
        var request = context.Request;
        byte[] audio;
        double duration;
        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            var url = TryUrl(ProviderFilter.BodyOf(context));
            if (url is null)
            {
                return Profile.Error(400, "Invalid JSON body: expected {\"url\": \"…\"}.");
            }

            audio = System.Text.Encoding.UTF8.GetBytes(url);
            duration = UrlAudioSeconds;
        }
        else
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
            audio = buffer.ToArray();
            if (audio.Length == 0)
            {
                return Profile.Error(400, "Bad Request: failed to process audio: corrupt or unsupported data");
            }

            duration = AudioDuration.Of(audio);
        }

        var query = request.Query;
        var diarize = query["diarize"] == "true";
        var utterances = CannedTranscript.Utterances(duration);
        var words = utterances.SelectMany(u => u.Words).ToList();
        var transcript = string.Join(' ', utterances.Select(u => u.Text));
        var result = new Dictionary<string, object?>
        {
            ["metadata"] = new Dictionary<string, object?>
            {
                ["request_id"] = Guid.NewGuid().ToString(),
                ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(audio)),
                ["created"] = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["duration"] = duration,
                ["channels"] = 1,
                ["models"] = new[] { "30089e05-99d1-4376-b32e-c263170674af" },
                ["model_info"] = new Dictionary<string, object?>(),
            },
            ["results"] = new Dictionary<string, object?>
            {
                ["channels"] = new[]
                {
                    new Dictionary<string, object?>
                    {
                        ["alternatives"] = new[]
                        {
                            new Dictionary<string, object?>
                            {
                                ["transcript"] = transcript,
                                ["confidence"] = 0.98,
                                ["words"] = words.Select(w => Word(w, diarize)).ToList(),
                            },
                        },
                    },
                },
            },
        };

        if (query["utterances"] == "true")
        {
            ((Dictionary<string, object?>)result["results"]!)["utterances"] = utterances.Select(u => new Dictionary<string, object?>
            {
                ["start"] = u.Start,
                ["end"] = u.End,
                ["confidence"] = 0.97,
                ["channel"] = 0,
                ["transcript"] = u.Text,
                ["words"] = u.Words.Select(w => Word(w, diarize: true)).ToList(),
                ["speaker"] = u.Speaker,
                ["id"] = Guid.NewGuid().ToString(),
            }).ToList();
        }

        return TypedResults.Json(result, SandboxJson.SnakeCase);
    }

    private static Dictionary<string, object?> Word(CannedTranscript.Word w, bool diarize)
    {
        var word = new Dictionary<string, object?>
        {
            ["word"] = CannedTranscript.Bare(w.Text),
            ["start"] = w.Start,
            ["end"] = w.End,
            ["confidence"] = 0.97,
            ["punctuated_word"] = w.Text,
        };
        if (diarize)
        {
            word["speaker"] = w.Speaker;
        }

        return word;
    }

    private static string? TryUrl(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String ? url.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
