namespace Samsara.Core.CvIntake.Extraction;

public enum FileKind
{
    Unknown,
    Empty,
    Pdf,
    Zip,
    Rtf,
    Text,
    LegacyOffice,
    Image,
}
