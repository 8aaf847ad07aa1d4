using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Samsara.Core.Channels;

/// <summary>E.164 checks done before any provider is called, so a bad number never costs a request.</summary>
public static partial class E164
{
    public static bool IsE164([NotNullWhen(true)] string? number) => number is not null && Pattern().IsMatch(number);

    /// <summary>A failure explaining why <paramref name="number"/> is not usable, or null when it is E.164.</summary>
    public static ProviderFailure? Check(string? number, string role) =>
        IsE164(number)
            ? null
            : new ProviderFailure(ProviderOutcome.Permanent,
                $"{role} number '{number}' is not in E.164 format: a '+', the country code and up to 15 digits in all, no spaces (e.g. +447700900123).",
                ProviderCode: "invalid-e164");

    [GeneratedRegex(@"^\+[1-9]\d{1,14}$")]
    private static partial Regex Pattern();
}
