namespace Samsara.Core.Calls;

/// <summary>
/// An AI screening call or a recruiter call with a candidate. For an AI screening call the row is also the engine's
/// durable work item: <see cref="Stage"/> says what is left to do, <see cref="DueAt"/> when, and a claim
/// (<see cref="ClaimedBy"/> until <see cref="LeaseExpiresAt"/>) says which node is doing it, so a restart or a
/// second node resumes it and nothing is done twice.
/// </summary>
public sealed class CallRecord
{
    public Guid Id { get; set; }
    public Guid SequenceId { get; set; }
    public CallType CallType { get; set; }
    public string? Provider { get; set; }

    /// <summary>
    /// The stored provider account the call was placed on (null: the configured settings). Its concurrency limit counts
    /// this call, and polls and end requests go to the same account even if another becomes active meanwhile. Not a
    /// foreign key: removing an account keeps its calls' history.
    /// </summary>
    public Guid? ProviderAccountId { get; set; }
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

    /// <summary>1 for the first try, 2 and 3 for the retries after no answer, busy or voicemail.</summary>
    public int Attempt { get; set; } = 1;
    public CallStage Stage { get; set; } = CallStage.Done;
    public DateTimeOffset? DueAt { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>
    /// Set (and committed) before the create request leaves. A claim that finds it set without a provider call id
    /// cannot know whether the call exists, so it asks the provider (ReconcileAsync) before dialling again.
    /// </summary>
    public DateTimeOffset? AttemptedAt { get; set; }

    /// <summary>The provider's own status or end reason, verbatim (e.g. "customer-did-not-answer").</summary>
    public string? ProviderReason { get; set; }

    /// <summary>What the recruiter should know now: why the call waits, what failed, what is being retried.</summary>
    public string? Detail { get; set; }

    /// <summary>Failed tries of the current stage (polls, downloads, transcriptions), for backoff and giving up.</summary>
    public int StageFailures { get; set; }
    public DateTimeOffset? LastPolledAt { get; set; }

    /// <summary>The provider's recording URL until the recording is downloaded (it expires, so it is never the only copy).</summary>
    public string? RecordingUrl { get; set; }
    public long? RecordingBytes { get; set; }
    public string? RecordingFormat { get; set; }
    public decimal? Cost { get; set; }

    /// <summary>The provider's own verdict (Vapi successEvaluation, Bland/Retell analysis), when it gave one.</summary>
    public bool? ProviderPassed { get; set; }
    public string? Summary { get; set; }

    /// <summary>The provider's plain-text transcript, until it is stored as a <see cref="Transcript"/>.</summary>
    public string? ProviderTranscript { get; set; }

    /// <summary>The transcription provider's job (AssemblyAI is asynchronous), polled until done.</summary>
    public string? TranscriptionJobId { get; set; }

    /// <summary>The judged answers and reasons (<see cref="ScreeningVerdict"/> as JSON).</summary>
    public string? VerdictJson { get; set; }
    public string? Notes { get; set; }

    /// <summary>Set when the recruiter overrode the outcome, with their reason.</summary>
    public string? OverrideReason { get; set; }
    public DateTimeOffset? OverriddenAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum CallType
{
    AiScreening,
    Recruiter,
}

public enum CallStatus
{
    /// <summary>Waiting to be dialled (queued, quiet hours, concurrency limit, retry gap).</summary>
    Scheduled,
    Initiated,
    Ringing,
    InProgress,
    Completed,
    Failed,
    NoAnswer,
    Voicemail,
    Busy,

    /// <summary>Not placed: the candidate moved on, opted out, or the recruiter said "Don't call".</summary>
    Cancelled,
}

/// <summary>What the engine still has to do for a call.</summary>
public enum CallStage
{
    Place,
    Poll,
    Recording,
    Transcript,
    Outcome,
    Done,
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
