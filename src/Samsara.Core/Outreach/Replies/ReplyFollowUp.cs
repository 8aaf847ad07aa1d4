using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Replies;

/// <summary>
/// Something a reply leaves for later, durable until done: the "checking back" message on the date a candidate named,
/// the end of an out-of-office pause, the one confirmation of an opt-out, or the recruiter's own answer from the inbox.
/// Every engine pass on any node works the due ones (claimed with a lease, as scheduling's call notices are).
/// </summary>
public sealed class ReplyFollowUp
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public Guid SequenceId { get; set; }
    public Guid CandidateId { get; set; }
    public ReplyFollowUpKind Kind { get; set; }

    /// <summary>The channel a message goes on (the one the candidate used); null for a resume, which sends nothing.</summary>
    public MessageChannel? Channel { get; set; }
    public ReplyFollowUpStatus Status { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>The reply that asked for it (a reply is stored once per enrolment, so it queues its follow-up once).</summary>
    public Guid? SourceMessageId { get; set; }

    /// <summary>For an answer: the words the recruiter wrote (already rendered when from a template).</summary>
    public string? Subject { get; set; }
    public string? Body { get; set; }

    /// <summary>Who asked for it: "engine" for what a reply does, the recruiter for an answer.</summary>
    public required string Actor { get; set; }

    /// <summary>The sender's slot reserved by pacing; once reached the message goes without asking the bucket again.</summary>
    public DateTimeOffset? PacedAt { get; set; }
    public string? Reason { get; set; }
    public Guid? MessageId { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum ReplyFollowUpKind
{
    /// <summary>"Not now": the candidate is written to again on the date they named (or in 30 days).</summary>
    CheckingBack,

    /// <summary>Out of office: the paused sequence resumes the day after the return date. Sends nothing itself.</summary>
    Resume,

    /// <summary>One "You won't hear from us again" after an opt-out in words.</summary>
    OptOutConfirmation,

    /// <summary>The recruiter's answer written in the inbox.</summary>
    Answer,
}

public enum ReplyFollowUpStatus
{
    Pending,
    Sending,
    Done,

    /// <summary>Not sent on purpose (opted out, no contact, too late for a confirmation); the reason says which.</summary>
    Skipped,
    Failed,

    /// <summary>No longer wanted: the candidate wrote again, or the recruiter corrected the reply's intent.</summary>
    Cancelled,
}

internal sealed class ReplyFollowUpConfiguration : IEntityTypeConfiguration<ReplyFollowUp>
{
    public void Configure(EntityTypeBuilder<ReplyFollowUp> b)
    {
        b.ToTable("reply_follow_ups");
        b.Property(x => x.Subject).HasMaxLength(500);
        b.Property(x => x.Body).HasMaxLength(20_000);
        b.Property(x => x.Actor).HasMaxLength(200);
        b.Property(x => x.Reason).HasMaxLength(1000);
        b.HasOne<OutreachSequence>().WithMany().HasForeignKey(x => x.SequenceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.Status, x.DueAt });
        b.HasIndex(x => new { x.SequenceId, x.Kind });
        b.HasIndex(x => x.SourceMessageId);
    }
}
