using System.ComponentModel.DataAnnotations;

namespace Samsara.Core.Outreach.Engine;

/// <summary>The engine's settings, bound to <c>Samsara:Outreach</c>.</summary>
public sealed class OutreachEngineOptions
{
    public const string Section = "Samsara:Outreach";

    /// <summary>False leaves the hosted loop idle (tests drive <see cref="OutreachEngine.RunOnceAsync"/> themselves).</summary>
    public bool RunInBackground { get; set; } = true;

    /// <summary>This node's name in claims; unique per process so two nodes never think a claim is theirs.</summary>
    [Required]
    public string NodeId { get; set; } = $"{Environment.MachineName}-{Guid.NewGuid():N}";

    /// <summary>
    /// How often Twilio's inbound list is polled, and the longest the loop sleeps when idle. Due sends and timers do
    /// not wait for it: the loop runs again at once while a pass finds a full batch, and wakes at the next due time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// How many sends of a claimed batch are worked at once (each in its own unit of work, as if alone), and how many
    /// chunks of due timers fire at once. Keeps a node's throughput from being one provider round trip at a time.
    /// </summary>
    [Range(1, 256)]
    public int SendConcurrency { get; set; } = 16;

    /// <summary>Due timers fired per transaction: one commit per chunk instead of one per timer.</summary>
    [Range(1, 10_000)]
    public int TimerChunkSize { get; set; } = 100;

    /// <summary>How long a claim is held; longer than a provider call's timeout, so a live send is never taken over.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>First wait after a transient failure; doubled per attempt up to <see cref="MaxBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Transient failures after which a send is given up and recorded as failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>
    /// How long after an unknown outcome (the request left, no answer came) the provider is asked whether it acted on
    /// it. Asking at once can miss a request the provider is still working on, find nothing and send again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan UnknownOutcomeSettle { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a paused candidate's due send is looked at again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PausedRecheck { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Per-sender rate limits and daily caps, and how overdue work is spread (<c>Samsara:Outreach:Pacing</c>).</summary>
    [Pacing.ValidPacing]
    public Pacing.OutreachPacingOptions Pacing { get; set; } = new();
}
