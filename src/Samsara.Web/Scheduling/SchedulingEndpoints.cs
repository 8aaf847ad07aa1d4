using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Samsara.Core.Scheduling;
using Samsara.Core.Scheduling.AfterCall;
using Samsara.Core.Scheduling.Offers;
using Samsara.Web.Api;
using Samsara.Web.Outreach;

namespace Samsara.Web.Scheduling;

internal static class SchedulingEndpoints
{
    /// <summary>Samsara has no user accounts yet: every request works on the one recruiter's calendar.</summary>
    private const string Recruiter = RecruiterCalendar.DefaultRecruiter;

    public static IHostApplicationBuilder AddSchedulingSection(this IHostApplicationBuilder builder) => builder.AddScheduling();

    public static IEndpointRouteBuilder MapSchedulingEndpoints(this IEndpointRouteBuilder app)
    {
        var calendar = app.MapGroup("/api/v1/calendar").WithTags("Scheduling").AddEndpointFilter<ValidationProblemFilter>();

        calendar.MapGet("/", async Task<Ok<CalendarSettings>> (CalendarService service, CancellationToken ct) =>
            TypedResults.Ok(CalendarSettings.From(await service.CalendarAsync(Recruiter, ct))))
            .WithSummary("My calendar: time zone, working days and hours, slot length and buffer (defaults until saved).");

        calendar.MapPut("/", async Task<Ok<CalendarSettings>> (CalendarSettingsInput input, CalendarService service, CancellationToken ct) =>
            TypedResults.Ok(await service.SaveAsync(Recruiter, input, ct)))
            .ProducesValidationProblem()
            .WithSummary("Save my calendar; 400 names each bad field.");

        calendar.MapGet("/busy", async Task<Ok<IReadOnlyList<BusyBlockView>>> (CalendarService service, CancellationToken ct) =>
            TypedResults.Ok(await service.BusyBlocksAsync(Recruiter, ct)))
            .WithSummary("One-off busy blocks that have not ended yet.");

        calendar.MapPost("/busy", async Task<Created<BusyBlockView>> (BusyBlockInput input, CalendarService service, CancellationToken ct) =>
        {
            var block = await service.AddBusyBlockAsync(Recruiter, input, ct);
            return TypedResults.Created($"/api/v1/calendar/busy/{block.Id}", block);
        }).ProducesValidationProblem().WithSummary("Block out a time: no call is booked or offered inside it.");

        calendar.MapDelete("/busy/{blockId:guid}", async Task<Results<NoContent, NotFound<ProblemDetails>>> (Guid blockId, CalendarService service, CancellationToken ct) =>
            await service.RemoveBusyBlockAsync(Recruiter, blockId, ct) ? TypedResults.NoContent() : ApiResults.NotFound("Busy block"));

        calendar.MapGet("/free-slots", async Task<Ok<IReadOnlyList<DateTimeOffset>>> (CalendarService service, CancellationToken ct, DateTimeOffset? from = null, int days = CalendarService.DefaultHorizonDays) =>
            TypedResults.Ok(await service.FreeSlotsAsync(Recruiter, from, days, ct)))
            .WithSummary("Free slot starts (UTC) from now or `from`, for `days` days (1-62).");

        var project = app.MapGroup("/api/v1/projects/{id:guid}").WithTags("Scheduling").AddEndpointFilter<ValidationProblemFilter>();

        project.MapGet("/candidates/{candidateId:guid}/schedule", async Task<Results<Ok<ScheduleOptions>, NotFound<ProblemDetails>>> (
            Guid id, Guid candidateId, RecruiterCallService service, CancellationToken ct, DateTimeOffset? from = null, int days = CalendarService.DefaultHorizonDays) =>
            await service.OptionsAsync(id, candidateId, Recruiter, from, days, ct) is { } options ? TypedResults.Ok(options) : ApiResults.NotFound("Enrolled candidate"))
            .WithSummary("Free slots for a call with this candidate, each in my time and the candidate's local time.");

        project.MapPost("/candidates/{candidateId:guid}/schedule", async Task<Results<Created<RecruiterCallView>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ValidationProblem>> (
            Guid id, Guid candidateId, BookCallRequest request, RecruiterCallService service, CancellationToken ct) =>
        {
            if (request.StartsAt is not { } startsAt)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["startsAt"] = ["Pick the time of the call."] });
            }

            var result = await service.BookAsync(id, candidateId, Recruiter, startsAt, OutreachEndpoints.RecruiterActor, ct);
            return result.Outcome switch
            {
                BookingOutcome.Booked => TypedResults.Created($"/api/v1/recruiter-calls/{result.Call!.Id}", result.Call),
                BookingOutcome.NotEnrolled => ApiResults.NotFound("Enrolled candidate"),
                BookingOutcome.NotAFreeSlot => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["startsAt"] = [result.Describe()] }),
                BookingOutcome.WrongState or BookingOutcome.SlotTaken or BookingOutcome.Conflict => Conflict(result),
            };
        }).WithSummary("Book a call at one of the free slots: the candidate moves to SCHEDULED; 409 when the slot was just taken.");

        project.MapPost("/candidates/{candidateId:guid}/offer-times", async Task<Results<Accepted<OfferView>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ValidationProblem>> (
            Guid id, Guid candidateId, OfferTimesRequest? request, OfferService offers, CancellationToken ct) =>
        {
            var result = await offers.OfferAsync(id, candidateId, Recruiter, request?.Channel, OutreachEndpoints.RecruiterActor, ct: ct);
            return result.Outcome switch
            {
                OfferOutcome.Queued => TypedResults.Accepted($"/api/v1/projects/{id}/recruiter-calls", result.Offer),
                OfferOutcome.NotEnrolled => ApiResults.NotFound("Enrolled candidate"),
                OfferOutcome.NoContact => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["channel"] = [result.Describe()] }),
                OfferOutcome.WrongState or OfferOutcome.NoFreeSlots or OfferOutcome.Conflict =>
                    TypedResults.Conflict(new ProblemDetails { Title = result.Outcome.ToString(), Detail = result.Describe(), Status = StatusCodes.Status409Conflict }),
            };
        }).WithSummary("Offer times: text or email the candidate free slots in their local time (SCHEDULING); their reply books one.");

        project.MapGet("/recruiter-calls", async Task<Results<Ok<IReadOnlyList<RecruiterCallView>>, NotFound<ProblemDetails>>> (
            Guid id, RecruiterCallService service, CancellationToken ct, DateOnly? day = null) =>
            await service.ListAsync(id, day, ct) is { } calls ? TypedResults.Ok(calls) : ApiResults.NotFound("Project"))
            .WithSummary("The project's recruiter calls, soonest first; `day` (yyyy-MM-dd) keeps one day of my calendar.");

        app.MapPost("/api/v1/recruiter-calls/{callId:guid}/cancel", async Task<Results<NoContent, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> (
            Guid callId, RecruiterCallService service, CancellationToken ct) =>
        {
            var result = await service.CancelAsync(callId, OutreachEndpoints.RecruiterActor, ct);
            return result.Outcome switch
            {
                BookingOutcome.Booked => TypedResults.NoContent(),
                BookingOutcome.NotEnrolled => ApiResults.NotFound("Recruiter call"),
                BookingOutcome.WrongState or BookingOutcome.NotAFreeSlot or BookingOutcome.SlotTaken or BookingOutcome.Conflict =>
                    TypedResults.Conflict(new ProblemDetails { Title = "The call is not booked any more.", Status = StatusCodes.Status409Conflict }),
            };
        }).WithTags("Scheduling").WithSummary("Cancel a booked call: the slot is free again and the candidate goes back to SCHEDULING.");

        app.MapPost("/api/v1/recruiter-calls/{callId:guid}/reschedule", async Task<Results<Ok<RecruiterCallView>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ValidationProblem>> (
            Guid callId, BookCallRequest request, RecruiterCallService service, CancellationToken ct) =>
        {
            if (request.StartsAt is not { } startsAt)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["startsAt"] = ["Pick the new time of the call."] });
            }

            var result = await service.RescheduleAsync(callId, startsAt, OutreachEndpoints.RecruiterActor, ct);
            return result.Outcome switch
            {
                BookingOutcome.Booked => TypedResults.Ok(result.Call!),
                BookingOutcome.NotEnrolled => ApiResults.NotFound("Recruiter call"),
                BookingOutcome.NotAFreeSlot => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["startsAt"] = [result.Describe()] }),
                BookingOutcome.WrongState => TypedResults.Conflict(new ProblemDetails { Title = "The call is not booked any more.", Status = StatusCodes.Status409Conflict }),
                BookingOutcome.SlotTaken or BookingOutcome.Conflict => Conflict(result),
            };
        }).WithTags("Scheduling").WithSummary("Move a booked call to another free slot: the old slot is freed and the candidate gets the change (.ics update).");

        var call = app.MapGroup("/api/v1/recruiter-calls/{callId:guid}").WithTags("Scheduling");
        call.MapPut("/notes", async Task<Results<NoContent, NotFound<ProblemDetails>, ValidationProblem>> (Guid callId, NotesRequest request, AfterCallService service, CancellationToken ct) =>
            AfterCall(await service.SaveNotesAsync(callId, request.Notes, ct)))
            .WithSummary("Save the call notes as they stand (the notes box saves as the recruiter types).");
        call.MapPost("/done", async Task<Results<NoContent, NotFound<ProblemDetails>, ValidationProblem>> (Guid callId, NotesRequest? request, AfterCallService service, CancellationToken ct) =>
            AfterCall(await service.MarkDoneAsync(callId, request?.Notes, OutreachEndpoints.RecruiterActor, ct)))
            .WithSummary("The call took place: CALL_DONE, with the notes when given.");
        call.MapPost("/ready", async Task<Results<NoContent, NotFound<ProblemDetails>, ValidationProblem>> (Guid callId, AfterCallService service, CancellationToken ct) =>
            AfterCall(await service.MarkReadyAsync(callId, OutreachEndpoints.RecruiterActor, ct)))
            .WithSummary("Ready for the ATS: from TRANSCRIBED, or from CALL_DONE with the notes.");
        call.MapPost("/no-show", async Task<Results<NoContent, NotFound<ProblemDetails>, ValidationProblem>> (Guid callId, NoShowRequest request, AfterCallService service, CancellationToken ct) =>
            AfterCall(await service.NoShowAsync(callId, request.Next, request.Channel, OutreachEndpoints.RecruiterActor, ct)))
            .WithSummary("No-show: the slot is freed; back to SCHEDULING with new times offered (\"missed call\"), or WITHDRAWN.");

        app.MapRecordingEndpoints();
        return app;
    }

    /// <summary>Wrong state and missing notes are the recruiter's to fix, so they answer 400 with the reason under "call".</summary>
    private static Results<NoContent, NotFound<ProblemDetails>, ValidationProblem> AfterCall(AfterCallResult result) => result.Outcome switch
    {
        AfterCallOutcome.Done => TypedResults.NoContent(),
        AfterCallOutcome.NotFound => ApiResults.NotFound("Recruiter call"),
        AfterCallOutcome.WrongState or AfterCallOutcome.NotesMissing or AfterCallOutcome.NotesTooLong =>
            TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["call"] = [result.Describe()] }),
    };

    private static Conflict<ProblemDetails> Conflict(BookingResult result) =>
        TypedResults.Conflict(new ProblemDetails { Title = result.Outcome.ToString(), Detail = result.Describe(), Status = StatusCodes.Status409Conflict });
}
