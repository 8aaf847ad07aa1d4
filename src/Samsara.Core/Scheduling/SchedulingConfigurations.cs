using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samsara.Core.Outreach;

namespace Samsara.Core.Scheduling;

internal sealed class RecruiterCalendarConfiguration : IEntityTypeConfiguration<RecruiterCalendar>
{
    public void Configure(EntityTypeBuilder<RecruiterCalendar> b)
    {
        b.ToTable("recruiter_calendars");
        b.HasKey(c => c.RecruiterId);
        b.Property(c => c.RecruiterId).HasMaxLength(100);
        b.Property(c => c.TimeZoneId).HasMaxLength(100);
    }
}

internal sealed class BusyBlockConfiguration : IEntityTypeConfiguration<BusyBlock>
{
    public void Configure(EntityTypeBuilder<BusyBlock> b)
    {
        b.ToTable("recruiter_busy_blocks");
        b.Property(x => x.RecruiterId).HasMaxLength(100);
        b.Property(x => x.Note).HasMaxLength(200);
        b.HasIndex(x => new { x.RecruiterId, x.StartsAt });
    }
}

internal sealed class RecruiterCallConfiguration : IEntityTypeConfiguration<RecruiterCall>
{
    public void Configure(EntityTypeBuilder<RecruiterCall> b)
    {
        b.ToTable("recruiter_calls");
        b.Property(x => x.RecruiterId).HasMaxLength(100);
        b.Property(x => x.RecruiterTimeZone).HasMaxLength(100);
        b.Property(x => x.CandidateTimeZone).HasMaxLength(100);
        b.Property(x => x.Notes).HasMaxLength(20000);
        b.HasOne<OutreachSequence>().WithMany().HasForeignKey(x => x.SequenceId).OnDelete(DeleteBehavior.Cascade);
        // The double-booking guard: NULLs are distinct in both databases, so only calls holding a slot compete for it.
        b.HasIndex(x => new { x.RecruiterId, x.HeldSlot }).IsUnique();
        b.HasIndex(x => new { x.ProjectId, x.StartsAt });
        b.HasIndex(x => x.SequenceId);
    }
}
