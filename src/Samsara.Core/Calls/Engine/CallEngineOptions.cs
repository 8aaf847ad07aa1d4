using System.ComponentModel.DataAnnotations;

namespace Samsara.Core.Calls.Engine;

/// <summary>The call engine's settings, bound to <c>Samsara:Calls</c>.</summary>
public sealed class CallEngineOptions
{
    public const string Section = "Samsara:Calls";

    /// <summary>False leaves the hosted loop idle (tests drive <see cref="CallEngine.RunOnceAsync"/> themselves).</summary>
    public bool RunInBackground { get; set; } = true;

    /// <summary>This node's name in claims; unique per process.</summary>
    [Required]
    public string NodeId { get; set; } = $"{Environment.MachineName}-calls-{Guid.NewGuid():N}";

    /// <summary>How often an active call is polled; also the loop's longest sleep.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Calls in progress at once per provider account; the next one waits for a slot.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentPerProvider { get; set; } = 10;

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Claimed calls worked at once (each its own unit of work).</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 32;

    /// <summary>How long a claim is held; longer than a provider request's timeout so a live request is never taken over.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A call still not ended this long after its maximum length is closed as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan NeverEndsMargin { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long after a lost answer to a create request the provider's list is asked whether the call exists.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan UnknownOutcomeSettle { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a call waiting for a free slot waits before it looks again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SlotRecheck { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>First wait after a failed download or transcription, doubled per failure up to <see cref="MaxBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Failed downloads or transcriptions after which the outcome is judged without them.</summary>
    [Range(1, 50)]
    public int MaxStageFailures { get; set; } = 6;

    /// <summary>Transcribes recordings the provider gave no transcript for: "Deepgram", "AssemblyAi" or "None".</summary>
    [RegularExpression("^(Deepgram|AssemblyAi|None)$")]
    public string TranscriptionProvider { get; set; } = "Deepgram";

    /// <summary>Below this confidence a verdict is "unclear" and waits for the recruiter.</summary>
    [Range(0.0, 1.0)]
    public double MinConfidence { get; set; } = 0.6;

    public TimeSpan BackoffAfter(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, Backoff.Ticks * (1L << Math.Min(failures - 1, 20))));
}
