namespace Samsara.Core.Outreach;

/// <summary>A candidate's enrolment in a project's outreach; one per project and candidate.</summary>
public sealed class OutreachSequence
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public Guid CandidateId { get; set; }

    /// <summary>The sequence definition the candidate follows; null = the built-in one SMS from the first SMS template.</summary>
    public Guid? DefinitionId { get; set; }
    public CandidateState Status { get; set; } = CandidateState.Pending;
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? Outcome { get; set; }
    public string? Notes { get; set; }

    /// <summary>A paused candidate keeps their state, but the engine sends and dials nothing until resumed.</summary>
    public bool IsPaused { get; set; }

    /// <summary>Set when a recruiter stopped the sequence; nothing more is sent, the state stays as it was.</summary>
    public DateTimeOffset? StoppedAt { get; set; }
    public DateTimeOffset StateChangedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Append-only record of one state transition.</summary>
public sealed class OutreachEvent
{
    public Guid Id { get; set; }
    public Guid SequenceId { get; set; }
    public CandidateState? FromState { get; set; }
    public CandidateState ToState { get; set; }
    public required string Reason { get; set; }

    /// <summary>Who moved the candidate: "engine", "candidate", or the recruiter's name.</summary>
    public required string Actor { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}
