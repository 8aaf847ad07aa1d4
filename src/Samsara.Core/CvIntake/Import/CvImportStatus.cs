namespace Samsara.Core.CvIntake.Import;

public sealed record CvImportFileStatusView(Guid FileId, string FileName, CvImportFileStatus Status, string? Error, Guid? CandidateId, Guid? DuplicateOfId);

/// <summary>Progress of an import as the UI bar and the API show it.</summary>
public sealed record CvImportStatus(Guid ImportId, Guid ProjectId, int Total, int Done, int Imported, int Failed, int Pending, DateTimeOffset CreatedAt, IReadOnlyList<CvImportFileStatusView> Files)
{
    public bool Finished => Pending == 0;
}

/// <summary>A file as it arrives from an upload; the stream is read once.</summary>
/// <param name="DeclaredSize">The size the client announced, if any: a file known to be too large is refused without reading it.</param>
public sealed record UploadedCv(string FileName, Stream Content, long? DeclaredSize = null);
