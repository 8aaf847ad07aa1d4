using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Samsara.Core.Outreach.Consent;

internal sealed class ConsentEntryConfiguration : IEntityTypeConfiguration<ConsentEntry>
{
    public void Configure(EntityTypeBuilder<ConsentEntry> b)
    {
        b.ToTable("consent_ledger");
        b.Property(e => e.Contact).HasMaxLength(320);
        b.Property(e => e.Detail).HasMaxLength(1000);
        // No foreign key to projects: consent outlives the project it was given in.
        b.HasIndex(e => new { e.Contact, e.Channel, e.OccurredAt });
    }
}
