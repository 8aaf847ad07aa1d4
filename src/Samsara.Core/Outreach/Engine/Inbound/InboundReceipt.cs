using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samsara.Core.Data;

namespace Samsara.Core.Outreach.Engine.Inbound;

/// <summary>
/// One inbound message a provider gave us, keyed by its id there. The key is what makes two nodes polling the same
/// list at the same moment store a reply once: the second insert finds the row and the reply is not handled again.
/// </summary>
public sealed class InboundReceipt
{
    public required string Provider { get; set; }
    public required string ProviderMessageId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

internal sealed class InboundReceiptConfiguration : IEntityTypeConfiguration<InboundReceipt>
{
    public void Configure(EntityTypeBuilder<InboundReceipt> b)
    {
        b.ToTable("inbound_receipts");
        b.HasKey(r => new { r.Provider, r.ProviderMessageId });
        b.Property(r => r.Provider).HasMaxLength(32);
        b.Property(r => r.ProviderMessageId).HasMaxLength(200);
    }
}

internal static class InboundReceipts
{
    /// <summary>
    /// Records the message inside the caller's transaction. On PostgreSQL a concurrent insert of the same key waits for
    /// the first transaction and then does nothing; if that one rolled back, this one wins. Both databases accept
    /// <c>ON CONFLICT DO NOTHING</c>.
    /// </summary>
    /// <returns>False when the message was already recorded (by this or another node).</returns>
    public static async Task<bool> TryRecordAsync(SamsaraDbContext db, string provider, string providerMessageId, DateTimeOffset now, CancellationToken ct)
    {
        object at = db.Database.IsNpgsql() ? now.ToUniversalTime() : now.UtcTicks;
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO inbound_receipts (provider, provider_message_id, received_at) VALUES ({provider}, {providerMessageId}, {at}) ON CONFLICT DO NOTHING",
            ct);
        return inserted == 1;
    }
}
