namespace Samsara.Core.Outreach.Engine.Pacing;

public enum SenderKind
{
    LongCode,
    TollFree,
    ShortCode,
    Email,
}

public static class SenderKinds
{
    // North American toll-free area codes (NANP); everything else with a + is a long code.
    private static readonly string[] TollFreePrefixes = ["+1800", "+1833", "+1844", "+1855", "+1866", "+1877", "+1888"];

    public static SenderKind Of(string sender)
    {
        if (sender.Contains('@', StringComparison.Ordinal))
        {
            return SenderKind.Email;
        }

        if (!sender.StartsWith('+') && sender.Length is >= 5 and <= 6 && sender.All(char.IsAsciiDigit))
        {
            return SenderKind.ShortCode;
        }

        return TollFreePrefixes.Any(p => sender.StartsWith(p, StringComparison.Ordinal)) ? SenderKind.TollFree : SenderKind.LongCode;
    }
}
