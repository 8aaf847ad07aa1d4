using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Samsara.Core.Channels.Accounts;
using Samsara.Core.Channels.SendGrid;
using Samsara.Core.Channels.Sms;
using Samsara.Core.Channels.Transcription;
using Samsara.Core.Channels.Voice;
using Samsara.Core.Providers;

namespace Samsara.Core.Channels;

public static class ChannelsRegistration
{
    /// <summary>
    /// One typed HttpClient per provider, options under <c>Samsara:Providers:*</c> validated at start.
    /// No resilience handler on purpose: it would retry POSTs that send SMS or place calls.
    /// </summary>
    public static IHostApplicationBuilder AddChannels(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IStoredProviderAccounts, NoStoredAccounts>();

        AddProvider<TwilioOptions, TwilioSmsClient>(services, TwilioOptions.Section, ProviderType.Twilio, StoredAccountOverlay.Twilio, o => o.BaseUrl, o => o.Timeout)
            .Validate(o => o.FromNumber is null || E164.IsE164(o.FromNumber), "Samsara:Providers:Twilio:FromNumber must be E.164 (e.g. +447700900123).")
            .Validate(o => o.PageSize is >= 1 and <= 1000, "Samsara:Providers:Twilio:PageSize must be 1-1000.");
        AddProvider<SendGridOptions, SendGridClient>(services, SendGridOptions.Section, ProviderType.SendGrid, StoredAccountOverlay.SendGrid, o => o.BaseUrl, o => o.Timeout);
        AddProvider<VapiOptions, VapiClient>(services, VapiOptions.Section, ProviderType.Vapi, StoredAccountOverlay.Vapi, o => o.BaseUrl, o => o.Timeout);
        AddProvider<BlandOptions, BlandClient>(services, BlandOptions.Section, ProviderType.Bland, StoredAccountOverlay.Bland, o => o.BaseUrl, o => o.Timeout)
            .Validate(o => string.IsNullOrEmpty(o.FromNumber) || E164.IsE164(o.FromNumber), "Samsara:Providers:Bland:FromNumber must be E.164.");
        AddProvider<RetellOptions, RetellClient>(services, RetellOptions.Section, ProviderType.Retell, StoredAccountOverlay.Retell, o => o.BaseUrl, o => o.Timeout)
            .Validate(o => string.IsNullOrEmpty(o.FromNumber) || E164.IsE164(o.FromNumber), "Samsara:Providers:Retell:FromNumber must be E.164.");
        AddProvider<DeepgramOptions, DeepgramClient>(services, DeepgramOptions.Section, ProviderType.Deepgram, StoredAccountOverlay.Deepgram, o => o.BaseUrl, o => o.Timeout);
        AddProvider<AssemblyAiOptions, AssemblyAiClient>(services, AssemblyAiOptions.Section, ProviderType.AssemblyAi, StoredAccountOverlay.AssemblyAi, o => o.BaseUrl, o => o.Timeout);

        services.AddTransient<IScreeningCallClient>(sp => sp.GetRequiredService<VapiClient>());
        services.AddTransient<IScreeningCallClient>(sp => sp.GetRequiredService<BlandClient>());
        services.AddTransient<IScreeningCallClient>(sp => sp.GetRequiredService<RetellClient>());
        return builder;
    }

    private static OptionsBuilder<TOptions> AddProvider<TOptions, TClient>(
        IServiceCollection services, string section, ProviderType type, Func<TOptions, ProviderAccount, TOptions> overlay,
        Func<TOptions, Uri> baseUrl, Func<TOptions, TimeSpan> timeout)
        where TOptions : class
        where TClient : class
    {
        services.AddSingleton(sp => new ProviderSettings<TOptions>(
            sp.GetRequiredService<IOptionsMonitor<TOptions>>(), sp.GetRequiredService<IStoredProviderAccounts>(), type, overlay));
        services.AddHttpClient<TClient>((sp, http) =>
        {
            // Requests carry absolute URLs built from the current options, so only the timeout is set here.
            http.Timeout = timeout(sp.GetRequiredService<IOptionsMonitor<TOptions>>().CurrentValue);
        });
        return services.AddOptions<TOptions>()
            .BindConfiguration(section)
            .Validate(o => baseUrl(o) is { IsAbsoluteUri: true } url && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp),
                $"{section}:BaseUrl must be an absolute http(s) URL.")
            .Validate(o => timeout(o) > TimeSpan.Zero, $"{section}:Timeout must be positive.")
            .ValidateOnStart();
    }
}
