namespace Samsara.Core.Candidates;

/// <summary>A person in a project, from an imported CV or typed in by hand (the seed's <c>cvs</c> table).</summary>
public sealed class Candidate
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public required string FullName { get; set; }
    public string? Email { get; set; }

    /// <summary>Why <see cref="Email"/> cannot be used (it bounced), or null; email steps skip to the next channel.</summary>
    public string? EmailProblem { get; set; }

    /// <summary>E.164 when it could be normalised, otherwise as written.</summary>
    public string? Phone { get; set; }

    /// <summary>Why <see cref="Phone"/> must not be used (whoever has it said it is the wrong person), or null.</summary>
    public string? PhoneProblem { get; set; }
    public string? Location { get; set; }
    public string? CurrentTitle { get; set; }
    public double? YearsExperience { get; set; }
    public string? Notes { get; set; }
    public CandidateSource Source { get; set; } = CandidateSource.Manual;

    /// <summary>The structured CV (fields with confidence) that templates and the ATS mapping read.</summary>
    public string? CvJson { get; set; }
    public string? RawText { get; set; }
    public string? OriginalFileName { get; set; }

    /// <summary>Path of the original file, relative to the data folder.</summary>
    public string? StoredFilePath { get; set; }
    public string? FileSha256 { get; set; }

    /// <summary>Set when an import matched an existing candidate by email or phone; the recruiter decides to merge.</summary>
    public Guid? DuplicateOfId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the retention job first listed this record as due for erasure (the warning); null when not due.</summary>
    public DateTimeOffset? RetentionNoticeAt { get; set; }
}

public enum CandidateSource
{
    Manual,
    Import,
}
