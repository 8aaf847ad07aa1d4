using System.Text.Unicode;

namespace Samsara.Core.CvIntake.Extraction;

/// <summary>Decides what a file is from its first bytes, because names and extensions lie.</summary>
public static class FileSniffer
{
    public const int HeadLength = 4096;

    public static FileKind Sniff(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
        {
            return FileKind.Empty;
        }

        // The PDF spec allows junk before the header; readers accept it within the first 1 KB.
        if (head[..Math.Min(head.Length, 1024)].IndexOf("%PDF-"u8) >= 0)
        {
            return FileKind.Pdf;
        }

        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8))
        {
            return FileKind.Zip;
        }

        if (head.StartsWith("{\\rtf"u8))
        {
            return FileKind.Rtf;
        }

        if (head.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0 }))
        {
            return FileKind.LegacyOffice;
        }

        if (head.StartsWith(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }) || head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF })
            || head.StartsWith("GIF8"u8) || head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return FileKind.Image;
        }

        return LooksLikeText(head) ? FileKind.Text : FileKind.Unknown;
    }

    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Unknown => "binary data of an unknown type",
        FileKind.Empty => "an empty file",
        FileKind.Pdf => "a PDF",
        FileKind.Zip => "a ZIP archive or Office document",
        FileKind.Rtf => "an RTF document",
        FileKind.Text => "plain text",
        FileKind.LegacyOffice => "a legacy Office (.doc) or password-protected Office file",
        FileKind.Image => "an image",
    };

    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("\xEF\xBB\xBF"u8) || head.StartsWith(new byte[] { 0xFF, 0xFE }) || head.StartsWith(new byte[] { 0xFE, 0xFF }))
        {
            return true;
        }

        var control = 0;
        foreach (var b in head)
        {
            if (b == 0)
            {
                return false;
            }

            if (b < 0x09 || (b > 0x0D && b < 0x20))
            {
                control++;
            }
        }

        // A truncated multi-byte sequence at the cut is fine; garbage throughout is not.
        var utf8 = Utf8.IsValid(head) || Utf8.IsValid(head[..Math.Max(0, head.Length - 4)]);
        return control * 50 < head.Length && (utf8 || control == 0);
    }
}
