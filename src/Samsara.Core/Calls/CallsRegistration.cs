using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Samsara.Core.Calls.Engine;

namespace Samsara.Core.Calls;

public static class CallsRegistration
{
    /// <summary>Screening settings, the call engine and its loop, and the calls read model. Needs <c>AddSamsaraCore</c> and <c>AddChannels</c>.</summary>
    public static IHostApplicationBuilder AddCalls(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CallEngineOptions>()
            .BindConfiguration(CallEngineOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Lease > o.PollInterval, $"{CallEngineOptions.Section}:Lease must be longer than PollInterval.")
            .ValidateOnStart();
        builder.Services.AddHttpClient(CallSteps.RecordingClient, http => http.Timeout = TimeSpan.FromSeconds(60));
        builder.Services.AddSingleton<ScreeningSettingsService>();
        builder.Services.AddSingleton<CallService>();
        builder.Services.AddSingleton<CallSteps>();
        builder.Services.AddSingleton<CallEngine>();
        builder.Services.AddHostedService<CallEngineWorker>();
        return builder;
    }
}
