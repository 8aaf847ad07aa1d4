namespace Samsara.Core.Templates;

public enum SmsEncoding
{
    Gsm7,
    Ucs2,
}

/// <summary>
/// How an SMS body will travel: GSM-7 when every character is in the GSM 03.38 alphabet (extension characters
/// such as € cost two septets), UCS-2 otherwise. One segment holds 160 septets or 70 UTF-16 units; a concatenated
/// message loses room to its header, leaving 153 or 67 per segment, and never splits an escape or a surrogate pair.
/// </summary>
public sealed record SmsPreview(SmsEncoding Encoding, int Characters, int Units, int Segments, IReadOnlyList<char> NonGsmCharacters)
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extension = "\f^{}\\[~]|€";

    private static readonly HashSet<char> BasicSet = [.. Basic];
    private static readonly HashSet<char> ExtensionSet = [.. Extension];

    public static SmsPreview For(string text)
    {
        var nonGsm = text.Where(c => !BasicSet.Contains(c) && !ExtensionSet.Contains(c)).Distinct().ToList();
        var characters = text.EnumerateRunes().Count();
        return nonGsm.Count == 0 ? Gsm(text, characters) : Ucs2(text, characters, nonGsm);
    }

    private static SmsPreview Gsm(string text, int characters)
    {
        var septets = text.Sum(c => ExtensionSet.Contains(c) ? 2 : 1);
        if (septets <= 160)
        {
            return new SmsPreview(SmsEncoding.Gsm7, characters, septets, septets == 0 ? 0 : 1, []);
        }

        var segments = 1;
        var used = 0;
        foreach (var c in text)
        {
            var cost = ExtensionSet.Contains(c) ? 2 : 1;
            if (used + cost > 153)
            {
                segments++;
                used = 0;
            }

            used += cost;
        }

        return new SmsPreview(SmsEncoding.Gsm7, characters, septets, segments, []);
    }

    private static SmsPreview Ucs2(string text, int characters, IReadOnlyList<char> nonGsm)
    {
        if (text.Length <= 70)
        {
            return new SmsPreview(SmsEncoding.Ucs2, characters, text.Length, 1, nonGsm);
        }

        var segments = 1;
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var cost = rune.Utf16SequenceLength;
            if (used + cost > 67)
            {
                segments++;
                used = 0;
            }

            used += cost;
        }

        return new SmsPreview(SmsEncoding.Ucs2, characters, text.Length, segments, nonGsm);
    }
}
