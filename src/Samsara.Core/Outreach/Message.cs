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
