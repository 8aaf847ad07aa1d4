using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using Samsara.Core.Providers;

namespace Samsara.Core.Email;

/// <summary>How the connection to a mail server is secured.</summary>
public enum MailSecurity
{
    /// <summary>STARTTLS when the server offers it, plain otherwise.</summary>
    Auto,
    StartTls,

    /// <summary>TLS from the first byte (SMTPS 465, IMAPS 993).</summary>
    Tls,
    None,
}

/// <summary>
/// Non-secret SMTP settings, stored as the account's SettingsJson. The password is the account's secret
/// <c>password</c>; without a <see cref="Username"/> no login is attempted.
/// </summary>
public sealed record SmtpSettings
{
    public required string Host { get; init; }
    public int Port { get; init; } = 587;
    public MailSecurity Security { get; init; } = MailSecurity.Auto;
    public string? Username { get; init; }

    /// <summary>The recruiter's sending address.</summary>
    public required string FromAddress { get; init; }
    public string? FromName { get; init; }

    /// <summary>
    /// The mailbox replies come back to, e.g. <c>replies@agency.example</c>. Each send uses
    /// <c>replies+TOKEN@agency.example</c>, so the server must deliver plus-addresses to that mailbox.
    /// Its domain is also the right-hand side of our Message-IDs.
    /// </summary>
    public required string ReplyAddress { get; init; }

    public static SmtpSettings From(ProviderAccount account) => Parse<SmtpSettings>(account.SettingsJson, "SMTP");

    internal static T Parse<T>(string? json, string what)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new InvalidOperationException($"The {what} account has no settings (host, port, addresses).");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidOperationException($"The {what} account settings are empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"The {what} account settings are invalid: {e.Message}", e);
        }
    }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}

/// <summary>Non-secret IMAP settings of the replies mailbox; the password is the account's secret <c>password</c>.</summary>
public sealed record ImapSettings
{
    public required string Host { get; init; }
    public int Port { get; init; } = 993;
    public MailSecurity Security { get; init; } = MailSecurity.Tls;
    public required string Username { get; init; }
    public string Folder { get; init; } = "INBOX";

    public static ImapSettings From(ProviderAccount account) => SmtpSettings.Parse<ImapSettings>(account.SettingsJson, "IMAP");
}

/// <summary>Settings under <c>Samsara:Email</c>.</summary>
public sealed class EmailOptions
{
    public const string Section = "Samsara:Email";

    /// <summary>
    /// Optional one-click unsubscribe URL (RFC 8058), with <c>{token}</c> where the reply token goes; must be HTTPS.
    /// Only useful when the app is reachable from the internet (team mode).
    /// </summary>
    [RegularExpression(@"^https://\S+\{token\}\S*$", ErrorMessage = "OneClickUnsubscribeUrl must be an https URL containing {{token}}.")]
    public string? OneClickUnsubscribeUrl { get; set; }

    /// <summary>How often to look for new mail when the server cannot IDLE, or after an error.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Use IMAP IDLE when the server offers it; false forces polling (some servers' IDLE is unreliable).</summary>
    public bool UseIdle { get; set; } = true;

    /// <summary>IDLE is restarted this often; RFC 2177 asks clients to re-issue it within 29 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:29:00")]
    public TimeSpan IdleRefresh { get; set; } = TimeSpan.FromMinutes(9);

    [Range(1, 3600)]
    public int ConnectTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Sender for a SendGrid account configured under <c>Samsara:Providers:SendGrid</c> (stored accounts carry their
    /// own). Without both addresses, configuration alone sends no email.
    /// </summary>
    [EmailAddress]
    public string? FromAddress { get; set; }
    public string? FromName { get; set; }

    /// <summary>The replies mailbox for the configured sender (see <see cref="SmtpSettings.ReplyAddress"/>).</summary>
    [EmailAddress]
    public string? ReplyAddress { get; set; }
}

/// <summary>Non-secret settings of a SendGrid account (the secret is <c>apiKey</c>).</summary>
public sealed record SendGridSettings
{
    public required string FromAddress { get; init; }
    public string? FromName { get; init; }
    public required string ReplyAddress { get; init; }

    public static SendGridSettings From(ProviderAccount account) => SmtpSettings.Parse<SendGridSettings>(account.SettingsJson, "SendGrid");
}
