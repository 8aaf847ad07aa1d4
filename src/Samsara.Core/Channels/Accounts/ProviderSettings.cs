using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Samsara.Core.Providers;

namespace Samsara.Core.Channels.Accounts;

/// <summary>
/// The options a provider client uses for one request: <c>Samsara:Providers:*</c> configuration, overlaid with the
/// active stored account of that provider when there is one. Read per request, so a rotated key applies at once and
/// secrets are decrypted only when a request is about to use them.
/// </summary>
public sealed class ProviderSettings<TOptions>(
    IOptionsMonitor<TOptions> configured,
    IStoredProviderAccounts stored,
    ProviderType type,
    Func<TOptions, ProviderAccount, TOptions> overlay)
    where TOptions : class
{
    public ProviderType ProviderType => type;

    /// <summary>The configured options alone (base URL and timeouts for the HttpClient).</summary>
    public TOptions Configured => configured.CurrentValue;

    public async ValueTask<TOptions> CurrentAsync(CancellationToken ct)
    {
        var account = ProviderAccountPin.TryCurrent(type, out var pinned)
            ? pinned
            : await stored.GetActiveForUseAsync(type, ct);
        return account is null ? configured.CurrentValue : overlay(configured.CurrentValue, account);
    }

    /// <summary>
    /// The active stored account (null: the configured settings). A caller that makes many calls pins it for its flow
    /// with <see cref="ProviderAccountPin"/>, so one lookup and decryption serves them all.
    /// </summary>
    public Task<ProviderAccount?> ActiveAccountAsync(CancellationToken ct) => stored.GetActiveForUseAsync(type, ct);
}

/// <summary>
/// Pins an account for the current async flow, so the connection test of Settings → Providers (or a caller that chose
/// the account) uses it rather than the active one, through the same client code a real send uses.
/// </summary>
public static class ProviderAccountPin
{
    private static readonly AsyncLocal<ImmutableDictionary<ProviderType, ProviderAccount?>?> Pinned = new();

    /// <summary>True when the flow pinned an account of <paramref name="type"/>, or pinned that it has none (null).</summary>
    internal static bool TryCurrent(ProviderType type, out ProviderAccount? account)
    {
        account = null;
        return Pinned.Value is { } pins && pins.TryGetValue(type, out account);
    }

    /// <summary>Calls in the current async flow use <paramref name="account"/> for its provider type until disposed.</summary>
    public static IDisposable Use(ProviderAccount account) => Use(account.ProviderType, account);

    /// <summary>Calls in the current async flow use <paramref name="account"/> (null: the configured settings) for <paramref name="type"/>.</summary>
    internal static IDisposable Use(ProviderType type, ProviderAccount? account)
    {
        var previous = Pinned.Value;
        Pinned.Value = (previous ?? ImmutableDictionary<ProviderType, ProviderAccount?>.Empty).SetItem(type, account);
        return new Restore(previous);
    }

    private sealed class Restore(ImmutableDictionary<ProviderType, ProviderAccount?>? previous) : IDisposable
    {
        public void Dispose() => Pinned.Value = previous;
    }
}
