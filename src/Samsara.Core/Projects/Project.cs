namespace Samsara.Core.Projects;

/// <summary>A client's job that a recruiter works on: the root of everything else.</summary>
public sealed class Project
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public string? ClientName { get; set; }
    public string? ClientContactEmail { get; set; }
    public string? Owner { get; set; }
    public ProjectStatus Status { get; set; } = ProjectStatus.Active;

    /// <summary>ISO 3166 region used to read phone numbers written without a country code.</summary>
    public string DefaultPhoneRegion { get; set; } = "GB";

    /// <summary>How long to wait for a reply before the candidate times out (the seed's 30 minutes).</summary>
    public int ReplyWindowMinutes { get; set; } = 30;

    /// <summary>Allowed contact hours in the candidate's local time, as minutes after midnight.</summary>
    public int QuietHoursStartMinute { get; set; } = 8 * 60;
    public int QuietHoursEndMinute { get; set; } = 21 * 60;

    /// <summary>After downtime, a timer or send late by more than this is re-planned (spread, paced) instead of fired in a burst.</summary>
    public int OverdueReplanMinutes { get; set; } = 120;

    /// <summary>Candidate data older than this is erased; null keeps it until the recruiter deletes it.</summary>
    public int? RetentionDays { get; set; }

    /// <summary>Client packages start anonymised (the recruiter can still switch it per package).</summary>
    public bool AnonymiseClientPackages { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The last time anything in the project changed (a candidate added, a message sent, ...).</summary>
    public DateTimeOffset LastActivityAt { get; set; }
}

public enum ProjectStatus
{
    Active,
    Archived,
}
