using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Web.Api;

namespace Samsara.Web.Outreach;

internal static class OutreachEndpoints
{
    /// <summary>Samsara has no user accounts yet; every recruiter action is recorded under this actor.</summary>
    public const string RecruiterActor = "recruiter";

    public static IEndpointRouteBuilder MapOutreachEndpoints(this IEndpointRouteBuilder app)
    {
        var outreach = app.MapGroup("/api/v1/projects/{id:guid}/outreach").WithTags("Outreach").AddEndpointFilter<ValidationProblemFilter>();

        outreach.MapGet("/", async Task<Results<Ok<IReadOnlyList<OutreachRow>>, NotFound<ProblemDetails>>> (Guid id, CandidateState? state, OutreachService service, CancellationToken ct) =>
            await service.ListAsync(id, state, ct) is { } rows ? TypedResults.Ok(rows) : ApiResults.NotFound("Project"))
            .WithSummary("Every enrolled candidate's outreach state.");

        outreach.MapPost("/enrol", async Task<Results<Ok<EnrolResult>, NotFound<ProblemDetails>, ValidationProblem>> (Guid id, EnrolRequest request, OutreachService service, CancellationToken ct) =>
        {
            if (request.All != true && (request.CandidateIds is null || request.CandidateIds.Count == 0) && request.MinScore is null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["candidateIds"] = ["Name the candidates to enrol, or set all or minScore."] });
            }

            return await service.EnrolAsync(id, request, RecruiterActor, ct) is { } result ? TypedResults.Ok(result) : ApiResults.NotFound("Project");
        }).WithSummary("Enrol candidates; enrolling someone already enrolled is a no-op.");

        outreach.MapPost("/{candidateId:guid}/transition", async Task<Results<Ok<TransitionResult>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> (
            Guid id, Guid candidateId, TransitionRequest request, OutreachService service, CancellationToken ct) =>
        {
            var result = await service.TransitionAsync(id, candidateId, request.To, request.Reason ?? "", RecruiterActor, ct);
            return result.Outcome switch
            {
                TransitionOutcome.Moved => TypedResults.Ok(result),
                TransitionOutcome.NotEnrolled => ApiResults.NotFound("Enrolled candidate"),
                TransitionOutcome.Illegal or TransitionOutcome.Conflict => TypedResults.Conflict(new ProblemDetails
                {
                    Title = result.Outcome == TransitionOutcome.Illegal ? "Illegal transition." : "Concurrent change.",
                    Detail = result.Describe(),
                    Status = StatusCodes.Status409Conflict,
                }),
            };
        }).WithSummary("Move a candidate by hand, with a reason.");

        outreach.MapGet("/{candidateId:guid}/timeline", async Task<Results<Ok<IReadOnlyList<TimelineEntry>>, NotFound<ProblemDetails>>> (Guid id, Guid candidateId, OutreachService service, CancellationToken ct) =>
            await service.TimelineAsync(id, candidateId, ct) is { } entries ? TypedResults.Ok(entries) : ApiResults.NotFound("Enrolled candidate"));

        outreach.MapGet("/ledger", async Task<Results<Ok<IReadOnlyList<LedgerRow>>, NotFound<ProblemDetails>>> (Guid id, OutreachLedger ledger, CancellationToken ct) =>
            await ledger.ListAsync(id, ct) is { } rows ? TypedResults.Ok(rows) : ApiResults.NotFound("Project"))
            .WithSummary("The send ledger: every send, skip and deferral with its reason, oldest first.");

        foreach (var control in Enum.GetValues<OutreachControl>())
        {
            var verb = control.ToString().ToLowerInvariant();
            outreach.MapPost($"/{verb}", async (Guid id, OutreachService service, CancellationToken ct) =>
                TypedResults.Ok(new ControlResult(await service.ControlAsync(id, null, control, RecruiterActor, ct))))
                .WithSummary($"{control} outreach for every candidate of the project.");
            outreach.MapPost($"/{{candidateId:guid}}/{verb}", async (Guid id, Guid candidateId, OutreachService service, CancellationToken ct) =>
                TypedResults.Ok(new ControlResult(await service.ControlAsync(id, candidateId, control, RecruiterActor, ct))))
                .WithSummary($"{control} outreach for one candidate.");
        }

        return app;
    }
}

public sealed record TransitionRequest([property: Required] CandidateState To, string? Reason);

public sealed record ControlResult(int Changed);
