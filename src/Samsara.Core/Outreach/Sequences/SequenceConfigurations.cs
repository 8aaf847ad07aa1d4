using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samsara.Core.Projects;
using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Sequences;

internal sealed class SequenceDefinitionConfiguration : IEntityTypeConfiguration<SequenceDefinition>
{
    public void Configure(EntityTypeBuilder<SequenceDefinition> b)
    {
        b.ToTable("sequence_definitions");
        b.Property(d => d.Name).HasMaxLength(200);
        b.HasOne<Project>().WithMany().HasForeignKey(d => d.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(d => d.Steps).WithOne().HasForeignKey(s => s.DefinitionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(d => d.ProjectId);
    }
}

internal sealed class SequenceStepConfiguration : IEntityTypeConfiguration<SequenceStep>
{
    public void Configure(EntityTypeBuilder<SequenceStep> b)
    {
        b.ToTable("sequence_steps");
        // A deleted template leaves the step without one; the engine skips it with that reason rather than failing.
        b.HasOne<MessageTemplate>().WithMany().HasForeignKey(s => s.TemplateId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(s => new { s.DefinitionId, s.Index }).IsUnique();
    }
}
