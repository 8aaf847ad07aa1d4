using System.ComponentModel.DataAnnotations;

namespace Samsara.Core.Channels.Sms;

/// <summary>Delivery status tracking of sent SMS, under <c>Samsara:Sms</c>.</summary>
public sealed class SmsDeliveryOptions
{
    public const string Section = "Samsara:Sms";

    /// <summary>Runs the polling loop; tests turn it off and call <see cref="SmsDeliveryTracker.PollOnceAsync"/>.</summary>
    public bool PollInBackground { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A message still not final after this long is no longer polled (Twilio keeps no message in flight for days).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan TrackFor { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// How long a final message whose price Twilio has not reported yet is still fetched for it (Twilio prices most
    /// messages within minutes of delivery; until then the usage row keeps the configured estimate).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "3.00:00:00")]
    public TimeSpan PriceWaitFor { get; set; } = TimeSpan.FromHours(1);

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// The app's address as Twilio can reach it (team installs only), e.g. <c>https://samsara.agency.example</c>. When set,
    /// sends ask Twilio for status callbacks at <c>{PublicBaseUrl}/api/v1/webhooks/twilio/status</c> and that endpoint is
    /// mapped; polling goes on regardless, so a lost callback costs nothing.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    public const string StatusCallbackPath = "/api/v1/webhooks/twilio/status";

    public Uri? StatusCallbackUrl => PublicBaseUrl is null ? null : new Uri(PublicBaseUrl.ToString().TrimEnd('/') + StatusCallbackPath);
}
