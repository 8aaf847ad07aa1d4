using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Samsara.Core.CvIntake;
using Samsara.Core.CvIntake.Duplicates;
using Samsara.Core.CvIntake.Import;
using Samsara.Core.Matching;
using Samsara.Core.Outreach;
using Samsara.Web.Api;
using Samsara.Web.Candidates;

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

        project.MapGet("/ranking", async Task<Ok<RankedPage>> (Guid id, CandidateRanking ranking, CancellationToken ct, string? search = null, string? skill = null, int? minScore = null, int skip = 0, int take = 100, CandidateState? state = null, bool? enrolled = null) =>
            TypedResults.Ok(await ranking.ListAsync(id, new RankingQuery(search, skill, minScore, skip, take, state, enrolled), ct)))
            .WithSummary("Candidates by match score against the job description, with the explanation of each score, their outreach state and whether they opted out; filters by skill, score, state and enrolment.");

        project.MapPost("/job-description/file", UploadJobDescriptionAsync)
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Set the job description from a PDF, DOCX, TXT or RTF file (field \"file\", optional \"title\"); it is parsed and every candidate rescored.");

        project.MapGet("/candidates/{candidateId:guid}/cv-file", CvFileEndpoint.GetAsync)
            .WithSummary("The candidate's original CV file: PDF and text inline (sandboxed, never sniffed), DOCX and RTF as a download.");

        project.MapPut("/candidates/{candidateId:guid}/cv", async Task<Results<Ok<CandidateDto>, NotFound<ProblemDetails>>> (Guid id, Guid candidateId, CvCorrectionInput input, CvCorrections corrections, CancellationToken ct) =>
            await corrections.SaveAsync(id, candidateId, input, ct) is { } c ? TypedResults.Ok(CandidateDto.From(c)) : ApiResults.NotFound("Candidate"))
            .AddEndpointFilter<ValidationProblemFilter>()
            .ProducesValidationProblem()
            .WithSummary("Correct the fields read from the CV (name, emails, phones to E.164, title, location, skills); the candidate is rescored.");

        project.MapPost("/candidates/{candidateId:guid}/merge", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, Guid candidateId, DuplicateResolver resolver, CancellationToken ct) =>
            Resolved(await resolver.MergeAsync(id, candidateId, ct)))
            .WithSummary("Fold a flagged duplicate into the candidate it duplicates (who keeps their id and outreach history); the duplicate row is deleted.");

        project.MapPost("/candidates/{candidateId:guid}/keep-separate", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, Guid candidateId, DuplicateResolver resolver, CancellationToken ct) =>
            Resolved(await resolver.KeepSeparateAsync(id, candidateId, ct)))
            .WithSummary("Clear a candidate's duplicate flag: they are a different person.");

        return app;
    }

    /// <summary>RFC 7807 bodies (application/problem+json) for every refusal.</summary>
    private static Results<NoContent, ProblemHttpResult> Resolved(DuplicateResolution resolution) => resolution switch
    {
        DuplicateResolution.Done => TypedResults.NoContent(),
        DuplicateResolution.CandidateNotFound => TypedResults.Problem(title: "Candidate not found.", statusCode: StatusCodes.Status404NotFound),
        DuplicateResolution.NotADuplicate => TypedResults.Problem(
            title: "This candidate is not flagged as a duplicate.",
            detail: "Only a candidate an import flagged as a possible duplicate can be merged or kept separate.",
            statusCode: StatusCodes.Status409Conflict),
        DuplicateResolution.BothInOutreach => TypedResults.Problem(
            title: "Both candidates are already in outreach.",
            detail: "Merging would drop one outreach history; stop one of them first or keep both.",
            statusCode: StatusCodes.Status409Conflict),
    };

    private static async Task<Results<Ok<JobDescriptionDto>, ProblemHttpResult>> UploadJobDescriptionAsync(
        Guid id, HttpContext context, JobDescriptionFiles files, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType)
        {
            return TypedResults.Problem(title: "Send the job description file as multipart/form-data (field \"file\").", statusCode: StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(ct);
        if ((form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null)) is not { } file)
        {
            return TypedResults.Problem(title: "No file was sent: add the job description as the \"file\" field.", statusCode: StatusCodes.Status400BadRequest);
        }

        await using var content = file.OpenReadStream();
        var result = await files.SaveAsync(id, file.FileName, content, form["title"].FirstOrDefault(), ct);
        if (result.ProjectMissing)
        {
            return TypedResults.Problem(title: "Project not found.", statusCode: StatusCodes.Status404NotFound);
        }

        return result.Saved is { } saved
            ? TypedResults.Ok(JobDescriptionDto.From(saved))
            : TypedResults.Problem(title: "The job description file could not be read.", detail: $"{file.FileName}: {result.Error}", statusCode: StatusCodes.Status400BadRequest);
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
