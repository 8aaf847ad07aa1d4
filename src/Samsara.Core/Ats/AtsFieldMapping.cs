namespace Samsara.Core.Ats;

/// <summary>How Samsara's candidate fields fill a given ATS's candidate form.</summary>
public sealed class AtsFieldMapping
{
    public Guid Id { get; set; }
    public required string AtsVendor { get; set; }
    public required string MappingName { get; set; }

    /// <summary>{ ats_field: { source: cv json path, transform } }.</summary>
    public required string FieldMapJson { get; set; }
    public bool IsDefault { get; set; }
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
    public string? SubmittedDataJson { get; set; }
    public string? ErrorDetail { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum AtsSubmissionStatus
{
    Pending,
    InProgress,
    Completed,
    Failed,
}
