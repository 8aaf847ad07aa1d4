using System.ComponentModel.DataAnnotations;

namespace Samsara.Core.Projects;

/// <summary>What a recruiter types to create or edit a project.</summary>
public sealed class ProjectInput
{
    [Required(ErrorMessage = "A project needs a name.")]
    [StringLength(200, ErrorMessage = "Keep the name under 200 characters.")]
    public string? Name { get; set; }

    [StringLength(200)]
    public string? ClientName { get; set; }

    [EmailAddress(ErrorMessage = "That is not an email address.")]
    [StringLength(320)]
    public string? ClientContactEmail { get; set; }

    [StringLength(200)]
    public string? Owner { get; set; }

    /// <summary>Active or Archived; null keeps the current status.</summary>
    public ProjectStatus? Status { get; set; }
}

/// <summary>A project's outreach and compliance settings.</summary>
public sealed class ProjectSettingsInput
{
    [Required]
    [RegularExpression("^[A-Za-z]{2}$", ErrorMessage = "Use a two-letter country code such as GB or US.")]
    public string DefaultPhoneRegion { get; set; } = "GB";

    [Range(1, 10080, ErrorMessage = "The reply window is between 1 minute and 7 days.")]
    public int ReplyWindowMinutes { get; set; } = 30;

    [Range(0, 1439, ErrorMessage = "Quiet hours start is a time of day.")]
    public int QuietHoursStartMinute { get; set; } = 8 * 60;

    [Range(1, 1440, ErrorMessage = "Quiet hours end is a time of day.")]
    public int QuietHoursEndMinute { get; set; } = 21 * 60;

    [Range(5, 10080, ErrorMessage = "The overdue limit is between 5 minutes and 7 days.")]
    public int OverdueReplanMinutes { get; set; } = 120;

    [Range(1, 3650, ErrorMessage = "Retention is between 1 day and 10 years.")]
    public int? RetentionDays { get; set; }

    /// <summary>Client packages start anonymised; each package can still say otherwise.</summary>
    public bool AnonymiseClientPackages { get; set; }
}
