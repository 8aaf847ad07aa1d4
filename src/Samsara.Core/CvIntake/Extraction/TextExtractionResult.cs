namespace Samsara.Core.CvIntake.Extraction;

/// <summary>The text of one file, or the reason a recruiter can read for why there is none.</summary>
public sealed record TextExtractionResult(string? Text, string? Error, FileKind Kind)
{
    public bool Succeeded => Error is null;

    public static TextExtractionResult Ok(string text, FileKind kind) => new(text, null, kind);

    public static TextExtractionResult Fail(string error, FileKind kind) => new(null, error, kind);
}
