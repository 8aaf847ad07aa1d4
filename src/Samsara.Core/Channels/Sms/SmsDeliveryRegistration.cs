using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Samsara.Core.Channels.Sms;

public static class SmsDeliveryRegistration
{
    /// <summary>Delivery status polling of sent SMS (needs <c>AddSamsaraCore</c> and <c>AddChannels</c>).</summary>
    public static IHostApplicationBuilder AddSmsDeliveryTracking(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmsDeliveryOptions>().BindConfiguration(SmsDeliveryOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.PublicBaseUrl is null || (o.PublicBaseUrl.IsAbsoluteUri && o.PublicBaseUrl.Scheme == Uri.UriSchemeHttps),
                $"{SmsDeliveryOptions.Section}:PublicBaseUrl must be an absolute https URL (Twilio calls it from the internet).")
            .ValidateOnStart();
        builder.Services.AddOptions<TwilioOptions>().PostConfigure<IOptions<SmsDeliveryOptions>>((twilio, delivery) =>
            twilio.StatusCallbackUrl ??= delivery.Value.StatusCallbackUrl);
        builder.Services.AddSingleton<SmsDeliveryTracker>();
        builder.Services.AddHostedService<SmsDeliveryPoller>();
        return builder;
    }
}
