using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Samsara.Core.Candidates;
using Samsara.Core.CvIntake.Import;
using Samsara.Web.Api;

namespace Samsara.Web.CvIntake;

/// <summary>
/// Serves a candidate's original CV file for the drawer. The file is hostile until proven otherwise: it is sent with the
/// type its (already verified) extension says, never sniffed, and in a CSP sandbox so a PDF or text file opened
/// in the browser cannot run script with the app's origin.
/// </summary>
internal static class CvFileEndpoint
{
    public const string Policy = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'";

    public static async Task<Results<PhysicalFileHttpResult, NotFound<ProblemDetails>>> GetAsync(
        Guid id, Guid candidateId, HttpContext context, CandidateService candidates, CvFileStore store, CancellationToken ct)
    {
        var candidate = await candidates.GetAsync(id, candidateId, ct);
        if (candidate?.StoredFilePath is not { } relative || !File.Exists(store.FullPath(relative)))
        {
            return ApiResults.NotFound("CV file");
        }

        var extension = Path.GetExtension(relative).ToLowerInvariant();
        var (contentType, inline) = extension switch
        {
            ".pdf" => ("application/pdf", true),
            ".txt" => ("text/plain; charset=utf-8", true),
            ".docx" => ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", false),
            ".rtf" => ("application/rtf", false),
            _ => ("application/octet-stream", false),
        };
        var disposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
        disposition.SetHttpFileName(candidate.OriginalFileName is { } name ? Path.GetFileName(name) : "cv" + extension);
        var headers = context.Response.Headers;
        headers.ContentDisposition = disposition.ToString();
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = Policy;
        headers.CacheControl = "no-store";
        return TypedResults.PhysicalFile(store.FullPath(relative), contentType);
    }
}
