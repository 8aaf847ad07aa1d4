using System.Globalization;

namespace Samsara.Core.Channels.Sms;

/// <summary>The fields of Twilio's Message resource Samsara uses (the wire names are snake_case).</summary>
public sealed record TwilioMessage(
    string Sid,
    string? From,
    string? To,
    string? Body,
    string? Direction,
    string? Status,
    string? DateCreated,
    string? DateSent,
    int? ErrorCode,
    string? ErrorMessage,
    string? NumSegments,
    string? MessagingServiceSid,
    string? Price = null,
    string? PriceUnit = null)
{
    public bool IsInbound => Direction == "inbound";

    /// <summary>What Twilio charged, as a positive amount; null until Twilio has priced the message (often minutes after delivery).</summary>
    /// <remarks>Twilio writes charges as negative decimal strings ("-0.00790").</remarks>
    public decimal? Charged =>
        decimal.TryParse(Price, NumberStyles.Number | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var price) ? Math.Abs(price) : null;

    public int? Segments => int.TryParse(NumSegments, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    public DateTimeOffset? CreatedAt => ParseRfc2822(DateCreated);
    public DateTimeOffset? SentAt => ParseRfc2822(DateSent);

    /// <summary>Twilio dates look like <c>Thu, 30 Jul 2015 20:12:31 +0000</c>.</summary>
    public static DateTimeOffset? ParseRfc2822(string? value)
    {
        // .NET has no format specifier for a colon-less offset, so the "+hhmm" is split off by hand.
        if (value is null || value.Length < 6 || value[^6] != ' ')
        {
            return null;
        }

        var offsetText = value[^5..];
        if (!DateTime.TryParseExact(value[..^6], "ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            || !int.TryParse(offsetText.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(offsetText.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || offsetText[0] is not ('+' or '-'))
        {
            return null;
        }

        var offset = new TimeSpan(hours, minutes, 0);
        return new DateTimeOffset(local, offsetText[0] == '-' ? -offset : offset);
    }
}

internal sealed record TwilioMessagePage(IReadOnlyList<TwilioMessage>? Messages, string? NextPageUri);

internal sealed record TwilioErrorBody(int? Code, string? Message, string? MoreInfo, int? Status);

/// <summary>An SMS to send. <see cref="From"/> defaults to the configured number or Messaging Service.</summary>
public sealed record SmsToSend(string To, string Body, string? From = null, Uri? StatusCallback = null);
