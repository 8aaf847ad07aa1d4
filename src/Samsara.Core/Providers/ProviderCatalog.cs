namespace Samsara.Core.Providers;

/// <summary>One field of an account form: a setting (shown, stored as JSON) or a secret (write-only, encrypted).</summary>
public sealed record ProviderField(string Name, string Label, bool Secret, string? Help = null, bool Required = false);

/// <summary>
/// The fields each provider type needs, so forms can ask for them by name instead of raw JSON. The names are the
/// camelCase keys the clients read (see <c>StoredAccountOverlay</c>, <c>SmtpSettings</c>, <c>SendGridSettings</c>).
/// </summary>
public static class ProviderCatalog
{
    /// <summary>The voice accounts' setting for how many AI calls may be in progress at once on the account.</summary>
    public const string MaxConcurrentCalls = "maxConcurrentCalls";

    /// <summary>Calls in progress at once on a voice account that does not set <see cref="MaxConcurrentCalls"/>.</summary>
    public const int DefaultMaxConcurrentCalls = 10;

    public const int MaxConcurrentCallsCeiling = 1000;

    private static readonly ProviderField ConcurrentCalls = new(MaxConcurrentCalls, "Calls at once", false,
        $"AI calls in progress at once on this account; the next one waits (default {DefaultMaxConcurrentCalls})");

    public static IReadOnlyList<ProviderField> Fields(ProviderType type) => type switch
    {
        ProviderType.Twilio =>
        [
            new("accountSid", "Account SID", false, "Starts with AC", Required: true),
            new("fromNumber", "From number", false, "E.164, e.g. +447700900123"),
            new("messagingServiceSid", "Messaging Service SID", false, "Instead of a From number"),
            new("authToken", "Auth token", true, Required: true),
            Price("Price per SMS segment"),
        ],
        ProviderType.SendGrid =>
        [
            new("fromAddress", "From address", false, "A verified sender", Required: true),
            new("fromName", "From name", false),
            new("replyAddress", "Replies mailbox", false, "Where candidates' replies go; must accept plus-addresses", Required: true),
            new("apiKey", "API key", true, Required: true),
            Price("Price per email"),
        ],
        ProviderType.Smtp =>
        [
            new("host", "SMTP host", false, Required: true),
            new("port", "Port", false, "587 (STARTTLS) or 465 (TLS)"),
            new("security", "Security", false, "Auto, StartTls, Tls or None"),
            new("username", "Username", false),
            new("fromAddress", "From address", false, Required: true),
            new("fromName", "From name", false),
            new("replyAddress", "Replies mailbox", false, "Must accept plus-addresses", Required: true),
            new("password", "Password", true, Required: true),
            Price("Price per email"),
        ],
        ProviderType.Imap =>
        [
            new("host", "IMAP host", false, Required: true),
            new("port", "Port", false, "993 (TLS)"),
            new("security", "Security", false, "Auto, StartTls, Tls or None"),
            new("username", "Username", false, Required: true),
            new("folder", "Folder", false, "INBOX"),
            new("password", "Password", true, Required: true),
        ],
        ProviderType.Vapi =>
        [
            new("assistantId", "Assistant id", false),
            new("phoneNumberId", "Phone number id", false),
            ConcurrentCalls,
            new("apiKey", "Private API key", true, Required: true),
            Price("Price per call minute"),
        ],
        ProviderType.Bland => [new("fromNumber", "From number", false, "E.164; Bland picks one when empty"), ConcurrentCalls, new("apiKey", "API key", true, Required: true), Price("Price per call minute")],
        ProviderType.Retell =>
        [
            new("fromNumber", "From number", false, "E.164, bound to an agent"),
            new("agentId", "Agent id", false, "Overrides the number's agent"),
            ConcurrentCalls,
            new("apiKey", "API key", true, Required: true),
            Price("Price per call minute"),
        ],
        ProviderType.Deepgram => [new("model", "Model", false, "nova-3"), new("apiKey", "API key", true, Required: true), Price("Price per audio minute")],
        ProviderType.AssemblyAi => [new("apiKey", "API key", true, Required: true), Price("Price per audio minute")],
    };

    /// <summary>The settings key of the configured unit price (see <see cref="Usage.UsagePrices"/>).</summary>
    public const string UnitPriceField = "unitPrice";

    /// <summary>The settings key of the configured price's currency (ISO 4217, default USD).</summary>
    public const string CurrencyField = "priceCurrency";

    // The provider's own reported price wins; this one is the estimate used when it reports none (SMTP never does).
    private static ProviderField Price(string label) =>
        new(UnitPriceField, label, false, "e.g. 0.0079; used as an estimate when the provider reports no price (in USD unless a currency is set)");

    /// <summary>What "test" does for this type, and what it needs: "sms", "email" or "read".</summary>
    public static string TestKind(ProviderType type) => type switch
    {
        ProviderType.Twilio => "sms",
        ProviderType.SendGrid or ProviderType.Smtp => "email",
        ProviderType.Imap or ProviderType.Vapi or ProviderType.Bland or ProviderType.Retell
            or ProviderType.Deepgram or ProviderType.AssemblyAi => "read",
    };

    public static bool IsVoice(ProviderType type) => type is ProviderType.Vapi or ProviderType.Bland or ProviderType.Retell;

    /// <summary>
    /// The account's limit on calls in progress at once: its <see cref="MaxConcurrentCalls"/> setting, else
    /// <paramref name="fallback"/>. A value that is not a whole number in range (refused on save, so only a hand-edited
    /// row) also falls back.
    /// </summary>
    public static int ConcurrentCallLimit(string? settingsJson, int fallback) =>
        int.TryParse(Channels.Accounts.StoredAccountOverlay.Setting(settingsJson, MaxConcurrentCalls), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= MaxConcurrentCallsCeiling ? limit : fallback;

    /// <summary>Why the settings of a <paramref name="type"/> account cannot be saved, or null when they can.</summary>
    public static string? RefuseSettings(ProviderType type, string? settingsJson)
    {
        if (!IsVoice(type) || Channels.Accounts.StoredAccountOverlay.Setting(settingsJson, MaxConcurrentCalls) is not { } raw)
        {
            return null;
        }

        return ConcurrentCallLimit(settingsJson, 0) == 0
            ? $"Calls at once must be a whole number from 1 to {MaxConcurrentCallsCeiling} (it was \"{raw}\")."
            : null;
    }
}
