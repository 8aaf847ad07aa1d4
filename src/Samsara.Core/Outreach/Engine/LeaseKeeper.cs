using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;

namespace Samsara.Core.Outreach.Engine;

/// <summary>
/// Keeps a batch's claims alive while its requests go out. Every request must leave with more lease left than a
/// provider call can take, or another node could take the "expired" claim over, reconcile before the request lands,
/// find nothing and send again. Instead of a write per send, the claims still to go are renewed together whenever
/// the last renewal is older than half the spare time (lease − request timeout); a claim found lost is not sent.
/// </summary>
internal sealed class LeaseKeeper(
    IDbContextFactory<SamsaraDbContext> dbFactory, string node, TimeSpan lease, TimeSpan requestTimeout, TimeProvider clock,
    IEnumerable<Guid> held, DateTimeOffset renewedAt) : IDisposable
{
    private static readonly TimeSpan MinRenewal = TimeSpan.FromMilliseconds(100);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<Guid> _toGo = [.. held];
    private HashSet<Guid> _held = [.. held];
    private DateTimeOffset _renewedAt = renewedAt;

    private TimeSpan RenewEvery => (lease - requestTimeout) / 2 is var spare && spare > MinRenewal ? spare : MinRenewal;

    /// <returns>True when this node still holds <paramref name="sendId"/> with enough lease for its request.</returns>
    public async Task<bool> HoldsAsync(Guid sendId, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (clock.GetUtcNow() - _renewedAt >= RenewEvery)
            {
                var now = clock.GetUtcNow();
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                _held = await SendClaims.StillOursAsync(db, node, _toGo, now, now + lease, ct);
                _renewedAt = now;
            }

            _toGo.Remove(sendId);
            return _held.Contains(sendId);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
