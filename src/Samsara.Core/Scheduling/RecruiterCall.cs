namespace Samsara.Core.Scheduling;

/// <summary>
/// A call the recruiter holds with a candidate at a booked time. While it holds its slot, <see cref="HeldSlot"/> equals
/// <see cref="StartsAt"/>, and a unique index over (recruiter, held slot) makes a second booking of the same slot fail in
/// the database itself, whichever node or recruiter tries; cancelling, rescheduling or a no-show clear it and free the slot.
/// </summary>
public sealed class RecruiterCall
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public Guid SequenceId { get; set; }
    public Guid CandidateId { get; set; }
    public required string RecruiterId { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public DateTimeOffset? HeldSlot { get; set; }
    public RecruiterCallStatus Status { get; set; }

    /// <summary>The recruiter's zone and the candidate's (first) zone at booking, so messages and the view agree later.</summary>
    public required string RecruiterTimeZone { get; set; }
    public required string CandidateTimeZone { get; set; }
    public string? Notes { get; set; }

    /// <summary>Bumped on every move of the time: the invite's SEQUENCE, so calendars apply the latest over the earlier.</summary>
    public int Revision { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum RecruiterCallStatus
{
    Booked,
    Done,
    NoShow,
    Cancelled,
}
