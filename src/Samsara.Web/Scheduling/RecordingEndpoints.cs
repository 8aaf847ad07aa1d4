using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Samsara.Core.Scheduling.Recordings;

namespace Samsara.Web.Scheduling;

/// <summary>What an accepted upload answers: its length, and where its call view (player, transcript) is.</summary>
public sealed record RecordingAccepted(string Message, int DurationSeconds, string CallUrl);

internal static class RecordingEndpoints
{
    public static IEndpointRouteBuilder MapRecordingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/recruiter-calls/{callId:guid}/recording", UploadAsync)
            .WithTags("Scheduling")
            .DisableAntiforgery()
            .WithSummary("Upload the call's recording (WAV, MP3, M4A or OGG/Opus), as the raw body or one multipart file. After "
                + "CALL_DONE only; it is transcribed with the configured provider (→ TRANSCRIBED). 400 empty, 409 wrong state, "
                + "413 too large, 415 not a recording, 422 damaged; each leaves the call as it was.");
        return app;
    }

    private static async Task<Results<Accepted<RecordingAccepted>, ProblemHttpResult>> UploadAsync(
        Guid callId, HttpContext context, RecordingUploadService uploads, CancellationToken ct)
    {
        // The service counts the bytes itself and stops at its own limit with a clear answer; Kestrel's default 30 MB cap
        // would cut a normal recording off with a bare 413.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var request = context.Request;
        var declared = request.ContentLength;
        var body = request.Body;
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
            var section = string.IsNullOrEmpty(boundary) ? null : await FileSectionAsync(new MultipartReader(boundary, body) { BodyLengthLimit = null }, ct);
            if (section is null)
            {
                return Problem(StatusCodes.Status400BadRequest, "No file was sent: add the recording as a file field.");
            }

            // The announced length includes the form's own framing: a file just under the limit must not be refused for it.
            declared = declared - 64 * 1024 > uploads.MaxBytes ? declared : null;
            body = section.Body;
        }

        var result = await uploads.UploadAsync(callId, body, declared, ct);
        return result.Outcome switch
        {
            UploadOutcome.Accepted => TypedResults.Accepted($"/api/v1/calls/{callId}",
                new RecordingAccepted(result.Message, (int)Math.Round(result.Duration!.Value.TotalSeconds), $"/api/v1/calls/{callId}")),
            UploadOutcome.NotFound => Problem(StatusCodes.Status404NotFound, result.Message),
            UploadOutcome.WrongState => Problem(StatusCodes.Status409Conflict, result.Message),
            UploadOutcome.Empty => Problem(StatusCodes.Status400BadRequest, result.Message),
            UploadOutcome.TooLarge => Problem(StatusCodes.Status413PayloadTooLarge, result.Message),
            UploadOutcome.WrongType => Problem(StatusCodes.Status415UnsupportedMediaType, result.Message),
            UploadOutcome.Corrupt => Problem(StatusCodes.Status422UnprocessableEntity, result.Message),
        };
    }

    private static async Task<MultipartSection?> FileSectionAsync(MultipartReader reader, CancellationToken ct)
    {
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
            {
                return section;
            }
        }

        return null;
    }

    private static ProblemHttpResult Problem(int status, string message) =>
        TypedResults.Problem(title: "The recording was not accepted.", detail: message, statusCode: status);
}
