using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Samsara.Core.Outreach.Inbox;
using Samsara.Core.Outreach.Replies;
using Samsara.Core.Templates;
using Samsara.Web.Api;
using Samsara.Web.Outreach;

namespace Samsara.Web.Inbox;

/// <summary>The recruiter's inbox over HTTP: conversations, threads, answers, done marks and intent corrections.</summary>
internal static class InboxEndpoints
{
    public static IEndpointRouteBuilder MapInboxEndpoints(this IEndpointRouteBuilder app)
    {
        var inbox = app.MapGroup("/api/v1/inbox").WithTags("Inbox").AddEndpointFilter<ValidationProblemFilter>();

        inbox.MapGet("/", async Task<Ok<InboxPage>> (
            InboxService service, CancellationToken ct, Guid? projectId = null, ReplyIntent? intent = null, MessageChannel? channel = null,
            bool includeDone = false, int page = 1, int pageSize = 50) =>
            TypedResults.Ok(await service.ListAsync(new InboxQuery(projectId, intent, channel, includeDone, page, pageSize), ct)))
            .WithSummary("Conversations with replies, unread first, newest next; one project or all; filter by the latest reply's intent and channel.");

        inbox.MapGet("/unread", async Task<Ok<UnreadCount>> (InboxService service, CancellationToken ct, Guid? projectId = null) =>
            TypedResults.Ok(new UnreadCount(await service.UnreadAsync(projectId, ct))))
            .WithSummary("How many conversations have a reply nobody has opened.");

        inbox.MapGet("/{sequenceId:guid}", async Task<Results<Ok<InboxThread>, NotFound<ProblemDetails>>> (
            Guid sequenceId, InboxService service, CancellationToken ct, bool markRead = true) =>
            await service.ThreadAsync(sequenceId, markRead, ct) is { } thread ? TypedResults.Ok(thread) : ApiResults.NotFound("Conversation"))
            .WithSummary("Both directions of a conversation with delivery status, what is queued, and the candidate's allowed hours; opening it marks the replies read.");

        inbox.MapPost("/{sequenceId:guid}/done", async Task<Results<NoContent, NotFound<ProblemDetails>>> (Guid sequenceId, InboxService service, CancellationToken ct) =>
            await service.MarkDoneAsync(sequenceId, ct) ? TypedResults.NoContent() : ApiResults.NotFound("Conversation"))
            .WithSummary("Mark the conversation dealt with; it leaves the inbox until the candidate writes again.");

        inbox.MapPost("/{sequenceId:guid}/answer", async Task<Results<Accepted<AnswerResult>, NotFound<ProblemDetails>>> (
            Guid sequenceId, AnswerRequest request, InboxService service, CancellationToken ct) =>
            await service.AnswerAsync(sequenceId, request, OutreachEndpoints.RecruiterActor, ct) is { } result
                ? TypedResults.Accepted($"/api/v1/inbox/{sequenceId}", result)
                : ApiResults.NotFound("Conversation"))
            .WithSummary("Answer by SMS or email (free text or a template); queued through the engine's consent checks, pacing and ledger. atAllowedHours holds it for the candidate's morning.");

        inbox.MapPost("/messages/{messageId:guid}/intent", async Task<Results<Ok<CorrectionResult>, NotFound<ProblemDetails>, Conflict<CorrectionResult>>> (
            Guid messageId, IntentCorrection correction, InboxService service, CancellationToken ct) =>
        {
            var result = await service.CorrectAsync(messageId, correction, OutreachEndpoints.RecruiterActor, ct);
            return result.Outcome switch
            {
                CorrectionOutcome.Corrected or CorrectionOutcome.Unchanged => TypedResults.Ok(result),
                CorrectionOutcome.NeedsConfirmation => TypedResults.Conflict(result),
                CorrectionOutcome.NotFound => ApiResults.NotFound("Reply"),
            };
        }).WithSummary("Correct a reply's intent; what the new intent does is re-run. Taking back an opt-out answers 409 unless confirmOptIn is true.");

        return app;
    }
}

internal sealed record UnreadCount(int Unread);
