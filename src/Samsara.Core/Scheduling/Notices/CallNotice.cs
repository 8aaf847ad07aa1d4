using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samsara.Core.Outreach;
using Samsara.Core.Templates;

namespace Samsara.Core.Scheduling.Notices;

/// <summary>
/// A scheduling message to the candidate, durable until it is sent: the times offered, the booking confirmation, the
/// reminder before the call, a change or a cancellation. Every engine pass on any node sends the due ones; a row is
/// claimed with a lease first, so two nodes never both send it, and a node that dies mid-send leaves it to be taken
/// again when the lease runs out (the reminder is also the durable timer: its <see cref="DueAt"/> is before the call).
/// </summary>
public sealed class CallNotice
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public Guid SequenceId { get; set; }
    public Guid CandidateId { get; set; }

    /// <summary>The call the notice is about; null for an offer of times (nothing is booked yet).</summary>
    public Guid? CallId { get; set; }
    public CallNoticeKind Kind { get; set; }
    public MessageChannel Channel { get; set; }
    public CallNoticeStatus Status { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>The call's start the notice speaks of, captured when queued (a later change queues its own notice).</summary>
    public DateTimeOffset? StartsAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }

    /// <summary>For a change: the time the call had before, so the message can say "moved from … to …".</summary>
    public DateTimeOffset? PreviousStartsAt { get; set; }

    /// <summary>The call's revision when queued: the .ics SEQUENCE, so a calendar applies an update over the original.</summary>
    public int Revision { get; set; }

    /// <summary>For an offer: the slot starts offered, in order (UTC, ISO 8601, space-separated); "2" means the second.</summary>
    public string? OfferedSlots { get; set; }

    /// <summary>For an offer: replies up to this moment have been read (booked, or handed to the recruiter).</summary>
    public DateTimeOffset? RepliesReadUpTo { get; set; }

    /// <summary>For an offer: when it stopped being open (a slot booked, new times offered, or the candidate moved on).</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>For an offer: the candidate answered without picking a time, so the recruiter has to read it.</summary>
    public DateTimeOffset? NeedsRecruiterAt { get; set; }

    /// <summary>Why it was skipped, failed or is waiting; for a sent notice, the Message row on the timeline.</summary>
    public string? Reason { get; set; }
    public Guid? MessageId { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public IReadOnlyList<DateTimeOffset> Offered() => OfferedSlotsText.Parse(OfferedSlots);
}

public enum CallNoticeKind
{
    /// <summary>Three free times, "Reply 1 for …".</summary>
    Offer,
    Confirmation,
    Reminder,

    /// <summary>The call moved to another time (.ics REQUEST with a higher SEQUENCE).</summary>
    Update,

    /// <summary>The call is off (.ics METHOD:CANCEL).</summary>
    Cancellation,
}

public enum CallNoticeStatus
{
    Pending,

    /// <summary>A node holds it until <see cref="CallNotice.LeaseExpiresAt"/> while it sends.</summary>
    Sending,
    Sent,

    /// <summary>Not sent on purpose (no number, opted out, no allowed hour before the call); the reason says which.</summary>
    Skipped,
    Failed,

    /// <summary>Overtaken before it went (the call was moved or cancelled, the reminder no longer matters).</summary>
    Cancelled,
}

internal static class OfferedSlotsText
{
    public static string Format(IEnumerable<DateTimeOffset> slots) =>
        string.Join(' ', slots.Select(s => s.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture)));

    public static IReadOnlyList<DateTimeOffset> Parse(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture))];
}

internal sealed class CallNoticeConfiguration : IEntityTypeConfiguration<CallNotice>
{
    public void Configure(EntityTypeBuilder<CallNotice> b)
    {
        b.ToTable("call_notices");
        b.Property(x => x.OfferedSlots).HasMaxLength(400);
        b.Property(x => x.Reason).HasMaxLength(1000);
        b.HasOne<OutreachSequence>().WithMany().HasForeignKey(x => x.SequenceId).OnDelete(DeleteBehavior.Cascade);
        // What a pass looks for: the due ones.
        b.HasIndex(x => new { x.Status, x.DueAt });
        b.HasIndex(x => new { x.SequenceId, x.Kind });
        // A call's notice of one kind on one channel exists once per revision, however many nodes queue it.
        b.HasIndex(x => new { x.CallId, x.Kind, x.Channel, x.Revision }).IsUnique();
    }
}
