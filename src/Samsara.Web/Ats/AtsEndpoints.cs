using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Samsara.Core.Ats;
using Samsara.Core.Ats.Bridge;
using Samsara.Core.Ats.Mapping;
using Samsara.Web.Api;

namespace Samsara.Web.Ats;

internal static class AtsEndpoints
{
    public static IEndpointRouteBuilder MapAtsEndpoints(this IEndpointRouteBuilder app)
    {
        var ats = app.MapGroup("/api/v1/ats").WithTags("ATS").AddEndpointFilter<ValidationProblemFilter>();

        ats.MapGet("/mappings", async (AtsMappingService service, CancellationToken ct) => TypedResults.Ok(await service.ListAsync(ct)))
            .WithSummary("Every mapping; the built-in default of each ATS is created on first use.");
        ats.MapGet("/mappings/{id:guid}", async Task<Results<Ok<AtsMappingView>, NotFound<ProblemDetails>>> (Guid id, AtsMappingService service, CancellationToken ct) =>
            await service.GetAsync(id, ct) is { } m ? TypedResults.Ok(m) : ApiResults.NotFound("Mapping"));
        ats.MapPost("/mappings", async (AtsMappingInput input, AtsMappingService service, CancellationToken ct) =>
        {
            var created = await service.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/ats/mappings/{created.Id}", created);
        }).ProducesValidationProblem().WithSummary("{ atsField: { source, transform, options } }; isDefault makes it the ATS's one default.");
        ats.MapPut("/mappings/{id:guid}", async Task<Results<Ok<AtsMappingView>, NotFound<ProblemDetails>>> (Guid id, AtsMappingInput input, AtsMappingService service, CancellationToken ct) =>
            await service.UpdateAsync(id, input, ct) is { } m ? TypedResults.Ok(m) : ApiResults.NotFound("Mapping")).ProducesValidationProblem();
        ats.MapPost("/mappings/{id:guid}/copy", async Task<Results<Created<AtsMappingView>, NotFound<ProblemDetails>>> (Guid id, CopyRequest? request, AtsMappingService service, CancellationToken ct) =>
            await service.CopyAsync(id, request?.Name, ct) is { } m ? TypedResults.Created($"/api/v1/ats/mappings/{m.Id}", m) : ApiResults.NotFound("Mapping"));
        ats.MapDelete("/mappings/{id:guid}", async Task<Results<NoContent, NotFound<ProblemDetails>>> (Guid id, AtsMappingService service, CancellationToken ct) =>
            await service.DeleteAsync(id, ct) ? TypedResults.NoContent() : ApiResults.NotFound("Mapping"));
        ats.MapPost("/mappings/preview", async Task<Results<Ok<IReadOnlyList<FieldValue>>, NotFound<ProblemDetails>>> (PreviewMappingRequest request, AtsMappingService mappingService, AtsSubmissionService service, CancellationToken ct) =>
        {
            var fields = request.Fields is { } draft
                ? AtsMappingService.Validate(new AtsMappingInput { Vendor = request.Vendor, Name = "preview", Fields = draft })
                : request.MappingId is { } id ? (await mappingService.GetAsync(id, ct))?.Fields : (await mappingService.DefaultForAsync(request.Vendor, ct)).Fields;
            var sources = await service.SourcesAsync(request.ProjectId, request.CandidateId, ct);
            return fields is null || sources is null ? ApiResults.NotFound("Mapping or candidate") : TypedResults.Ok(AtsMappingService.Preview(fields, sources));
        }).ProducesValidationProblem().WithSummary("Each ATS field's value for a candidate, with a warning where a source is empty or a transform fails; fields = unsaved rules.");

        ats.MapGet("/pairings", async (BridgePairingService service, BridgeHub hub, CancellationToken ct) =>
            TypedResults.Ok((await service.ListAsync(ct)).Select(p => new PairingDto(p, hub.ConnectedPairings.Contains(p.Id))).ToList()));
        ats.MapPost("/pairings", async (PairRequest? request, BridgePairingService service, CancellationToken ct) =>
        {
            var created = await service.CreateAsync(request?.Label, ct);
            return TypedResults.Created($"/api/v1/ats/pairings/{created.Pairing.Id}", created);
        }).WithSummary("A new pairing token for the extension; shown in this response only, stored hashed.");
        ats.MapPost("/pairings/{id:guid}/revoke", async Task<Results<NoContent, NotFound<ProblemDetails>>> (Guid id, BridgePairingService service, BridgeHub hub, CancellationToken ct) =>
        {
            if (!await service.RevokeAsync(id, ct))
            {
                return ApiResults.NotFound("Pairing");
            }

            await hub.DisconnectAsync(id);
            return TypedResults.NoContent();
        });

        var candidate = app.MapGroup("/api/v1/projects/{projectId:guid}/candidates/{candidateId:guid}/ats").WithTags("ATS").AddEndpointFilter<ValidationProblemFilter>();
        candidate.MapGet("/submissions", async (Guid projectId, Guid candidateId, AtsSubmissionService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ListAsync(projectId, candidateId, ct)));
        candidate.MapPost("/fill", async Task<Results<Ok<FillOutcome>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> (
            Guid projectId, Guid candidateId, FillRequest request, AtsFill fill, CancellationToken ct) =>
        {
            var (start, outcome) = await fill.FillAsync(projectId, candidateId, request.MappingId, request.ConfirmSecondSubmission, ct);
            return start.Outcome switch
            {
                StartOutcome.Started => TypedResults.Ok(outcome!),
                StartOutcome.NotFound => ApiResults.NotFound("Candidate or mapping"),
                StartOutcome.NotEnrolled or StartOutcome.AlreadySubmitted => TypedResults.Conflict(new ProblemDetails
                {
                    Title = start.Message,
                    Status = StatusCodes.Status409Conflict,
                    Extensions = { ["reason"] = start.Outcome.ToString() },
                }),
            };
        }).WithSummary("Sends the candidate's values to the paired extension, which fills the recruiter's current ATS tab; 409 asks before a second submission.");
        return app;
    }
}

/// <summary>Starts a submission and sends it to the extension (the API's and the ATS page's "Fill").</summary>
public sealed class AtsFill(AtsSubmissionService submissions, BridgeHub hub)
{
    /// <param name="via">The socket of the extension that asked (the popup's search), else whichever is connected.</param>
    public async Task<(StartResult Start, FillOutcome? Outcome)> FillAsync(Guid projectId, Guid candidateId, Guid? mappingId, bool confirmSecond, CancellationToken ct, Guid? via = null)
    {
        var start = await submissions.StartAsync(projectId, candidateId, mappingId, confirmSecond, ct);
        if (start.Outcome != StartOutcome.Started)
        {
            return (start, null);
        }

        var submission = start.Submission!;
        var mapping = submission.MappingId is { } id ? await submissions.MappingAsync(id, ct) : null;
        var name = await submissions.CandidateNameAsync(candidateId, ct) ?? "";
        return (start, await hub.FillAsync(submission, new FillCandidate(candidateId, name), Fields(submission.Values, mapping), ct, via));
    }

    /// <summary>The values a submission sends, with where a picked mapping found each field on the page.</summary>
    public static IReadOnlyList<FillField> Fields(IReadOnlyDictionary<string, string> values, AtsMappingView? mapping) =>
        [.. values.Select(v => new FillField(v.Key, v.Value, mapping?.Fields.GetValueOrDefault(v.Key)?.Label, mapping?.Fields.GetValueOrDefault(v.Key)?.Selector))];
}

public sealed record CopyRequest(string? Name);

public sealed record PairRequest(string? Label);

public sealed record PairingDto(PairingView Pairing, bool Connected);

public sealed record FillRequest(Guid? MappingId, bool ConfirmSecondSubmission = false);

/// <summary>Unsaved (fields) or saved (mappingId) rules, or the vendor's default when neither is given.</summary>
public sealed record PreviewMappingRequest(Guid ProjectId, Guid CandidateId, AtsVendor Vendor = AtsVendor.Generic, Guid? MappingId = null, IReadOnlyDictionary<string, FieldRule>? Fields = null);
