using Samsara.Core.Outreach;

namespace Samsara.Core.Scheduling;

/// <summary>A free slot in the recruiter's local time and in each of the candidate's possible zones.</summary>
public sealed record SlotOption(DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset RecruiterLocal, IReadOnlyList<ZonedTime> CandidateLocal);

public sealed record ZonedTime(string TimeZone, DateTimeOffset Local);

/// <summary>What "Schedule a call" shows: who, where each side is, and the free slots.</summary>
public sealed record ScheduleOptions(
    Guid CandidateId, string CandidateName, CandidateState State, bool CanSchedule,
    string RecruiterTimeZone, IReadOnlyList<string> CandidateTimeZones, IReadOnlyList<SlotOption> Slots);

public sealed record BookCallRequest(DateTimeOffset? StartsAt);

public sealed record RecruiterCallView(
    Guid Id, Guid ProjectId, Guid CandidateId, string CandidateName, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    RecruiterCallStatus Status, string RecruiterTimeZone, string CandidateTimeZone, DateTimeOffset RecruiterLocal, DateTimeOffset CandidateLocal, string? Notes,
    RecordingView? Recording = null)
{
    public static RecruiterCallView From(RecruiterCall c, string candidateName, RecordingView? recording = null) => new(
        c.Id, c.ProjectId, c.CandidateId, candidateName, c.StartsAt, c.EndsAt, c.Status, c.RecruiterTimeZone, c.CandidateTimeZone,
        ZonedTimes.In(c.RecruiterTimeZone, c.StartsAt), ZonedTimes.In(c.CandidateTimeZone, c.StartsAt), c.Notes, recording);
}

/// <summary>
/// The uploaded recording of a recruiter call: its length, whether the transcript is in, and what the recruiter should
/// know (being transcribed, failed). Its call view is <c>/api/v1/calls/{the recruiter call's id}</c>.
/// </summary>
public sealed record RecordingView(int? DurationSeconds, bool Transcribed, bool Transcribing, string? Detail);

public enum BookingOutcome
{
    Booked,
    NotEnrolled,

    /// <summary>The candidate is not in REPLIED, PASS or SCHEDULING (already booked, withdrawn, ...).</summary>
    WrongState,

    /// <summary>The time is not one of the recruiter's free slots (outside hours, busy, in the past).</summary>
    NotAFreeSlot,

    /// <summary>Someone booked the same slot a moment earlier (another recruiter, tab or node).</summary>
    SlotTaken,

    /// <summary>The candidate moved while we booked.</summary>
    Conflict,
}

public sealed record BookingResult(BookingOutcome Outcome, RecruiterCallView? Call = null, CandidateState? State = null)
{
    public string Describe() => Outcome switch
    {
        BookingOutcome.Booked => "Booked.",
        BookingOutcome.NotEnrolled => "The candidate is not enrolled in outreach.",
        BookingOutcome.WrongState => $"A call can be scheduled once the candidate has replied or passed screening; they are {State}.",
        BookingOutcome.NotAFreeSlot => "That time is not one of your free slots (outside your working hours, busy, or past). Pick one of the listed times.",
        BookingOutcome.SlotTaken => "Someone booked that slot a moment ago. Pick another time.",
        BookingOutcome.Conflict => "The candidate moved in the meantime; reload and try again.",
    };
}

public static class ZonedTimes
{
    public static DateTimeOffset In(string zoneId, DateTimeOffset at) =>
        CalendarService.TryZone(zoneId, out var zone) ? TimeZoneInfo.ConvertTime(at, zone) : at;
}
