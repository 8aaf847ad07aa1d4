namespace Samsara.Core.Channels;

public enum SmsEncoding
{
    Gsm7,
    Ucs2,
}

/// <summary>Characters, encoding and segment count of an SMS body, for previews and cost estimates.</summary>
public sealed record SmsSegmentInfo(SmsEncoding Encoding, int Characters, int CodeUnits, int Segments, int PerSegment)
{
    /// <summary>Units (septets or UTF-16 code units) still free in the last segment.</summary>
    public int RemainingInSegment => Segments * PerSegment - CodeUnits;
}

/// <summary>
/// GSM 03.38 segment rules: GSM-7 bodies fit 160 septets in one segment or 153 per segment when
/// concatenated (extension characters such as € take two septets); anything outside GSM-7 switches
/// the whole message to UCS-2 at 70, or 67 per concatenated segment (emoji take two units).
/// </summary>
public static class SmsSegments
{
    private const string Gsm7Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Gsm7Extension = "\f^{}\\[~]|€";

    public static SmsSegmentInfo Count(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var characters = CountCharacters(body);
        var septets = Gsm7Septets(body);
        return septets is { } units
            ? Build(SmsEncoding.Gsm7, characters, units, single: 160, multi: 153)
            : Build(SmsEncoding.Ucs2, characters, body.Length, single: 70, multi: 67);
    }

    private static SmsSegmentInfo Build(SmsEncoding encoding, int characters, int units, int single, int multi)
    {
        var segments = units <= single ? 1 : (units + multi - 1) / multi;
        return new SmsSegmentInfo(encoding, characters, units, segments, segments == 1 ? single : multi);
    }

    /// <summary>Septets needed in GSM-7, or null when a character has no GSM-7 form.</summary>
    private static int? Gsm7Septets(string body)
    {
        var septets = 0;
        foreach (var c in body)
        {
            if (Gsm7Basic.Contains(c, StringComparison.Ordinal))
            {
                septets++;
            }
            else if (Gsm7Extension.Contains(c, StringComparison.Ordinal))
            {
                septets += 2;
            }
            else
            {
                return null;
            }
        }

        return septets;
    }

    /// <summary>What a person counts as characters: an emoji is one, even though it is two UTF-16 units.</summary>
    private static int CountCharacters(string body)
    {
        var count = 0;
        var runes = body.EnumerateRunes();
        while (runes.MoveNext())
        {
            count++;
        }

        return count;
    }
}
