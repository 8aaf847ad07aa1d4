using System.Collections;

namespace Samsara.Core.Providers;

/// <summary>Decrypted secrets of one account, for the moment of use only. ToString never shows the values.</summary>
public sealed class ProviderSecrets(IReadOnlyDictionary<string, string> values) : IEnumerable<string>
{
    public string this[string field] =>
        values.TryGetValue(field, out var value)
            ? value
            : throw new KeyNotFoundException($"The provider account has no secret field '{field}'.");

    public string? GetValueOrDefault(string field) => values.GetValueOrDefault(field);

    /// <summary>Field names, not values.</summary>
    public IEnumerator<string> GetEnumerator() => values.Keys.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"ProviderSecrets [{string.Join(", ", values.Keys)}] (values redacted)";
}

/// <summary>An account ready to use: its non-secret settings and its decrypted secrets.</summary>
public sealed record ProviderAccount(Guid Id, ProviderType ProviderType, string ProviderName, string? SettingsJson, ProviderSecrets Secrets)
{
    public override string ToString() => $"ProviderAccount {{ {Id}, {ProviderType}, {ProviderName} }}";
}
