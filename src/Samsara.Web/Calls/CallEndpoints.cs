using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Samsara.Core.Calls;
using Samsara.Web.Api;
using Samsara.Web.Components.Shared;
using Samsara.Web.Outreach;

namespace Samsara.Web.Calls;

internal static class CallEndpoints
{
    /// <summary>The call engine, screening settings and the Calls wheel section (its badge counts calls that need you).</summary>
    public static IHostApplicationBuilder AddCallsSection(this IHostApplicationBuilder builder)
    {
        builder.AddCalls();
        builder.AddWheelSection(new WheelSection("calls", "Calls", MudBlazor.Icons.Material.Filled.Phone, 30,
            async (sp, projectId, ct) => await sp.GetRequiredService<CallService>().NeedsYouCountAsync(projectId, ct)));
        return builder;
    }

    public static IEndpointRouteBuilder MapCallEndpoints(this IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup("/api/v1/projects/{id:guid}").WithTags("Calls").AddEndpointFilter<ValidationProblemFilter>();

        projects.MapGet("/screening", async Task<Results<Ok<ScreeningSettingsView>, NotFound<ProblemDetails>>> (Guid id, ScreeningSettingsService service, CancellationToken ct) =>
            await service.GetAsync(id, ct) is { } s ? TypedResults.Ok(s) : ApiResults.NotFound("Project"))
            .WithSummary("The project's AI screening call settings (defaults until saved).");

        projects.MapPut("/screening", async Task<Results<Ok<ScreeningSettingsView>, NotFound<ProblemDetails>>> (Guid id, ScreeningSettingsInput input, ScreeningSettingsService service, CancellationToken ct) =>
            await service.SaveAsync(id, input, ct) is { } s ? TypedResults.Ok(s) : ApiResults.NotFound("Project"))
            .ProducesValidationProblem()
            .WithSummary("Save the screening script, provider, recording disclosure, voicemail policy and retries.");

        projects.MapGet("/calls", async Task<Results<Ok<IReadOnlyList<CallRow>>, NotFound<ProblemDetails>>> (
            Guid id, ScreeningOutcome? outcome, CallStatus? status, CallService service, CancellationToken ct) =>
            await service.ListAsync(id, outcome, status, ct) is { } rows ? TypedResults.Ok(rows) : ApiResults.NotFound("Project"))
            .WithSummary("Every call of the project, newest first; filter by outcome and status.");

        projects.MapPost("/candidates/{candidateId:guid}/call-now", async (Guid id, Guid candidateId, CallService service, CancellationToken ct) =>
            Control(await service.CallNowAsync(id, candidateId, OutreachEndpoints.RecruiterActor, ct)))
            .WithSummary("Place the candidate's AI screening call now (moves a candidate waiting for a reply to AI_CALLING); opt-outs refuse it, outside allowed hours it waits and callsAt says until when.");

        projects.MapPost("/candidates/{candidateId:guid}/dont-call", async (Guid id, Guid candidateId, CallService service, CancellationToken ct) =>
            Control(await service.DontCallAsync(id, candidateId, OutreachEndpoints.RecruiterActor, ct)))
            .WithSummary("Cancel the candidate's queued or pending AI call and keep them out of automatic calling.");

        var calls = app.MapGroup("/api/v1/calls/{callId:guid}").WithTags("Calls");
        calls.MapGet("/", async Task<Results<Ok<CallView>, NotFound<ProblemDetails>>> (Guid callId, CallService service, CancellationToken ct) =>
            await service.GetAsync(callId, ct) is { } c ? TypedResults.Ok(c) : ApiResults.NotFound("Call"));

        calls.MapGet("/transcript", async Task<Results<Ok<TranscriptView>, NotFound<ProblemDetails>>> (Guid callId, CallService service, CancellationToken ct) =>
            await service.TranscriptAsync(callId, ct) is { } t ? TypedResults.Ok(t) : ApiResults.NotFound("Transcript"))
            .WithSummary("Speaker turns with start and end seconds.");

        calls.MapGet("/recording", async Task<Results<PhysicalFileHttpResult, NotFound<ProblemDetails>>> (Guid callId, CallService service, CancellationToken ct) =>
            await service.RecordingAsync(callId, ct) is { } r
                ? TypedResults.PhysicalFile(r.Path, r.ContentType, enableRangeProcessing: true)
                : ApiResults.NotFound("Recording"))
            .WithSummary("The recording, with HTTP range requests so a player can seek.");

        calls.MapPost("/outcome", async Task<Results<NoContent, NotFound<ProblemDetails>, ValidationProblem, Conflict<ProblemDetails>>> (
            Guid callId, OutcomeOverride input, CallService service, CancellationToken ct) =>
        {
            var (result, message) = await service.OverrideAsync(callId, input, OutreachEndpoints.RecruiterActor, ct);
            return result switch
            {
                OverrideResult.Done => TypedResults.NoContent(),
                OverrideResult.NotFound => ApiResults.NotFound("Call"),
                OverrideResult.Invalid => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [message!] }),
                OverrideResult.Illegal => TypedResults.Conflict(new ProblemDetails { Title = "The outcome cannot be changed.", Detail = message, Status = StatusCodes.Status409Conflict }),
            };
        }).WithSummary("Override the screening outcome (pass or fail) with a reason; recorded on the timeline.");

        return app;
    }

    private static Results<Ok<CallControlResult>, NotFound<ProblemDetails>, Conflict<ProblemDetails>> Control(CallControlResult result) => result.Outcome switch
    {
        CallControlOutcome.Done => TypedResults.Ok(result),
        CallControlOutcome.NotFound => ApiResults.NotFound("Enrolled candidate"),
        CallControlOutcome.Refused => TypedResults.Conflict(new ProblemDetails { Title = "Not possible for this candidate now.", Detail = result.Message, Status = StatusCodes.Status409Conflict }),
    };
}
