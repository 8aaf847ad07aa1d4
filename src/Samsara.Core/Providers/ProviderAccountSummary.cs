namespace Samsara.Core.Providers;

/// <summary>
/// A provider account as APIs and pages see it. It carries the names of the secret fields that are set,
/// never their values, so nothing built from it can leak a key.
/// </summary>
public sealed record ProviderAccountSummary(
    Guid Id,
    ProviderType ProviderType,
    string ProviderName,
    string? SettingsJson,
    bool IsActive,
    bool HasSecret,
    IReadOnlyList<string> SecretFields,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? LastTestAt = null,
    bool? LastTestSucceeded = null,
    string? LastTestMessage = null);
