namespace Samsara.Core.Outreach.Engine;

/// <summary>
/// The time zones a candidate may be in, read from the E.164 country calling code, or from the project's region
/// when the number says nothing we know. A country spanning several zones returns them all: contact is allowed only
/// when it is allowed in every one of them, so nobody is texted at night because we guessed the wrong coast.
/// </summary>
public static class CandidateTimeZones
{
    private sealed record Country(string Region, string CallingCode, string[] Zones);

    // Deliberately small: the countries agencies using Samsara recruit in. Unknown codes fall back to the project region.
    private static readonly Country[] Countries =
    [
        new("US", "1", ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"]),
        new("CA", "1", ["America/Toronto", "America/Vancouver"]),
        new("GB", "44", ["Europe/London"]),
        new("IE", "353", ["Europe/Dublin"]),
        new("FR", "33", ["Europe/Paris"]),
        new("DE", "49", ["Europe/Berlin"]),
        new("ES", "34", ["Europe/Madrid"]),
        new("NL", "31", ["Europe/Amsterdam"]),
        new("IT", "39", ["Europe/Rome"]),
        new("PL", "48", ["Europe/Warsaw"]),
        new("IN", "91", ["Asia/Kolkata"]),
        new("AE", "971", ["Asia/Dubai"]),
        new("SG", "65", ["Asia/Singapore"]),
        new("JP", "81", ["Asia/Tokyo"]),
        new("AU", "61", ["Australia/Sydney", "Australia/Perth"]),
        new("NZ", "64", ["Pacific/Auckland"]),
        new("ZA", "27", ["Africa/Johannesburg"]),
    ];

    /// <summary>Zones for <paramref name="e164"/>; the project's region if the number is unknown; UTC as a last resort.</summary>
    public static IReadOnlyList<TimeZoneInfo> For(string? e164, string? projectRegion)
    {
        var country = ByCallingCode(e164) ?? Array.Find(Countries, c => string.Equals(c.Region, projectRegion, StringComparison.OrdinalIgnoreCase));
        return country is null ? [TimeZoneInfo.Utc] : [.. country.Zones.Select(TimeZoneInfo.FindSystemTimeZoneById)];
    }

    private static Country? ByCallingCode(string? e164)
    {
        if (e164 is null || !e164.StartsWith('+'))
        {
            return null;
        }

        // Calling codes are prefix-free, so the first (and only) match is the right one; +1 is shared, US listed first.
        return Countries.FirstOrDefault(c => e164.AsSpan(1).StartsWith(c.CallingCode, StringComparison.Ordinal));
    }
}
