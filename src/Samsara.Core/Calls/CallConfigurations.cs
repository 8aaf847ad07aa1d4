using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samsara.Core.Outreach;
using Samsara.Core.Projects;

namespace Samsara.Core.Calls;

internal sealed class CallRecordConfiguration : IEntityTypeConfiguration<CallRecord>
{
    public void Configure(EntityTypeBuilder<CallRecord> b)
    {
        b.ToTable("call_records");
        b.Property(c => c.Provider).HasMaxLength(50);
        b.Property(c => c.ProviderCallId).HasMaxLength(200);
        b.Property(c => c.PhoneNumber).HasMaxLength(40);
        b.Property(c => c.ClaimedBy).HasMaxLength(200);
        b.Property(c => c.ProviderReason).HasMaxLength(500);
        b.Property(c => c.Detail).HasMaxLength(1000);
        b.Property(c => c.RecordingUrl).HasMaxLength(2000);
        b.Property(c => c.RecordingFormat).HasMaxLength(50);
        b.Property(c => c.OverrideReason).HasMaxLength(1000);
        b.Property(c => c.Notes).HasMaxLength(4000);
        b.HasOne<OutreachSequence>().WithMany().HasForeignKey(c => c.SequenceId).OnDelete(DeleteBehavior.Cascade);
        // One row per try of a sequence's screening call: two nodes taking in the same candidate cannot both add it.
        b.HasIndex(c => new { c.SequenceId, c.CallType, c.Attempt }).IsUnique();
        // What the claim query scans.
        b.HasIndex(c => new { c.Stage, c.DueAt });
    }
}

internal sealed class TranscriptConfiguration : IEntityTypeConfiguration<Transcript>
{
    public void Configure(EntityTypeBuilder<Transcript> b)
    {
        b.ToTable("transcripts");
        b.Property(t => t.Provider).HasMaxLength(50);
        b.Property(t => t.Language).HasMaxLength(16);
        b.HasOne<CallRecord>().WithMany().HasForeignKey(t => t.CallRecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => t.CallRecordId);
    }
}

internal sealed class ScreeningSettingsConfiguration : IEntityTypeConfiguration<ScreeningSettings>
{
    public void Configure(EntityTypeBuilder<ScreeningSettings> b)
    {
        b.ToTable("screening_settings");
        b.HasKey(s => s.ProjectId);
        b.Property(s => s.OpeningLine).HasMaxLength(500);
        b.Property(s => s.Provider).HasMaxLength(20);
        b.Property(s => s.AssistantId).HasMaxLength(200);
        b.Property(s => s.RecordingDisclosure).HasMaxLength(500);
        b.Property(s => s.VoicemailMessage).HasMaxLength(500);
        b.HasOne<Project>().WithOne().HasForeignKey<ScreeningSettings>(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
