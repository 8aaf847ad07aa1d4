namespace Samsara.Sandbox.Twilio;

/// <summary>A stored message. Its status is derived from the clock, so tests move it by advancing time.</summary>
internal sealed record StoredMessage(
    string Sid,
    string AccountSid,
    string? MessagingServiceSid,
    string From,
    string To,
    string Body,
    string Direction,
    DateTimeOffset CreatedAt,
    bool WillBounce);

/// <summary>The Message resource as Twilio serializes it (snake_case, numbers as strings, RFC 2822 dates).</summary>
internal sealed record TwilioMessageResource(
    string Sid,
    string AccountSid,
    string? MessagingServiceSid,
    string From,
    string To,
    string Body,
    string NumSegments,
    string NumMedia,
    string Direction,
    string Status,
    string DateCreated,
    string DateUpdated,
    string? DateSent,
    string? Price,
    string PriceUnit,
    int? ErrorCode,
    string? ErrorMessage,
    string ApiVersion,
    string Uri,
    IReadOnlyDictionary<string, string> SubresourceUris);

internal sealed record TwilioMessagePage(
    IReadOnlyList<TwilioMessageResource> Messages,
    int Page,
    int PageSize,
    int Start,
    int End,
    string Uri,
    string FirstPageUri,
    string? NextPageUri,
    string? PreviousPageUri);
