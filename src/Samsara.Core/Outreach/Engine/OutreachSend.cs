using Samsara.Core.Outreach.Sequences;

namespace Samsara.Core.Outreach.Engine;

/// <summary>
/// One step of a candidate's sequence waiting to go out (the outbox). Unique per (sequence, step), so a step
/// exists once and is sent at most once however many nodes or restarts touch it.
/// </summary>
public sealed class OutreachSend
{
    public Guid Id { get; set; }
    public Guid SequenceId { get; set; }
    public Guid ProjectId { get; set; }
    public int StepIndex { get; set; }
    public StepChannel Channel { get; set; }

    /// <summary>The definition's step this row came from (null for the built-in step); a step is had at most once.</summary>
    public Guid? StepId { get; set; }

    /// <summary>The step as it was when queued: later edits of the definition do not change a queued step.</summary>
    public Guid? TemplateId { get; set; }
    public StepCondition Condition { get; set; }
    public SendStatus Status { get; set; } = SendStatus.Pending;
    public DateTimeOffset DueAt { get; set; }
    public int Attempts { get; set; }

    /// <summary>The engine node holding the claim, and until when; an expired lease may be claimed by another node.</summary>
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>
    /// Set, with the Message row, before the request leaves. A claim that finds it set cannot know whether the
    /// provider got the message, so it reconciles with the provider's list before sending again.
    /// </summary>
    public DateTimeOffset? AttemptedAt { get; set; }
    public Guid? MessageId { get; set; }
    public string? ProviderMessageId { get; set; }

    /// <summary>Our number or address the attempt went from: a sender's daily cap counts its own sends only.</summary>
    public string? Sender { get; set; }

    /// <summary>Why the send was skipped, failed or is waiting (quiet hours, rate limit, missing variable, ...).</summary>
    public string? Reason { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum SendStatus
{
    Pending,
    Claimed,
    Sent,
    Skipped,
    Failed,
    /// <summary>The request may have reached the provider; reconciled before anything is sent again.</summary>
    UnknownOutcome,
}
