namespace Samsara.Core.Outreach.Engine;

/// <summary>
/// The carrier-standard SMS opt-out and opt-in words; a reply that is exactly one of them (any case) counts.
/// </summary>
public static class OptOutKeywords
{
    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT",
    };

    private static readonly HashSet<string> OptInWords = new(StringComparer.OrdinalIgnoreCase) { "START", "UNSTOP", "YES" };

    // "Stop." and "STOP!" are still single-word opt-outs; carriers ignore trailing punctuation too.
    public static bool IsOptOut(string? body) => body is not null && Words.Contains(body.Trim().TrimEnd('.', '!'));

    public static bool IsOptIn(string? body) => body is not null && OptInWords.Contains(body.Trim().TrimEnd('.', '!'));
}
