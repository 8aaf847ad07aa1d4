namespace Samsara.Sandbox.Twilio;

/// <summary>
/// Twilio's segment count for num_segments. Kept separate from Samsara's own counter on purpose:
/// the simulator is the provider, and agreeing with it is something Samsara's tests check.
/// </summary>
internal static class GsmSegments
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Extension = "\f^{}\\[~]|€";

    public static int Count(string body)
    {
        var septets = 0;
        foreach (var c in body)
        {
            if (Basic.Contains(c, StringComparison.Ordinal))
            {
                septets++;
            }
            else if (Extension.Contains(c, StringComparison.Ordinal))
            {
                septets += 2;
            }
            else
            {
                return Segments(body.Length, 70, 67);
            }
        }

        return Segments(septets, 160, 153);
    }

    private static int Segments(int units, int single, int multi) =>
        units <= single ? 1 : (units + multi - 1) / multi;
}
