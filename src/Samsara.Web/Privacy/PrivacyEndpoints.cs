using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
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

        api.MapGet("/candidates/{candidateId:guid}/erasure", async Task<Results<Ok<IReadOnlyList<PersonFound>>, NotFound<ProblemDetails>>> (
            Guid candidateId, CandidateErasure erasure, CancellationToken ct) =>
            await erasure.ScopeAsync(candidateId, ct) is { } scope ? TypedResults.Ok(scope) : ApiResults.NotFound("Candidate"))
        .WithSummary("What erasing this candidate removes: their record and every record in any project sharing their email or phone.");

        api.MapPost("/candidates/{candidateId:guid}/erase", async Task<Results<Ok<ErasureResult>, NotFound<ProblemDetails>, ValidationProblem>> (
            Guid candidateId, EraseRequest? request, CandidateErasure erasure, CancellationToken ct) =>
        {
            if (request?.Confirm != true)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["confirm"] = ["Erasure cannot be undone: send {\"confirm\": true} to erase this person everywhere."],
                });
            }

            return await erasure.EraseAsync(candidateId, wholePerson: true, ct) is { } result ? TypedResults.Ok(result) : ApiResults.NotFound("Candidate");
        })
        .WithSummary("Erases the person everywhere (GDPR erasure); an opt-out stays as a one-way hash. Cannot be undone.");

        api.MapGet("/people", async Task<Results<Ok<IReadOnlyList<PersonFound>>, ValidationProblem>> (string? contact, PersonalDataSearch search, CancellationToken ct) =>
            string.IsNullOrWhiteSpace(contact)
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["contact"] = ["Give an email address or a phone number."] })
                : TypedResults.Ok(await search.FindAsync(contact, ct)))
        .WithSummary("Every candidate, in every project, with this email address or phone number.");

        var retention = api.MapGroup("/privacy/retention").WithTags("Candidate data rights");
        retention.MapGet("", async (RetentionService service, IOptionsMonitor<PrivacyOptions> options, CancellationToken ct) =>
            TypedResults.Ok(new RetentionOverview(
                options.CurrentValue.RetentionDays, options.CurrentValue.WarningDays, await service.ListDueAsync(ct), await service.RunsAsync(30, ct))))
        .WithSummary("The retention policy, the records due for erasure (the warning list) and the job's latest passes, in counts.");

        retention.MapPost("/{candidateId:guid}/keep", async Task<Results<NoContent, NotFound<ProblemDetails>>> (Guid candidateId, RetentionService service, CancellationToken ct) =>
            await service.KeepAsync(candidateId, ct) ? TypedResults.NoContent() : ApiResults.NotFound("Candidate"))
        .WithSummary("Keeps a record on the warning list for another full retention period.");

        retention.MapPost("/run", async (RetentionService service, CancellationToken ct) => TypedResults.Ok(await service.RunAsync(ct)))
        .WithSummary("Runs the retention job now (it also runs daily): warns, then erases records warned long enough.");

        return app;
    }
}

internal sealed record RetentionOverview(int? AgencyRetentionDays, int WarningDays, IReadOnlyList<RetentionDue> Due, IReadOnlyList<RetentionRunView> Runs);

/// <summary>An erasure must be asked for in so many words.</summary>
internal sealed record EraseRequest(bool Confirm);
