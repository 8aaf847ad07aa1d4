using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samsara.Core.Projects;
using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Engine;

internal sealed class OutreachSendConfiguration : IEntityTypeConfiguration<OutreachSend>
{
    public void Configure(EntityTypeBuilder<OutreachSend> b)
    {
        b.ToTable("outreach_sends");
        b.Property(s => s.ClaimedBy).HasMaxLength(200);
        b.Property(s => s.ProviderMessageId).HasMaxLength(200);
        b.Property(s => s.Sender).HasMaxLength(320);
        b.Property(s => s.Reason).HasMaxLength(1000);
        b.HasOne<OutreachSequence>().WithMany().HasForeignKey(s => s.SequenceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Project>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Message>().WithMany().HasForeignKey(s => s.MessageId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<MessageTemplate>().WithMany().HasForeignKey(s => s.TemplateId).OnDelete(DeleteBehavior.SetNull);
        // The outbox key: one row per step of a sequence, so a step can never be queued (or sent) twice.
        b.HasIndex(s => new { s.SequenceId, s.StepIndex }).IsUnique();
        // What the claim query scans.
        b.HasIndex(s => new { s.Status, s.DueAt });
    }
}

internal sealed class OutreachTimerConfiguration : IEntityTypeConfiguration<OutreachTimer>
{
    public void Configure(EntityTypeBuilder<OutreachTimer> b)
    {
        b.ToTable("outreach_timers");
        b.HasOne<OutreachSequence>().WithMany().HasForeignKey(t => t.SequenceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => new { t.SequenceId, t.Kind, t.StepIndex }).IsUnique();
        b.HasIndex(t => new { t.FiredAt, t.CancelledAt, t.DueAt });
    }
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> b)
    {
        b.ToTable("outreach_ledger");
        b.Property(e => e.Detail).HasMaxLength(1000);
        b.HasOne<OutreachSequence>().WithMany().HasForeignKey(e => e.SequenceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Project>().WithMany().HasForeignKey(e => e.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => new { e.ProjectId, e.OccurredAt });
    }
}
