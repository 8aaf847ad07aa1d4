using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Samsara.Core.CvIntake;
using Samsara.Core.CvIntake.Import;
using Samsara.Core.Matching;
using Samsara.Web.Api;

namespace Samsara.Web.CvIntake;

internal static class CvIntakeEndpoints
{
    public static IEndpointRouteBuilder MapCvIntakeEndpoints(this IEndpointRouteBuilder app)
    {
        var project = app.MapGroup("/api/v1/projects/{id:guid}").WithTags("CV import");

        // Read as a stream, one file at a time, so a folder of CVs or a 100 MB file never sits in memory;
        // API clients carry no antiforgery token, and cross-site posts are refused by the origin check.
        project.MapPost("/cvs", UploadAsync)
            .DisableAntiforgery()
            .Accepts<IFormFileCollection>("multipart/form-data")
            .WithSummary("Upload CV files (PDF, DOCX, TXT, RTF or .zip of them); they are imported in the background.");

        project.MapGet("/imports/{importId:guid}", async Task<Results<Ok<CvImportStatus>, NotFound<ProblemDetails>>> (Guid id, Guid importId, CvImportService service, CancellationToken ct) =>
            await service.GetStatusAsync(id, importId, ct) is { } status ? TypedResults.Ok(status) : ApiResults.NotFound("Import"))
            .WithSummary("Progress of an import: files done of total, and the reason for each failure.");

        project.MapPost("/imports/{importId:guid}/files/{fileId:guid}/retry", async Task<Results<Accepted, NotFound<ProblemDetails>>> (Guid id, Guid importId, Guid fileId, CvImportService service, CancellationToken ct) =>
            await service.RetryAsync(id, fileId, ct) ? TypedResults.Accepted($"/api/v1/projects/{id}/imports/{importId}") : ApiResults.NotFound("Failed file"))
            .WithSummary("Queue a failed file again.");

        project.MapGet("/ranking", async Task<Ok<RankedPage>> (Guid id, CandidateRanking ranking, CancellationToken ct, string? search = null, string? skill = null, int? minScore = null, int skip = 0, int take = 100) =>
            TypedResults.Ok(await ranking.ListAsync(id, new RankingQuery(search, skill, minScore, skip, take), ct)))
            .WithSummary("Candidates by match score against the job description, with the explanation of each score.");

        return app;
    }

    private static async Task<Results<Accepted<CvImportStatus>, NotFound<ProblemDetails>, BadRequest<ProblemDetails>>> UploadAsync(
        Guid id, HttpContext context, CvImportService service, IOptions<CvIntakeOptions> options, CancellationToken ct)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.Value.MaxUploadBytes;
        }

        var boundary = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) ? HeaderUtilities.RemoveQuotes(type.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary))
        {
            return TypedResults.BadRequest(new ProblemDetails { Title = "Send the CVs as multipart/form-data.", Status = StatusCodes.Status400BadRequest });
        }

        var reader = new MultipartReader(boundary, context.Request.Body) { BodyLengthLimit = options.Value.MaxUploadBytes };
        var status = await service.StartAsync(id, ReadFilesAsync(reader, ct), ct);
        return status is null
            ? ApiResults.NotFound("Project")
            : TypedResults.Accepted($"/api/v1/projects/{id}/imports/{status.ImportId}", status);
    }

    private static async IAsyncEnumerable<UploadedCv> ReadFilesAsync(MultipartReader reader, [EnumeratorCancellation] CancellationToken ct)
    {
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
            {
                var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "cv";

                // Browsers send the bare name; some clients send a path, which is kept only as a label.
                yield return new UploadedCv(name.Replace('\\', '/'), section.Body);
            }
        }
    }
}
