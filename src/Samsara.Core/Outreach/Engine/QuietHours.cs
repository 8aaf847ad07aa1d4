namespace Samsara.Core.Outreach.Engine;

/// <summary>The project's allowed contact hours (minutes after local midnight), applied in the candidate's time zones.</summary>
public sealed record QuietHours(int StartMinute, int EndMinute, IReadOnlyList<TimeZoneInfo> Zones)
{
    public bool Allows(DateTimeOffset at) => Zones.All(zone => AllowsIn(zone, at));

    /// <summary><paramref name="at"/> itself when allowed, else the first later moment allowed in every zone.</summary>
    /// <returns>Null when the zones' windows never overlap (e.g. 08:00-21:00 on both sides of the world).</returns>
    public DateTimeOffset? NextAllowed(DateTimeOffset at)
    {
        var candidate = at;
        // Each pass jumps to the next opening of one closed zone; overlapping windows settle within a few passes.
        for (var pass = 0; pass < Zones.Count * 3 + 2; pass++)
        {
            var closed = Zones.FirstOrDefault(zone => !AllowsIn(zone, candidate));
            if (closed is null)
            {
                return candidate;
            }

            candidate = NextOpening(closed, candidate);
        }

        return null;
    }

    private bool AllowsIn(TimeZoneInfo zone, DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var minute = local.Hour * 60 + local.Minute;
        // A window like 22:00-06:00 wraps past midnight.
        return StartMinute <= EndMinute
            ? minute >= StartMinute && minute < EndMinute
            : minute >= StartMinute || minute < EndMinute;
    }

    private DateTimeOffset NextOpening(TimeZoneInfo zone, DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var opening = local.Date.AddMinutes(StartMinute);
        if (opening <= local.DateTime)
        {
            opening = opening.AddDays(1);
        }

        // A DST gap can swallow the opening minute; the offset the zone has at that moment is good enough.
        var offset = zone.GetUtcOffset(opening);
        return new DateTimeOffset(opening, offset).ToUniversalTime();
    }
}
