namespace Samsara.Core.Providers;

/// <summary>A provider account. The secret part is encrypted with Data Protection and never leaves the server.</summary>
public sealed class ProviderCredential
{
    public Guid Id { get; set; }
    public ProviderType ProviderType { get; set; }
    public required string ProviderName { get; set; }

    /// <summary>Data Protection payload of the secret JSON (tokens, passwords).</summary>
    public required byte[] CredentialsEncrypted { get; set; }

    /// <summary>Non-secret settings shown in the UI (from number, host, port, sender address).</summary>
    public string? SettingsJson { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the last "send a test message" ran, whether it worked and what the provider said (never a secret).</summary>
    public DateTimeOffset? LastTestAt { get; set; }
    public bool? LastTestSucceeded { get; set; }
    public string? LastTestMessage { get; set; }
}

public enum ProviderType
{
    Twilio,
    SendGrid,
    Smtp,
    Imap,
    Vapi,
    Bland,
    Retell,
    Deepgram,
    AssemblyAi,
}
