namespace Samsara.Core.Outreach.Engine;

/// <summary>A durable timer; unique per (sequence, kind, step) so it is planned once and fires at most once.</summary>
public sealed class OutreachTimer
{
    public Guid Id { get; set; }
    public Guid SequenceId { get; set; }
    public Guid ProjectId { get; set; }
    public TimerKind Kind { get; set; }
    public int StepIndex { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? FiredAt { get; set; }

    /// <summary>Set when the timer no longer matters (the candidate replied or opted out).</summary>
    public DateTimeOffset? CancelledAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum TimerKind
{
    /// <summary>No reply within the project's window: the candidate times out and is handed to the AI call.</summary>
    ReplyTimeout,
}
