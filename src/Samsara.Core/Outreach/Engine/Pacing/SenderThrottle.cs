using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Samsara.Core.Outreach.Engine.Pacing;

/// <summary>
/// One sender's token bucket and daily count, shared by every engine node. The bucket is kept as the moment it is
/// next empty (<see cref="FreeAt"/>, the "theoretical arrival time" of GCRA); every change is an UPDATE guarded by
/// <see cref="Version"/>, so two nodes never hand out the same capacity.
/// </summary>
public sealed class SenderThrottle
{
    public required string Provider { get; set; }
    public required string Sender { get; set; }
    public DateTimeOffset FreeAt { get; set; }

    /// <summary>The UTC day <see cref="DayCount"/> counts (midnight UTC).</summary>
    public DateTimeOffset Day { get; set; }
    public int DayCount { get; set; }
    public long Version { get; set; }
}

/// <summary>A moment reserved in a sender's bucket for one send: the send is due then and uses it when it comes.</summary>
public sealed class SendSlot
{
    public Guid SendId { get; set; }
    public required string Provider { get; set; }
    public required string Sender { get; set; }
    public DateTimeOffset SlotAt { get; set; }
}

internal sealed class SenderThrottleConfiguration : IEntityTypeConfiguration<SenderThrottle>
{
    public void Configure(EntityTypeBuilder<SenderThrottle> b)
    {
        b.ToTable("sender_throttles");
        b.HasKey(t => new { t.Provider, t.Sender });
        b.Property(t => t.Provider).HasMaxLength(32);
        b.Property(t => t.Sender).HasMaxLength(320);
    }
}

internal sealed class SendSlotConfiguration : IEntityTypeConfiguration<SendSlot>
{
    public void Configure(EntityTypeBuilder<SendSlot> b)
    {
        b.ToTable("outreach_send_slots");
        b.HasKey(s => s.SendId);
        b.Property(s => s.Provider).HasMaxLength(32);
        b.Property(s => s.Sender).HasMaxLength(320);
        b.HasOne<OutreachSend>().WithOne().HasForeignKey<SendSlot>(s => s.SendId).OnDelete(DeleteBehavior.Cascade);
    }
}
