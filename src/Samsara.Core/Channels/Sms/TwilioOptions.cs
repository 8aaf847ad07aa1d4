namespace Samsara.Core.Channels.Sms;

/// <summary>Twilio account settings, bound to <c>Samsara:Providers:Twilio</c>.</summary>
public sealed class TwilioOptions
{
    public const string Section = "Samsara:Providers:Twilio";

    /// <summary>Twilio's API root, or the sandbox's <c>…/twilio</c> mount.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.twilio.com");
    public string AccountSid { get; set; } = "";
    public string AuthToken { get; set; } = "";

    /// <summary>Our sending number (E.164). Either this or <see cref="MessagingServiceSid"/>.</summary>
    public string? FromNumber { get; set; }
    public string? MessagingServiceSid { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Where Twilio posts status callbacks for our sends; null (the default) means status is only polled.</summary>
    public Uri? StatusCallbackUrl { get; set; }

    /// <summary>Page size for listing messages (Twilio allows up to 1,000).</summary>
    public int PageSize { get; set; } = 200;
}
