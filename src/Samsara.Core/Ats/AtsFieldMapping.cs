namespace Samsara.Core.Ats;

/// <summary>How Samsara's candidate fields fill a given ATS's candidate form.</summary>
public sealed class AtsFieldMapping
{
    public Guid Id { get; set; }
    public required string AtsVendor { get; set; }
    public required string MappingName { get; set; }

    /// <summary>{ ats_field: { source, transform, options } }, see <see cref="Mapping.FieldRule"/>.</summary>
    public required string FieldMapJson { get; set; }
    public bool IsDefault { get; set; }

    /// <summary>For a generic mapping made by pointing at a site's form: the site's host, so the extension offers it there.</summary>
    public string? SiteHost { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One attempt to put a candidate into the ATS, with the result per field.</summary>
public sealed class AtsSubmission
{
    public Guid Id { get; set; }
    public Guid SequenceId { get; set; }
    public required string AtsVendor { get; set; }
    public Guid? FieldMappingId { get; set; }
    public AtsSubmissionStatus Status { get; set; }

    /// <summary>The values sent to the extension, { ats_field: value }.</summary>
    public string? SubmittedDataJson { get; set; }

    /// <summary>What the page kept of each field, as the extension read it back.</summary>
    public string? FieldResultsJson { get; set; }

    /// <summary>The ATS record's address (or id) captured after the recruiter saved.</summary>
    public string? RecordUrl { get; set; }
    public string? ErrorDetail { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum AtsSubmissionStatus
{
    /// <summary>Created; the fill request has not reached the extension yet.</summary>
    Pending,

    /// <summary>Filled (or being filled); waiting for the recruiter to save in the ATS.</summary>
    InProgress,

    /// <summary>Saved in the ATS; the record address is known.</summary>
    Completed,
    Failed,
}
