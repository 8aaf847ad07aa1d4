using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Outreach.Sequences;
using Samsara.Web.Api;

namespace Samsara.Web.Outreach;

internal static class SequenceEndpoints
{
    public static IEndpointRouteBuilder MapSequenceEndpoints(this IEndpointRouteBuilder app)
    {
        var sequences = app.MapGroup("/api/v1/projects/{id:guid}/sequences").WithTags("Sequences").AddEndpointFilter<ValidationProblemFilter>();

        sequences.MapGet("/", async Task<Results<Ok<IReadOnlyList<SequenceDto>>, NotFound<ProblemDetails>>> (Guid id, SequenceService service, CancellationToken ct) =>
            await service.ListAsync(id, ct) is { } list ? TypedResults.Ok(list) : ApiResults.NotFound("Project"))
            .WithSummary("The project's outreach sequences, oldest first; one is the default for enrolment.");

        sequences.MapGet("/{sequenceId:guid}", async Task<Results<Ok<SequenceDto>, NotFound<ProblemDetails>>> (Guid id, Guid sequenceId, SequenceService service, CancellationToken ct) =>
            await service.GetAsync(id, sequenceId, ct) is { } s ? TypedResults.Ok(s) : ApiResults.NotFound("Sequence"));

        sequences.MapPost("/", async Task<Results<Created<SequenceDto>, NotFound<ProblemDetails>>> (Guid id, SequenceInput input, SequenceService service, CancellationToken ct) =>
            await service.CreateAsync(id, input, ct) is { } s ? TypedResults.Created($"/api/v1/projects/{id}/sequences/{s.Id}", s) : ApiResults.NotFound("Project"))
            .ProducesValidationProblem()
            .WithSummary("Steps in order: channel (Sms, Email, AiCall), templateId of that channel, delayMinutes ≥ 0, condition.");

        sequences.MapPut("/{sequenceId:guid}", async Task<Results<Ok<SequenceDto>, NotFound<ProblemDetails>>> (Guid id, Guid sequenceId, SequenceInput input, SequenceService service, CancellationToken ct) =>
            await service.UpdateAsync(id, sequenceId, input, ct) is { } s ? TypedResults.Ok(s) : ApiResults.NotFound("Sequence"))
            .ProducesValidationProblem()
            .WithSummary("Replaces the steps; pass each kept step's id so candidates who had it never get it again.");

        sequences.MapDelete("/{sequenceId:guid}", async Task<Results<NoContent, NotFound<ProblemDetails>>> (Guid id, Guid sequenceId, SequenceService service, CancellationToken ct) =>
            await service.DeleteAsync(id, sequenceId, ct) ? TypedResults.NoContent() : ApiResults.NotFound("Sequence"))
            .WithSummary("Enrolled candidates finish the steps already queued and get no more.");

        var outreach = app.MapGroup("/api/v1/projects/{id:guid}/outreach").WithTags("Outreach");
        outreach.MapGet("/{candidateId:guid}/steps", async Task<Results<Ok<IReadOnlyList<StepProgress>>, NotFound<ProblemDetails>>> (Guid id, Guid candidateId, SequenceProgress progress, CancellationToken ct) =>
            await progress.ForCandidateAsync(id, candidateId, ct) is { } steps ? TypedResults.Ok(steps) : ApiResults.NotFound("Enrolled candidate"))
            .WithSummary("Each step of the candidate's sequence: planned, queued, sent, skipped or failed, with the reason.");

        outreach.MapPost("/{candidateId:guid}/opt-out", async Task<Results<Ok<TransitionResult>, NotFound<ProblemDetails>>> (Guid id, Guid candidateId, ConsentService consent, CancellationToken ct) =>
        {
            var result = await consent.OptOutAsync(id, candidateId, OutreachEndpoints.RecruiterActor, ct);
            return result.Outcome == TransitionOutcome.NotEnrolled ? ApiResults.NotFound("Enrolled candidate") : TypedResults.Ok(result);
        }).WithSummary("The recruiter opts the candidate out: their number and address are blocked in every project.");

        app.MapGet("/api/v1/consent", async (string? contact, ConsentService consent, CancellationToken ct) => TypedResults.Ok(await consent.ListAsync(contact, ct)))
            .WithTags("Outreach")
            .WithSummary("The consent ledger (opt-outs and opt-ins of numbers and addresses), newest first.");
        return app;
    }
}
