namespace Samsara.Core.CvIntake.Import;

/// <summary>One upload of CV files into a project; its files are processed in the background.</summary>
public sealed class CvImport
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public int FileCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A file of an import, and the durable queue entry for it: a worker claims it with a lease, and the candidate
/// it becomes has the file's id, so a file can never produce two candidates.
/// </summary>
public sealed class CvImportFile
{
    public Guid Id { get; set; }
    public Guid ImportId { get; set; }
    public Guid ProjectId { get; set; }
    public required string FileName { get; set; }

    /// <summary>Order within the upload, so the status list reads in the order the recruiter dropped the files.</summary>
    public int Position { get; set; }

    /// <summary>Relative to the data folder; null when the file was refused before it was stored.</summary>
    public string? StoredPath { get; set; }
    public long SizeBytes { get; set; }
    public string? Sha256 { get; set; }
    public CvImportFileStatus Status { get; set; }
    public string? Error { get; set; }
    /// <summary>The candidate this file became (the same id as the file); not a foreign key, see the configuration.</summary>
    public Guid? CandidateId { get; set; }
    public int Attempts { get; set; }

    /// <summary>Identifies the claim of the worker that is processing the file; its result only counts while this matches.</summary>
    public Guid? ClaimToken { get; set; }

    /// <summary>The node (<see cref="CvIntakeOptions.NodeId"/>) holding the claim, so it can release its own claims when it restarts.</summary>
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

public enum CvImportFileStatus
{
    Queued,
    Processing,
    Imported,
    Failed,
}
