namespace Samsara.Core.ClientPackages;

/// <summary>
/// A package built for a project's client: its PDFs live in <c>{data}/packages/{id}/</c>, <see cref="FilesJson"/> lists
/// them, and the email it went out with is kept here so it can be read and sent again.
/// </summary>
public sealed class ClientPackage
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public bool Anonymised { get; set; }

    /// <summary>The request as given (candidates, excerpts, extra terms) as JSON.</summary>
    public required string RequestJson { get; set; }

    /// <summary><see cref="PackageFile"/>s as JSON.</summary>
    public required string FilesJson { get; set; }
    public ClientPackageStatus Status { get; set; }
    public string? SentTo { get; set; }
    public string? SentCc { get; set; }
    public string? EmailSubject { get; set; }
    public string? EmailText { get; set; }
    public int SendCount { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum ClientPackageStatus
{
    Ready,
    Sent,
}

public enum PackageFileKind
{
    Comparison,
    Cv,
    ScreeningSummary,
    OriginalCv,
}

/// <summary>One file of a package; <see cref="Name"/> is also its download name (no candidate name when anonymised).</summary>
public sealed record PackageFile(string Name, PackageFileKind Kind, Guid? CandidateId, string DisplayName, long Bytes, string ContentType);
