using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Samsara.Core.Privacy;

/// <summary>One pass of the retention job, in counts only: what it put on the warning list and what it erased.</summary>
public sealed class RetentionRun
{
    public Guid Id { get; set; }
    public DateTimeOffset RanAt { get; set; }
    public int Warned { get; set; }
    public int Erased { get; set; }

    /// <summary>Erased records per project, as JSON <c>{"projectId": count}</c>.</summary>
    public required string ErasedByProjectJson { get; set; }
}

internal sealed class RetentionRunConfiguration : IEntityTypeConfiguration<RetentionRun>
{
    public void Configure(EntityTypeBuilder<RetentionRun> b)
    {
        b.ToTable("retention_runs");
        b.HasIndex(r => r.RanAt);
    }
}
