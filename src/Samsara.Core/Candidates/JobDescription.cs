namespace Samsara.Core.Candidates;

/// <summary>The job a project recruits for; one per project.</summary>
public sealed class JobDescription
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public string? Title { get; set; }
    public required string RawText { get; set; }

    /// <summary>Requirements extracted from the text (skills, seniority, location).</summary>
    public string? ParsedJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A candidate's match score against the project's job, with the explanation behind it.</summary>
public sealed class CvJdMatch
{
    public Guid Id { get; set; }
    public Guid CandidateId { get; set; }
    public Guid JobDescriptionId { get; set; }

    /// <summary>0-100.</summary>
    public int Score { get; set; }
    public string? ExplanationJson { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
}
