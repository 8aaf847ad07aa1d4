using System.ComponentModel.DataAnnotations;

namespace Samsara.Core.Matching;

/// <summary>Match scoring settings, section <c>Samsara:Matching</c>.</summary>
public sealed class MatchingOptions
{
    public const string Section = "Samsara:Matching";

    /// <summary>Embed CVs in the background and add closeness in meaning to the score; off leaves word coverage alone.</summary>
    public bool Semantic { get; set; } = true;

    /// <summary>CVs embedded per round of the background stage (their passages go through the model together).</summary>
    [Range(1, 256)]
    public int EmbedBatchSize { get; set; } = 8;

    /// <summary>How often the background stage looks for CVs to embed when nothing woke it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan EmbedPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tries before a CV that fails to embed is given up on (its score then counts words only, with the reason shown).</summary>
    [Range(1, 20)]
    public int MaxEmbedAttempts { get; set; } = 4;

    /// <summary>Wait before the first retry of a failed CV; each later retry waits twice as long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan EmbedRetryDelay { get; set; } = TimeSpan.FromMinutes(1);
}
