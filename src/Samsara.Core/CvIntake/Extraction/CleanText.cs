using System.Text;

namespace Samsara.Core.CvIntake.Extraction;

/// <summary>
/// Removes what a document may carry but a database column must not: PostgreSQL refuses NUL in text and unpaired
/// surrogates cannot be encoded, and other control characters only hide text from search and duplicate checks.
/// Tabs and line breaks stay.
/// </summary>
public static class CleanText
{
    public static string Of(string text)
    {
        var firstBad = FirstDropped(text);
        if (firstBad < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, firstBad);
        for (var i = firstBad; i < text.Length; i++)
        {
            if (!Dropped(text, i))
            {
                sb.Append(text[i]);
            }
        }

        return sb.ToString();
    }

    private static int FirstDropped(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (Dropped(text, i))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Dropped(string text, int i)
    {
        var c = text[i];
        if (c is '\t' or '\n' or '\r')
        {
            return false;
        }

        if (char.IsControl(c))
        {
            return true;
        }

        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        }

        return char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1]));
    }
}
