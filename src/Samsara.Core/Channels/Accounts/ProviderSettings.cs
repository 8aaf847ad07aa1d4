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
        var account = ProviderAccountPin.Current is { } pinned && pinned.ProviderType == type
            ? pinned
            : await stored.GetActiveForUseAsync(type, ct);
        return account is null ? configured.CurrentValue : overlay(configured.CurrentValue, account);
    }
}

/// <summary>
/// Pins an account for the current async flow, so the connection test of Settings → Providers (or a caller that chose
/// the account) uses it rather than the active one, through the same client code a real send uses.
/// </summary>
public static class ProviderAccountPin
{
    private static readonly AsyncLocal<ProviderAccount?> Pinned = new();

    internal static ProviderAccount? Current => Pinned.Value;

    /// <summary>Calls in the current async flow use <paramref name="account"/> for its provider type until disposed.</summary>
    public static IDisposable Use(ProviderAccount account)
    {
        var previous = Pinned.Value;
        Pinned.Value = account;
        return new Restore(previous);
    }

    private sealed class Restore(ProviderAccount? previous) : IDisposable
    {
        public void Dispose() => Pinned.Value = previous;
    }
}
