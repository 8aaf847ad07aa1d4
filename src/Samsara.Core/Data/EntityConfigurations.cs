using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samsara.Core.Candidates;
using Samsara.Core.Outreach;
using Samsara.Core.Projects;
using Samsara.Core.Providers;
using Samsara.Core.Templates;
using Samsara.Core.Usage;

namespace Samsara.Core.Data;

// Keys, uniqueness, cascades and indexes follow the seed's schema; table names are the seed's.

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> b)
    {
        b.ToTable("projects");
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.ClientName).HasMaxLength(200);
        b.Property(p => p.ClientContactEmail).HasMaxLength(320);
        b.Property(p => p.Owner).HasMaxLength(200);
        b.Property(p => p.DefaultPhoneRegion).HasMaxLength(2);
        // Existing projects get the same 2 h limit new ones do, not 0 (which would re-plan everything).
        b.Property(p => p.OverdueReplanMinutes).HasDefaultValue(120);
        b.HasIndex(p => p.Status);
        b.HasIndex(p => p.LastActivityAt);
    }
}

internal sealed class CandidateConfiguration : IEntityTypeConfiguration<Candidate>
{
    public void Configure(EntityTypeBuilder<Candidate> b)
    {
        b.ToTable("cvs");
        b.Property(c => c.FullName).HasMaxLength(200);
        b.Property(c => c.Email).HasMaxLength(320);
        b.Property(c => c.Phone).HasMaxLength(40);
        b.Property(c => c.Location).HasMaxLength(200);
        b.Property(c => c.CurrentTitle).HasMaxLength(200);
        b.Property(c => c.FileSha256).HasMaxLength(64);
        b.HasOne<Project>().WithMany().HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Candidate>().WithMany().HasForeignKey(c => c.DuplicateOfId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(c => c.ProjectId);
        b.HasIndex(c => new { c.ProjectId, c.Email });
        b.HasIndex(c => new { c.ProjectId, c.Phone });
        b.HasIndex(c => new { c.ProjectId, c.FileSha256 });
    }
}

internal sealed class JobDescriptionConfiguration : IEntityTypeConfiguration<JobDescription>
{
    public void Configure(EntityTypeBuilder<JobDescription> b)
    {
        b.ToTable("job_descriptions");
        b.Property(j => j.Title).HasMaxLength(200);
        b.HasOne<Project>().WithMany().HasForeignKey(j => j.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(j => j.ProjectId).IsUnique();
    }
}

internal sealed class CvJdMatchConfiguration : IEntityTypeConfiguration<CvJdMatch>
{
    public void Configure(EntityTypeBuilder<CvJdMatch> b)
    {
        b.ToTable("cv_jd_matches");
        b.HasOne<Candidate>().WithMany().HasForeignKey(m => m.CandidateId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<JobDescription>().WithMany().HasForeignKey(m => m.JobDescriptionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => new { m.CandidateId, m.JobDescriptionId }).IsUnique();
        b.HasIndex(m => new { m.JobDescriptionId, m.Score });
    }
}

internal sealed class AppMetaConfiguration : IEntityTypeConfiguration<AppMeta>
{
    public void Configure(EntityTypeBuilder<AppMeta> b)
    {
        b.ToTable("app_meta");
        b.HasKey(m => m.Key);
        b.Property(m => m.Key).HasMaxLength(100);
    }
}

internal sealed class UsageEventConfiguration : IEntityTypeConfiguration<UsageEvent>
{
    public void Configure(EntityTypeBuilder<UsageEvent> b)
    {
        b.ToTable("usage_events");
        b.Property(u => u.Provider).HasMaxLength(50);
        b.Property(u => u.Unit).HasMaxLength(20);
        b.Property(u => u.Currency).HasMaxLength(3);
        b.Property(u => u.ProviderRef).HasMaxLength(300);
        b.Property(u => u.Quantity).HasPrecision(18, 4);
        b.Property(u => u.Cost).HasPrecision(18, 6);
        b.HasOne<Project>().WithMany().HasForeignKey(u => u.ProjectId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(u => new { u.ProjectId, u.OccurredAt });
        b.HasIndex(u => u.OccurredAt);
        // One row per provider id: a second node or a restart recording the same send hits this instead of billing twice.
        b.HasIndex(u => new { u.Provider, u.Kind, u.ProviderRef }).IsUnique();
    }
}

internal sealed class ProviderCredentialConfiguration : IEntityTypeConfiguration<ProviderCredential>
{
    public void Configure(EntityTypeBuilder<ProviderCredential> b)
    {
        b.ToTable("provider_credentials");
        b.Property(p => p.ProviderName).HasMaxLength(100);
        b.Property(p => p.LastTestMessage).HasMaxLength(1000);
        b.HasIndex(p => p.ProviderType);
    }
}

internal sealed class MessageTemplateConfiguration : IEntityTypeConfiguration<MessageTemplate>
{
    public void Configure(EntityTypeBuilder<MessageTemplate> b)
    {
        b.ToTable("message_templates");
        b.Property(t => t.Name).HasMaxLength(200);
        b.Property(t => t.Subject).HasMaxLength(500);
        b.HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(t => t.ProjectId);
    }
}

internal sealed class OutreachSequenceConfiguration : IEntityTypeConfiguration<OutreachSequence>
{
    public void Configure(EntityTypeBuilder<OutreachSequence> b)
    {
        b.ToTable("outreach_sequences");
        b.HasOne<Project>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Candidate>().WithMany().HasForeignKey(s => s.CandidateId).OnDelete(DeleteBehavior.Cascade);
        b.Property(s => s.CandidateId).HasColumnName("cv_id");
        b.HasOne<Outreach.Sequences.SequenceDefinition>().WithMany().HasForeignKey(s => s.DefinitionId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(s => new { s.ProjectId, s.CandidateId }).IsUnique();
        b.HasIndex(s => s.ProjectId);
        b.HasIndex(s => s.Status);
    }
}

internal sealed class OutreachEventConfiguration : IEntityTypeConfiguration<OutreachEvent>
{
    public void Configure(EntityTypeBuilder<OutreachEvent> b)
    {
        b.ToTable("outreach_events");
        b.Property(e => e.Reason).HasMaxLength(1000);
        b.Property(e => e.Actor).HasMaxLength(200);
        b.HasOne<OutreachSequence>().WithMany().HasForeignKey(e => e.SequenceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => new { e.SequenceId, e.OccurredAt });
    }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> b)
    {
        b.ToTable("messages");
        b.Property(m => m.ProviderMessageId).HasMaxLength(200);
        b.Property(m => m.Recipient).HasMaxLength(320);
        b.Property(m => m.Subject).HasMaxLength(500);
        b.Property(m => m.IntentCorrectedBy).HasMaxLength(200);
        b.HasOne<OutreachSequence>().WithMany().HasForeignKey(m => m.SequenceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<MessageTemplate>().WithMany().HasForeignKey(m => m.TemplateId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(m => m.SequenceId);
        b.HasIndex(m => m.ProviderMessageId);
        // The inbox: replies not dealt with, newest first.
        b.HasIndex(m => new { m.Direction, m.DoneAt, m.CreatedAt });
    }
}
