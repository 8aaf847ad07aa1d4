using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Samsara.Core.Ats.Bridge;

/// <summary>
/// A pairing between Samsara and one Chrome extension install. Only the token's SHA-256 is kept: the token
/// is shown once, and whoever reads the database cannot connect as the extension.
/// </summary>
public sealed class AtsBridgePairing
{
    public Guid Id { get; set; }
    public required string Label { get; set; }
    public required string TokenHash { get; set; }

    /// <summary>The token's last four characters, so the recruiter can tell two pairings apart.</summary>
    public required string TokenHint { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class AtsBridgePairingConfiguration : IEntityTypeConfiguration<AtsBridgePairing>
{
    public void Configure(EntityTypeBuilder<AtsBridgePairing> b)
    {
        b.ToTable("ats_bridge_pairings");
        b.Property(p => p.Label).HasMaxLength(100);
        b.Property(p => p.TokenHash).HasMaxLength(64);
        b.Property(p => p.TokenHint).HasMaxLength(8);
        b.HasIndex(p => p.TokenHash).IsUnique();
    }
}
