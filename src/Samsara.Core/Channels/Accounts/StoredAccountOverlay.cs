using System.Text.Json;
using Samsara.Core.Channels.SendGrid;
using Samsara.Core.Channels.Sms;
using Samsara.Core.Channels.Transcription;
using Samsara.Core.Channels.Voice;
using Samsara.Core.Providers;

namespace Samsara.Core.Channels.Accounts;

/// <summary>
/// How a stored account's fields map onto each client's options. Field names are camelCase; a field may sit in the
/// secrets or in the settings JSON (an AccountSid is not secret, but people paste it next to the token). A field the
/// account does not set keeps the configured value, so the base URL (sandbox or production) comes from configuration.
/// </summary>
public static class StoredAccountOverlay
{
    public static TwilioOptions Twilio(TwilioOptions c, ProviderAccount a) => new()
    {
        BaseUrl = BaseUrl(a) ?? c.BaseUrl,
        AccountSid = Field(a, "accountSid") ?? c.AccountSid,
        AuthToken = Field(a, "authToken") ?? c.AuthToken,
        FromNumber = Field(a, "fromNumber") ?? c.FromNumber,
        MessagingServiceSid = Field(a, "messagingServiceSid") ?? c.MessagingServiceSid,
        StatusCallbackUrl = c.StatusCallbackUrl,
        Timeout = c.Timeout,
        PageSize = c.PageSize,
    };

    public static SendGridOptions SendGrid(SendGridOptions c, ProviderAccount a) => new()
    {
        BaseUrl = BaseUrl(a) ?? c.BaseUrl,
        ApiKey = Field(a, "apiKey") ?? c.ApiKey,
        Timeout = c.Timeout,
    };

    public static VapiOptions Vapi(VapiOptions c, ProviderAccount a) => new()
    {
        BaseUrl = BaseUrl(a) ?? c.BaseUrl,
        ApiKey = Field(a, "apiKey") ?? c.ApiKey,
        AssistantId = Field(a, "assistantId") ?? c.AssistantId,
        PhoneNumberId = Field(a, "phoneNumberId") ?? c.PhoneNumberId,
        Timeout = c.Timeout,
    };

    public static BlandOptions Bland(BlandOptions c, ProviderAccount a) => new()
    {
        BaseUrl = BaseUrl(a) ?? c.BaseUrl,
        ApiKey = Field(a, "apiKey") ?? c.ApiKey,
        FromNumber = Field(a, "fromNumber") ?? c.FromNumber,
        MaxDurationMinutes = c.MaxDurationMinutes,
        Timeout = c.Timeout,
    };

    public static RetellOptions Retell(RetellOptions c, ProviderAccount a) => new()
    {
        BaseUrl = BaseUrl(a) ?? c.BaseUrl,
        ApiKey = Field(a, "apiKey") ?? c.ApiKey,
        FromNumber = Field(a, "fromNumber") ?? c.FromNumber,
        AgentId = Field(a, "agentId") ?? c.AgentId,
        Timeout = c.Timeout,
    };

    public static DeepgramOptions Deepgram(DeepgramOptions c, ProviderAccount a) => new()
    {
        BaseUrl = BaseUrl(a) ?? c.BaseUrl,
        ApiKey = Field(a, "apiKey") ?? c.ApiKey,
        Model = Field(a, "model") ?? c.Model,
        Timeout = c.Timeout,
    };

    public static AssemblyAiOptions AssemblyAi(AssemblyAiOptions c, ProviderAccount a) => new()
    {
        BaseUrl = BaseUrl(a) ?? c.BaseUrl,
        ApiKey = Field(a, "apiKey") ?? c.ApiKey,
        SpeechModels = c.SpeechModels,
        Timeout = c.Timeout,
    };

    /// <summary>A non-empty value from the secrets, else from the settings JSON (case-insensitive name).</summary>
    public static string? Field(ProviderAccount account, string name)
    {
        foreach (var key in account.Secrets)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase) && account.Secrets[key] is { Length: > 0 } secret)
            {
                return secret;
            }
        }

        return Setting(account.SettingsJson, name);
    }

    public static string? Setting(string? settingsJson, string name)
    {
        if (string.IsNullOrWhiteSpace(settingsJson))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(settingsJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString() is { Length: > 0 } s ? s.Trim() : null,
                        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                        _ => null,
                    };
                }
            }
        }
        catch (JsonException)
        {
            // Validated on save; a hand-edited row just contributes nothing.
        }

        return null;
    }

    // An account may point at another API root (a regional Twilio edge, a self-hosted proxy); absent, configuration decides.
    private static Uri? BaseUrl(ProviderAccount a) =>
        Setting(a.SettingsJson, "baseUrl") is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;
}
