using System.ComponentModel.DataAnnotations;

namespace Samsara.Core.Privacy;

/// <summary>The agency's data-retention policy (`Samsara:Privacy`); a project's own limit, when set, wins.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Samsara:Privacy";

    /// <summary>Erase a candidate record this many days after its last activity; empty keeps data until deleted.</summary>
    [Range(1, 3650)]
    public int? RetentionDays { get; set; }

    /// <summary>How long a record is on the warning list before the job may erase it.</summary>
    [Range(0, 365)]
    public int WarningDays { get; set; } = 14;

    /// <summary>Whether this node runs the retention job in the background (the API can still run a pass).</summary>
    public bool RunJob { get; set; } = true;

    /// <summary>How often the retention job runs.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromDays(1);
}
