namespace Samsara.Core.Outreach.Engine;

/// <summary>Append-only send ledger: every send, skip, deferral and failure with its reason (PRODUCT.md compliance).</summary>
public sealed class LedgerEntry
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public Guid SequenceId { get; set; }
    public int? StepIndex { get; set; }
    public LedgerKind Kind { get; set; }
    public required string Detail { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}

public enum LedgerKind
{
    Sent,
    Skipped,
    /// <summary>Not now (quiet hours, rate limit, transient error); the send or timer waits and tries again.</summary>
    Deferred,
    Failed,
    Reconciled,
    ReplyReceived,
    OptedOut,
    TimerFired,

    /// <summary>Out of office or another automatic answer: recorded, the candidate does not move.</summary>
    AutoReply,
    Bounced,
    OptedIn,
}
