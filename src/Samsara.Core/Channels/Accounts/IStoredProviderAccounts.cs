using Samsara.Core.Providers;

namespace Samsara.Core.Channels.Accounts;

/// <summary>
/// Where the provider clients find the recruiter's stored account at send time. The credential store implements it;
/// hosts without one (the sandbox harness, benchmarks) use <see cref="NoStoredAccounts"/> and configuration alone.
/// </summary>
public interface IStoredProviderAccounts
{
    /// <summary>The active account of a type with its secrets decrypted for this one use, or null.</summary>
    Task<ProviderAccount?> GetActiveForUseAsync(ProviderType type, CancellationToken ct = default);

    /// <summary>One account by id (active or not) with its secrets decrypted for this one use, or null when it is gone.</summary>
    Task<ProviderAccount?> GetForUseAsync(Guid id, CancellationToken ct = default);
}

public sealed class NoStoredAccounts : IStoredProviderAccounts
{
    public Task<ProviderAccount?> GetActiveForUseAsync(ProviderType type, CancellationToken ct = default) => Task.FromResult<ProviderAccount?>(null);

    public Task<ProviderAccount?> GetForUseAsync(Guid id, CancellationToken ct = default) => Task.FromResult<ProviderAccount?>(null);
}
