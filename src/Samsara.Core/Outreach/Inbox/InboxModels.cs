using Samsara.Core.Outreach.Replies;
using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Inbox;

/// <summary>Which conversations the inbox lists: one project or all, by the latest reply's intent and channel.</summary>
/// <param name="OrderAsOf">
/// Replies read after this moment still sort as unread, so opening conversations one after another (j, j, j) does not
/// move them under the recruiter's cursor; the screen sets it when it loads the list afresh.
/// </param>
public sealed record InboxQuery(
    Guid? ProjectId = null, ReplyIntent? Intent = null, MessageChannel? Channel = null, bool IncludeDone = false, int Page = 1, int PageSize = 50,
    DateTimeOffset? OrderAsOf = null);

/// <summary>One conversation: the candidate's latest reply, what it means, where they stand and what we sent last.</summary>
/// <param name="Suggested">The intent is only a suggestion (not confident and not set by the recruiter): it has not acted.</param>
public sealed record InboxItem(
    Guid SequenceId, Guid ProjectId, string ProjectName, Guid CandidateId, string CandidateName,
    Guid MessageId, MessageChannel Channel, string? Subject, string Snippet, DateTimeOffset ReceivedAt,
    ReplyIntent? Intent, double? Confidence, bool Suggested, DateOnly? IntentDate, string? CorrectedBy,
    bool Unread, bool Done, int Replies, CandidateState State, bool IsPaused, LastSent? LastSent);

public sealed record LastSent(MessageChannel Channel, string Snippet, MessageStatus Status, DateTimeOffset At);

/// <param name="Unread">Conversations with a reply nobody has opened yet (across every page and filter of the scope).</param>
public sealed record InboxPage(IReadOnlyList<InboxItem> Items, int Total, int Unread, int Page, int PageSize);

public sealed record ThreadMessage(
    Guid Id, MessageDirection Direction, MessageChannel Channel, string? Subject, string Body, MessageStatus Status, string? StatusDetail,
    DateTimeOffset At, ReplyIntent? Intent, double? Confidence, bool Suggested, DateOnly? IntentDate, string? CorrectedBy);

/// <summary>A message queued for the candidate and not sent yet (an answer waiting for their morning, a check-back).</summary>
public sealed record PendingMessage(Guid Id, ReplyFollowUpKind Kind, MessageChannel? Channel, string? Body, DateTimeOffset DueAt, string? Reason);

/// <summary>The candidate's clock: whether now is inside the project's allowed hours where they live, and when it next is.</summary>
public sealed record ContactHours(bool AllowedNow, DateTimeOffset? NextAllowed, string LocalTime, string NextAllowedLocal, string Zone);

public sealed record InboxThread(
    Guid SequenceId, Guid ProjectId, string ProjectName, Guid CandidateId, string CandidateName, string? Phone, string? Email,
    string? PhoneProblem, string? EmailProblem, CandidateState State, bool IsPaused,
    IReadOnlyList<ThreadMessage> Messages, IReadOnlyList<PendingMessage> Pending, ContactHours Hours);

/// <summary>The recruiter's answer: free text, or a template rendered for this candidate.</summary>
/// <param name="AtAllowedHours">Hold it until the candidate's allowed hours open ("send at 08:00 their time").</param>
public sealed record AnswerRequest(MessageChannel Channel, string? Body = null, string? Subject = null, Guid? TemplateId = null, bool AtAllowedHours = false);

public sealed record AnswerResult(Guid Id, DateTimeOffset DueAt, MessageChannel Channel);

/// <param name="ConfirmOptIn">Required to take back an opt-out: the candidate may then be contacted again.</param>
public sealed record IntentCorrection(ReplyIntent Intent, bool ConfirmOptIn = false);

public enum CorrectionOutcome
{
    Corrected,
    Unchanged,

    /// <summary>The reply had opted the candidate out; taking that back needs <see cref="IntentCorrection.ConfirmOptIn"/>.</summary>
    NeedsConfirmation,
    NotFound,
}

public sealed record CorrectionResult(CorrectionOutcome Outcome, string Message, CandidateState? State = null);
