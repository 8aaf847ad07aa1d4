using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samsara.Core.Outreach;

namespace Samsara.Core.Ats;

internal sealed class AtsFieldMappingConfiguration : IEntityTypeConfiguration<AtsFieldMapping>
{
    public void Configure(EntityTypeBuilder<AtsFieldMapping> b)
    {
        b.ToTable("ats_field_mappings");
        b.Property(m => m.AtsVendor).HasMaxLength(50);
        b.Property(m => m.MappingName).HasMaxLength(200);
        b.Property(m => m.SiteHost).HasMaxLength(253);
        // One default per ATS, even when two requests create the built-in ones at once.
        // "is_default" alone is true/non-zero on both PostgreSQL and SQLite.
        b.HasIndex(m => m.AtsVendor).IsUnique().HasFilter("is_default").HasDatabaseName("ux_ats_field_mappings_default");
    }
}

internal sealed class AtsSubmissionConfiguration : IEntityTypeConfiguration<AtsSubmission>
{
    public void Configure(EntityTypeBuilder<AtsSubmission> b)
    {
        b.ToTable("ats_submissions");
        b.Property(s => s.AtsVendor).HasMaxLength(50);
        b.Property(s => s.RecordUrl).HasMaxLength(2000);
        b.HasOne<OutreachSequence>().WithMany().HasForeignKey(s => s.SequenceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AtsFieldMapping>().WithMany().HasForeignKey(s => s.FieldMappingId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(s => s.SequenceId);
    }
}
