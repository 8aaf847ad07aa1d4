using System.Globalization;

namespace Samsara.Web.Components.Shared;

/// <summary>Relative times and durations in words ("in 14 days", "3 minutes ago"), and times in the recruiter's zone.</summary>
public static class HumanTime
{
    public static string Relative(DateTimeOffset at, DateTimeOffset now, TimeZoneInfo zone)
    {
        var span = at - now;
        if (span > TimeSpan.Zero)
        {
            return span.TotalSeconds < 60 ? "in under a minute" : span.TotalDays >= 60 ? "on " + Local(at, zone, "d MMM yyyy") : "in " + Duration(span);
        }

        var ago = -span;
        return ago.TotalSeconds < 60 ? "just now" : ago.TotalDays >= 60 ? Local(at, zone, "d MMM yyyy") : Duration(ago) + " ago";
    }

    /// <summary>A span in words, rounded to what a person says: a delay of 14 days a second later still reads "14 days".</summary>
    public static string Duration(TimeSpan span)
    {
        var minutes = (int)Math.Round(span.TotalMinutes, MidpointRounding.AwayFromZero);
        if (minutes < 60)
        {
            return Unit(Math.Max(1, minutes), "minute");
        }

        if (minutes < 24 * 60)
        {
            var (h, m) = (minutes / 60, minutes % 60);
            return m == 0 || h >= 6 ? Unit((int)Math.Round(minutes / 60.0, MidpointRounding.AwayFromZero), "hour") : $"{Unit(h, "hour")} {Unit(m, "minute")}";
        }

        var days = (int)Math.Round(span.TotalDays, MidpointRounding.AwayFromZero);
        return Unit(days, "day");
    }

    public static string Local(DateTimeOffset at, TimeZoneInfo zone, string format = "d MMM HH:mm") =>
        TimeZoneInfo.ConvertTime(at, zone).ToString(format, CultureInfo.InvariantCulture);

    private static string Unit(int n, string unit) => $"{n} {unit}{(n == 1 ? "" : "s")}";
}
