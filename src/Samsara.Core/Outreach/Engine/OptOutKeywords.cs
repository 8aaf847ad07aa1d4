namespace Samsara.Core.Outreach.Engine;

/// <summary>The carrier-standard SMS opt-out words; a reply that is exactly one of them (any case) is an opt-out.</summary>
public static class OptOutKeywords
{
    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT",
    };

    // "Stop." and "STOP!" are still single-word opt-outs; carriers ignore trailing punctuation too.
    public static bool IsOptOut(string? body) => body is not null && Words.Contains(body.Trim().TrimEnd('.', '!'));
}
