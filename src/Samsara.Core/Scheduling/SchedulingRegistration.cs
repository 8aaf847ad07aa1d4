using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Samsara.Core.Scheduling;

public static class SchedulingRegistration
{
    /// <summary>The recruiter's calendar and recruiter-call booking. Needs <c>AddSamsaraCore</c>.</summary>
    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CalendarService>();
        builder.Services.AddSingleton<RecruiterCallService>();
        return builder;
    }
}
