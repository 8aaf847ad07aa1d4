using System.Text;

namespace Samsara.Core.CvIntake.Extraction;

internal static class PlainText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>UTF-8 or UTF-16 when marked or valid, otherwise Latin-1, which never fails and keeps Western names readable.</summary>
    public static string Decode(byte[] content)
    {
        if (content.AsSpan().StartsWith(new byte[] { 0xFF, 0xFE }))
        {
            return Encoding.Unicode.GetString(content, 2, content.Length - 2);
        }

        if (content.AsSpan().StartsWith(new byte[] { 0xFE, 0xFF }))
        {
            return Encoding.BigEndianUnicode.GetString(content, 2, content.Length - 2);
        }

        var offset = content.AsSpan().StartsWith("\xEF\xBB\xBF"u8) ? 3 : 0;
        try
        {
            return StrictUtf8.GetString(content, offset, content.Length - offset);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(content);
        }
    }
}
