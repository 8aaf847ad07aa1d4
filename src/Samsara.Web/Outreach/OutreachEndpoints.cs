using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Outreach.Listing;
using Samsara.Web.Api;

namespace Samsara.Web.Outreach;

internal static class OutreachEndpoints
{
    /// <summary>Samsara has no user accounts yet; every recruiter action is recorded under this actor.</summary>
    public const string RecruiterActor = "recruiter";

    public static IEndpointRouteBuilder MapOutreachEndpoints(this IEndpointRouteBuilder app)
    {
        var outreach = app.MapGroup("/api/v1/projects/{id:guid}/outreach").WithTags("Outreach").AddEndpointFilter<ValidationProblemFilter>();

        outreach.MapGet("/", async Task<Results<Ok<OutreachPage>, NotFound<ProblemDetails>>> (
            Guid id, OutreachListing listing, CancellationToken ct, int page = 1, int pageSize = 50, OutreachSort sort = OutreachSort.Updated, bool descending = true,
            CandidateState? state = null, NextActionFilter? next = null, bool problems = false, string? search = null) =>
            await listing.PageAsync(id, new OutreachQuery(page, pageSize, sort, descending, new OutreachFilter(state, next, problems, search)), ct) is { } result
                ? TypedResults.Ok(result)
                : ApiResults.NotFound("Project"))
            .WithSummary("Enrolled candidates' outreach state, paged like the candidate list (export.csv has every row).");

        outreach.MapGet("/export.csv", async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>>> (Guid id, CandidateState? state, OutreachService service, CancellationToken ct) =>
            await service.ListAsync(id, state, ct) is { } rows
                ? Csv.File("outreach.csv", rows.Select(r => Csv.Line(r.CandidateName, r.Email, r.Phone, r.State, r.Paused, r.Stopped, r.StateChangedAt, r.NextAction, r.NextAt, r.LastMessage))
                    .Prepend(Csv.Line("name", "email", "phone", "state", "paused", "stopped", "since", "next", "next_at", "last_message")))
                : ApiResults.NotFound("Project"))
            .WithSummary("Every enrolled candidate's outreach state as CSV.");

        outreach.MapPost("/bulk/impact", async Task<Ok<BulkImpact>> (Guid id, BulkRequest request, OutreachListing listing, CancellationToken ct) =>
            TypedResults.Ok(await listing.ImpactAsync(id, request.Selection(), request.Control, ct)))
            .WithSummary("How many candidates a bulk action would change, and who among them replied.");

        outreach.MapPost("/bulk", async Task<Ok<BulkResult>> (Guid id, BulkRequest request, OutreachService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ControlManyAsync(id, request.Selection(), request.Control, RecruiterActor, ct)))
            .WithSummary("Pause, resume, stop or restart the listed candidates or every one matching a filter; returns the enrolments changed (restart them to undo a stop).");

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

        outreach.MapGet("/ledger", async Task<Results<Ok<IReadOnlyList<LedgerRow>>, NotFound<ProblemDetails>>> (
            Guid id, OutreachLedger ledger, CancellationToken ct, LedgerKind? kind = null, Guid? candidateId = null, int? step = null, string? candidate = null) =>
            await ledger.ListAsync(id, new LedgerFilter(kind, candidateId, step, candidate), ct) is { } rows ? TypedResults.Ok(rows) : ApiResults.NotFound("Project"))
            .WithSummary("The send ledger: every send, skip and deferral with its reason, oldest first; filter by kind, candidate and step.");

        outreach.MapGet("/ledger.csv", async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>>> (
            Guid id, OutreachLedger ledger, CancellationToken ct, LedgerKind? kind = null, Guid? candidateId = null, int? step = null, string? candidate = null) =>
            await ledger.ListAsync(id, new LedgerFilter(kind, candidateId, step, candidate), ct) is { } rows
                ? Csv.File("ledger.csv", rows.Select(r => Csv.Line(r.At, r.CandidateName, r.CandidateId, r.Step is { } n ? n + 1 : null, r.Kind, r.Detail))
                    .Prepend(Csv.Line("at_utc", "candidate", "candidate_id", "step", "kind", "detail")))
                : ApiResults.NotFound("Project"))
            .WithSummary("The send ledger as CSV (steps numbered from 1).");

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

/// <summary>A bulk control for listed candidates, or for every candidate matching <see cref="Matching"/> when none are listed.</summary>
public sealed record BulkRequest([property: Required] OutreachControl Control, IReadOnlyList<Guid>? CandidateIds = null, OutreachFilter? Matching = null, IReadOnlyList<Guid>? SequenceIds = null)
{
    public OutreachSelection Selection() => new(CandidateIds, CandidateIds is null && SequenceIds is null ? Matching ?? new OutreachFilter() : Matching, SequenceIds);
}
