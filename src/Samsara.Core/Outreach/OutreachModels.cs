using Samsara.Core.Calls;

namespace Samsara.Core.Outreach;

/// <summary>
/// Who to enrol: listed candidates, or all of the project's; optionally only those scoring at least <see cref="MinScore"/>.
/// <see cref="SequenceId"/> picks the sequence definition; null = the project's default (or, with none defined, one SMS
/// from the first SMS template).
/// </summary>
public sealed record EnrolRequest(IReadOnlyList<Guid>? CandidateIds = null, bool? All = null, int? MinScore = null, Guid? SequenceId = null);

/// <param name="NotFound">Listed ids that are not candidates of this project.</param>
public sealed record EnrolResult(int Enrolled, int AlreadyEnrolled, IReadOnlyList<Guid> NotFound);

public enum OutreachControl
{
    Pause,
    Resume,
    Stop,
    /// <summary>Stopped candidates carry on where they were stopped (the undo of a stop, or a deliberate restart).</summary>
    Restart,
}

/// <param name="NextAction">What the engine does next for this candidate ("SMS", "Email", "AI call", "Reply window ends"), if anything.</param>
/// <param name="NextAt">When that is due.</param>
/// <param name="LastMessage">The start of the latest message either way, with <paramref name="LastDirection"/> telling whose.</param>
public sealed record OutreachRow(
    Guid SequenceId, Guid CandidateId, string CandidateName, string? Email, string? Phone, CandidateState State,
    bool Paused, bool Stopped, DateTimeOffset StateChangedAt, DateTimeOffset UpdatedAt, IReadOnlyList<CandidateState> NextStates,
    string? NextAction = null, DateTimeOffset? NextAt = null,
    string? LastMessage = null, MessageDirection? LastDirection = null, DateTimeOffset? LastMessageAt = null,
    Listing.OutreachProblem? Problem = null);

public sealed record TransitionResult(TransitionOutcome Outcome, CandidateState? From, CandidateState? To)
{
    public static readonly TransitionResult NotEnrolled = new(TransitionOutcome.NotEnrolled, null, null);
    public static readonly TransitionResult Conflict = new(TransitionOutcome.Conflict, null, null);

    public static TransitionResult Illegal(CandidateState from, CandidateState to) => new(TransitionOutcome.Illegal, from, to);

    public static TransitionResult Moved(CandidateState from, CandidateState to) => new(TransitionOutcome.Moved, from, to);

    public string Describe() => Outcome switch
    {
        TransitionOutcome.Moved => $"Moved from {From} to {To}.",
        TransitionOutcome.Illegal => $"A candidate in {From} cannot move to {To}. Allowed: {string.Join(", ", CandidateStateMachine.NextStates(From!.Value))}.",
        TransitionOutcome.NotEnrolled => "The candidate is not enrolled in outreach.",
        TransitionOutcome.Conflict => "The candidate moved in the meantime; reload and try again.",
    };
}

public enum TransitionOutcome
{
    Moved,
    Illegal,
    NotEnrolled,
    Conflict,
}

/// <summary>One line of a candidate's timeline: a transition, a message or a call.</summary>
/// <param name="FromState">For a transition, the state left (null on enrolment); the UI names states in words from these.</param>
public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Title, string? Detail, string? Actor, CandidateState? FromState = null, CandidateState? ToState = null)
{
    /// <summary>The row's id: entries of one instant and kind are shown in the order they were written (see <see cref="Common.SequentialIds"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid Order { get; init; }

    public static TimelineEntry From(OutreachEvent e) => new(
        e.OccurredAt, "transition",
        e.FromState is null ? $"→ {e.ToState}" : e.FromState == e.ToState ? e.Reason : $"{e.FromState} → {e.ToState}",
        e.FromState == e.ToState ? null : e.Reason, e.Actor, e.FromState, e.ToState)
    { Order = e.Id };

    public static TimelineEntry From(Message m) => new(
        m.SentAt ?? m.CreatedAt, m.Channel.ToString().ToLowerInvariant(),
        $"{(m.Channel == Templates.MessageChannel.Sms ? "SMS" : "Email")} {(m.Direction == MessageDirection.Outbound ? "sent" : "received")}{Status(m)}", m.Body, null)
    { Order = m.Id };

    public static TimelineEntry From(CallRecord c) => new(
        c.StartedAt ?? c.CreatedAt, "call", $"{c.CallType} call · {c.Status}",
        c.ScreeningOutcome is { } o ? $"Outcome {o} ({c.ScreeningConfidence:P0})" : null, null)
    { Order = c.Id };

    /// <summary>
    /// Entries stamped at the same moment (an enrolment and its first send in one transaction) keep the order they
    /// happened in: enrolment, then messages and calls, then the moves they caused.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Rank => Kind switch
    {
        "transition" when FromState is null => 0,
        "transition" => 3,
        "call" => 2,
        _ => 1,
    };

    private static string Status(Message m) => m.Status switch
    {
        MessageStatus.Queued => " · queued",
        MessageStatus.Sent => "",
        MessageStatus.Delivered => " · delivered",
        MessageStatus.Failed => m.StatusDetail is { } why ? $" · failed: {why}" : " · failed",
        MessageStatus.Received => "",
    };
}
