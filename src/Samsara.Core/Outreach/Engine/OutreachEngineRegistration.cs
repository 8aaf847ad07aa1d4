using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Samsara.Core.Channels.Sms;
using Samsara.Core.Email;

namespace Samsara.Core.Outreach.Engine;

public static class OutreachEngineRegistration
{
    /// <summary>
    /// The outreach engine and its background loop. Needs <c>AddSamsaraCore</c>, <c>AddChannels</c>,
    /// <c>AddTemplates</c> and (for email steps) <c>AddEmail</c>. Safe with no Twilio configured: the loop idles and sends wait in the outbox.
    /// </summary>
    public static IHostApplicationBuilder AddOutreachEngine(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OutreachEngineOptions>()
            .BindConfiguration(OutreachEngineOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Lease > o.PollInterval, $"{OutreachEngineOptions.Section}:Lease must be longer than PollInterval.")
            // A lease shorter than a request's timeout would let another node take over (and resend) a send still in flight.
            .Validate<IOptionsMonitor<TwilioOptions>>((o, twilio) => o.Lease > twilio.CurrentValue.Timeout,
                $"{OutreachEngineOptions.Section}:Lease must be longer than {TwilioOptions.Section}:Timeout.")
            .ValidateOnStart();
        builder.Services.AddSingleton<OutreachEngine>();
        // The one email entry point (SMTP or SendGrid); a host without AddEmail() makes email steps wait and say why.
        builder.Services.TryAddSingleton<IOutreachEmailSender>(sp => sp.GetService<OutboundEmailSender>() is { } sender
            ? new ProviderOutreachEmailSender(sender)
            : new NoEmailSender());
        builder.Services.AddSingleton<InboundEmailEvents>();
        builder.Services.AddSingleton<IInboundEmailHandler>(sp => sp.GetRequiredService<InboundEmailEvents>());
        // What replies leave for later (check-backs, out-of-office resumes, opt-out confirmations, inbox answers) rides on each pass.
        builder.Services.AddSingleton<Replies.ReplyFollowUpSender>();
        builder.Services.AddSingleton<IOutreachPassPart>(sp => sp.GetRequiredService<Replies.ReplyFollowUpSender>());
        builder.Services.AddSingleton<Inbox.InboxService>();
        builder.Services.AddHostedService<OutreachEngineWorker>();
        return builder;
    }
}
