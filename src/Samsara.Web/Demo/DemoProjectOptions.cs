using System.ComponentModel.DataAnnotations;

namespace Samsara.Web.Demo;

/// <summary>Settings under <c>Samsara:Demo</c> for the "Try the demo project" button.</summary>
public sealed class DemoProjectOptions
{
    public const string Section = "Samsara:Demo";

    /// <summary>Minutes of silence after the last message before the AI screening call: short, so a newcomer sees it.</summary>
    [Range(1, 10080)]
    public int ReplyWindowMinutes { get; set; } = 2;

    /// <summary>How long enrolment waits for the sample CVs to import (the parser workers start on first use).</summary>
    public TimeSpan ImportWait { get; set; } = TimeSpan.FromMinutes(5);
}
