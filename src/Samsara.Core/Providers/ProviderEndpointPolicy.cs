using Microsoft.Extensions.Options;
using Samsara.Core.Channels.Accounts;
using Samsara.Core.Channels.SendGrid;
using Samsara.Core.Channels.Sms;
using Samsara.Core.Channels.Transcription;
using Samsara.Core.Channels.Voice;

namespace Samsara.Core.Providers;

/// <summary>Settings under <c>Samsara:Providers</c> that concern every provider account.</summary>
public sealed class ProviderEndpointOptions
{
    public const string Section = "Samsara:Providers";

    /// <summary>
    /// Lets a stored account point its <c>baseUrl</c> at a host that is not the provider's own (a proxy, a regional
    /// gateway). Off by default: a stored key must only ever travel to the provider it belongs to.
    /// </summary>
    public bool AllowCustomEndpoints { get; set; }
}

/// <summary>
/// Where a stored account may send its secrets. An HTTP provider's account talks to the provider's own hosts over
/// https, or to the base URL the configuration gives (the sandbox in demo mode), unless the admin allows custom
/// endpoints. Mail accounts talk to whatever server the recruiter names; for them (and for every type) the guard is
/// that changing the destination requires entering the secrets again (<see cref="DestinationSettings"/>).
/// </summary>
public sealed class ProviderEndpointPolicy(
    IOptionsMonitor<ProviderEndpointOptions> options,
    IOptionsMonitor<TwilioOptions> twilio,
    IOptionsMonitor<SendGridOptions> sendGrid,
    IOptionsMonitor<VapiOptions> vapi,
    IOptionsMonitor<BlandOptions> bland,
    IOptionsMonitor<RetellOptions> retell,
    IOptionsMonitor<DeepgramOptions> deepgram,
    IOptionsMonitor<AssemblyAiOptions> assemblyAi)
{
    /// <summary>Settings that decide where an account's secrets are sent; changing one needs the secrets again.</summary>
    public static readonly IReadOnlyList<string> DestinationSettings = ["baseUrl", "host", "port", "security"];

    /// <summary>The provider's own API hosts: the host itself or any subdomain (regional edges) of these.</summary>
    public static IReadOnlyList<string> KnownHosts(ProviderType type) => type switch
    {
        ProviderType.Twilio => ["twilio.com"],
        ProviderType.SendGrid => ["sendgrid.com"],
        ProviderType.Vapi => ["vapi.ai"],
        ProviderType.Bland => ["bland.ai"],
        ProviderType.Retell => ["retellai.com"],
        ProviderType.Deepgram => ["deepgram.com"],
        ProviderType.AssemblyAi => ["assemblyai.com"],
        ProviderType.Smtp or ProviderType.Imap => [],
    };

    /// <summary>Why the account's <c>baseUrl</c> setting may not be used, or null when it may (or there is none).</summary>
    public string? RefuseBaseUrl(ProviderType type, string? settingsJson)
    {
        if (StoredAccountOverlay.Setting(settingsJson, "baseUrl") is not { } text)
        {
            return null;
        }

        if (type is ProviderType.Smtp or ProviderType.Imap)
        {
            return "Mail accounts take a host and port, not a base URL.";
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return "The base URL must be an absolute http(s) address.";
        }

        if (options.CurrentValue.AllowCustomEndpoints || IsConfiguredRoot(type, url))
        {
            return null;
        }

        var known = KnownHosts(type);
        var host = url.IdnHost.TrimEnd('.');
        var ownHost = known.Any(k => host.Equals(k, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + k, StringComparison.OrdinalIgnoreCase));
        if (ownHost && url.Scheme == Uri.UriSchemeHttps && url.IsDefaultPort)
        {
            return null;
        }

        return $"{url.GetLeftPart(UriPartial.Authority)} is not a {type} address (https on {string.Join(" or ", known.Select(k => "*." + k))}). " +
            $"An administrator can allow custom endpoints with {ProviderEndpointOptions.Section}:AllowCustomEndpoints.";
    }

    private bool IsConfiguredRoot(ProviderType type, Uri url)
    {
        Uri? configured = type switch
        {
            ProviderType.Twilio => twilio.CurrentValue.BaseUrl,
            ProviderType.SendGrid => sendGrid.CurrentValue.BaseUrl,
            ProviderType.Vapi => vapi.CurrentValue.BaseUrl,
            ProviderType.Bland => bland.CurrentValue.BaseUrl,
            ProviderType.Retell => retell.CurrentValue.BaseUrl,
            ProviderType.Deepgram => deepgram.CurrentValue.BaseUrl,
            ProviderType.AssemblyAi => assemblyAi.CurrentValue.BaseUrl,
            ProviderType.Smtp or ProviderType.Imap => null,
        };
        return configured is not null && Uri.Compare(configured, url, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
    }

    /// <summary>True when <paramref name="after"/> sends the account somewhere else than <paramref name="before"/> did.</summary>
    public static bool DestinationChanged(ProviderType typeBefore, string? before, ProviderType typeAfter, string? after) =>
        typeBefore != typeAfter
        || DestinationSettings.Any(name => !string.Equals(
            StoredAccountOverlay.Setting(before, name)?.TrimEnd('/'), StoredAccountOverlay.Setting(after, name)?.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
}
