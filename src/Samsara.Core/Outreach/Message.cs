using Samsara.Core.Outreach.Replies;
using Samsara.Core.Templates;

namespace Samsara.Core.Outreach;

/// <summary>One SMS or email, sent or received, within a candidate's sequence.</summary>
public sealed class Message
{
    public Guid Id { get; set; }
    public Guid SequenceId { get; set; }
    public MessageChannel Channel { get; set; }
    public MessageDirection Direction { get; set; }
    public string? ProviderMessageId { get; set; }
    public Guid? TemplateId { get; set; }
    public required string Recipient { get; set; }
    public string? Subject { get; set; }
    public required string Body { get; set; }
    public MessageStatus Status { get; set; }
    public string? StatusDetail { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>What an inbound reply means (<see cref="ReplyIntentClassifier"/>); null for sent messages.</summary>
    public ReplyIntent? Intent { get; set; }

    /// <summary>How sure the rules were; below <see cref="ReplyClassification.ActThreshold"/> the intent only suggests.</summary>
    public double? IntentConfidence { get; set; }

    /// <summary>The date the reply named ("try me in January", an out-of-office return date).</summary>
    public DateOnly? IntentDate { get; set; }

    /// <summary>The recruiter who corrected the intent by hand (its confidence is then 1), or null.</summary>
    public string? IntentCorrectedBy { get; set; }

    /// <summary>When a recruiter opened an inbound reply in the inbox; null = unread.</summary>
    public DateTimeOffset? ReadAt { get; set; }

    /// <summary>When the reply was dealt with (marked done, answered, or needing nobody: an out-of-office).</summary>
    public DateTimeOffset? DoneAt { get; set; }
}

public enum MessageDirection
{
    Outbound,
    Inbound,
}

public enum MessageStatus
{
    Queued,
    Sent,
    Delivered,
    Failed,
    Received,
}
