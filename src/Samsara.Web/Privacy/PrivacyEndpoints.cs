using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Samsara.Core.Privacy;
using Samsara.Web.Api;

namespace Samsara.Web.Privacy;

internal static class PrivacyEndpoints
{
    public static IEndpointRouteBuilder MapPrivacyEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Candidate data rights");

        api.MapGet("/candidates/{candidateId:guid}/export", async Task<Results<FileStreamHttpResult, NotFound<ProblemDetails>>> (
            Guid candidateId, CandidateDataExport export, CancellationToken ct) =>
        {
            // Built in a temporary file (recordings can be large), removed when the response is done with it.
            var path = Path.Combine(Path.GetTempPath(), $"samsara-export-{Guid.NewGuid():N}.zip");
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
            if (!await export.WriteAsync(candidateId, file, ct))
            {
                await file.DisposeAsync();
                return ApiResults.NotFound("Candidate");
            }

            file.Position = 0;
            return TypedResults.File(file, "application/zip", $"candidate-{candidateId:N}-data.zip");
        })
        .WithSummary("Everything held about one candidate, as a zip of JSON and their files (GDPR access request).");

        api.MapGet("/people", async Task<Results<Ok<IReadOnlyList<PersonFound>>, ValidationProblem>> (string? contact, PersonalDataSearch search, CancellationToken ct) =>
            string.IsNullOrWhiteSpace(contact)
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["contact"] = ["Give an email address or a phone number."] })
                : TypedResults.Ok(await search.FindAsync(contact, ct)))
        .WithSummary("Every candidate, in every project, with this email address or phone number.");

        return app;
    }
}
