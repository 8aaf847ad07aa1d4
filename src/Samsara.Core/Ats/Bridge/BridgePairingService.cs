using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Common;
using Samsara.Core.Data;

namespace Samsara.Core.Ats.Bridge;

/// <summary>A pairing as the UI shows it: never the token or its hash.</summary>
public sealed record PairingView(Guid Id, string Label, string TokenHint, DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt, DateTimeOffset? RevokedAt)
{
    public bool IsActive => RevokedAt is null;

    public static PairingView From(AtsBridgePairing p) => new(p.Id, p.Label, p.TokenHint, p.CreatedAt, p.LastSeenAt, p.RevokedAt);
}

/// <summary>The token, returned once when a pairing is made.</summary>
public sealed record NewPairing(PairingView Pairing, string Token);

/// <summary>Pairing tokens for the Chrome extension: made, shown once, checked by hash, revoked.</summary>
public sealed class BridgePairingService(IDbContextFactory<SamsaraDbContext> dbFactory, TimeProvider clock, ChangeFeed changes)
{
    public const string ChangeTopic = "ats-bridge";
    private const string TokenPrefix = "sam_";

    public async Task<NewPairing> CreateAsync(string? label, CancellationToken ct = default)
    {
        var name = string.IsNullOrWhiteSpace(label) ? "Chrome extension" : label.Trim();
        if (name.Length > 100)
        {
            throw new InputValidationException(new Dictionary<string, string[]> { ["label"] = ["A label has at most 100 characters."] });
        }

        // 256 random bits: too many to guess, so a fast hash is enough to store it.
        var token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var pairing = new AtsBridgePairing
        {
            Id = Guid.CreateVersion7(now),
            Label = name,
            TokenHash = Hash(token),
            TokenHint = token[^4..],
            CreatedAt = now,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Set<AtsBridgePairing>().Add(pairing);
        await db.SaveChangesAsync(ct);
        changes.Publish((Guid?)null, ChangeTopic);
        return new NewPairing(PairingView.From(pairing), token);
    }

    public async Task<IReadOnlyList<PairingView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var all = await db.Set<AtsBridgePairing>().AsNoTracking().ToListAsync(ct);
        return [.. all.OrderByDescending(p => p.CreatedAt).Select(PairingView.From)];
    }

    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pairing = await db.Set<AtsBridgePairing>().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (pairing is null)
        {
            return false;
        }

        pairing.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        changes.Publish((Guid?)null, ChangeTopic);
        return true;
    }

    /// <summary>The active pairing this token belongs to, or null (unknown or revoked); a match counts as seen now.</summary>
    public async Task<PairingView?> AuthenticateAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200 || !token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pairing = await db.Set<AtsBridgePairing>().SingleOrDefaultAsync(p => p.TokenHash == hash && p.RevokedAt == null, ct);
        if (pairing is null)
        {
            return null;
        }

        pairing.LastSeenAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return PairingView.From(pairing);
    }

    public async Task TouchAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        await db.Set<AtsBridgePairing>().Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.LastSeenAt, now), ct);
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
