using System.ComponentModel.DataAnnotations;

namespace Samsara.Core.Scheduling;

/// <summary>How Samsara offers times and reminds candidates (<c>Samsara:Scheduling</c>).</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Samsara:Scheduling";

    /// <summary>How many free times an offer lists.</summary>
    [Range(1, 9)]
    public int OfferCount { get; set; } = 3;

    /// <summary>An offered time is at least this far ahead, so the candidate has time to read and answer.</summary>
    public TimeSpan OfferNotice { get; set; } = TimeSpan.FromHours(2);

    /// <summary>The reminder goes this long before the call (moved earlier into allowed hours when needed).</summary>
    public TimeSpan ReminderBefore { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long a node holds a notice while it sends; after that another node may take it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Tries before a notice that keeps failing for a passing reason is given up (with the reason shown).</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 6;
}
