using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Scheduling.Notices;
using Samsara.Core.Scheduling.Offers;

namespace Samsara.Core.Scheduling;

public static class SchedulingRegistration
{
    /// <summary>
    /// The recruiter's calendar, recruiter-call booking, offered times and scheduling messages. Needs
    /// <c>AddSamsaraCore</c>, <c>AddTemplates</c> and, to send, <c>AddChannels</c> and <c>AddOutreachEngine</c> (its passes
    /// read the answers and send the messages).
    /// </summary>
    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SchedulingOptions>()
            .BindConfiguration(SchedulingOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.ReminderBefore > TimeSpan.Zero && o.Lease > TimeSpan.Zero && o.OfferNotice >= TimeSpan.Zero,
                $"{SchedulingOptions.Section}: ReminderBefore and Lease must be positive, OfferNotice not negative.")
            .ValidateOnStart();
        builder.Services.AddOptions<Recordings.RecordingOptions>()
            .BindConfiguration(Recordings.RecordingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<Recordings.RecordingUploadService>();
        builder.Services.AddSingleton<CalendarService>();
        builder.Services.AddSingleton<RecruiterCallService>();
        builder.Services.AddSingleton<OfferService>();
        builder.Services.AddSingleton<AfterCall.AfterCallService>();
        builder.Services.AddSingleton<OfferReplies>();
        builder.Services.AddSingleton<CallNoticeSender>();
        builder.Services.AddSingleton<IOutreachPassPart, SchedulingPass>();
        return builder;
    }
}
