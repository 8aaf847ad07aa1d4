namespace Samsara.Core.Calls;

/// <summary>An AI screening call or a recruiter call with a candidate.</summary>
public sealed class CallRecord
{
    public Guid Id { get; set; }
    public Guid SequenceId { get; set; }
    public CallType CallType { get; set; }
    public string? Provider { get; set; }
    public string? ProviderCallId { get; set; }
    public required string PhoneNumber { get; set; }
    public CallStatus Status { get; set; }
    public int? DurationSeconds { get; set; }

    /// <summary>Path of the recording, relative to the data folder.</summary>
    public string? RecordingPath { get; set; }
    public ScreeningOutcome? ScreeningOutcome { get; set; }
    public double? ScreeningConfidence { get; set; }
    public DateTimeOffset? ScheduledFor { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum CallType
{
    AiScreening,
    Recruiter,
}

public enum CallStatus
{
    Scheduled,
    Initiated,
    Ringing,
    InProgress,
    Completed,
    Failed,
    NoAnswer,
    Voicemail,
}

public enum ScreeningOutcome
{
    Pass,
    Fail,
    Unclear,
}

/// <summary>The text of a call, with timestamped speaker turns.</summary>
public sealed class Transcript
{
    public Guid Id { get; set; }
    public Guid CallRecordId { get; set; }
    public required string Provider { get; set; }
    public required string Content { get; set; }
    public string? SegmentsJson { get; set; }
    public double? Confidence { get; set; }
    public string Language { get; set; } = "en";
    public DateTimeOffset CreatedAt { get; set; }
}
