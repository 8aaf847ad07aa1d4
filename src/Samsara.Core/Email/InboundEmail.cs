namespace Samsara.Core.Email;

public enum InboundEmailKind
{
    /// <summary>A person answering one of our sends.</summary>
    Reply,

    /// <summary>Out-of-office, autoresponder, list traffic or a delay notice: not an answer, not a failure.</summary>
    AutoReply,

    /// <summary>A delivery failure report; <see cref="InboundEmail.FailedRecipient"/> is the address that failed.</summary>
    Bounce,

    /// <summary>The candidate asked to stop (the unsubscribe mailto, or the word in their own text).</summary>
    Unsubscribe,

    /// <summary>Mail that cannot be tied to any send.</summary>
    Unrelated,
}

/// <summary>
/// An inbound email as the outreach engine needs it. <see cref="ReplyToken"/> identifies the send it belongs to
/// (see <see cref="Email.ReplyToken.ToMessageId"/>); <see cref="Reason"/> says which signal decided the kind.
/// </summary>
public sealed record InboundEmail(
    InboundEmailKind Kind,
    string Reason,
    string? ReplyToken,
    string? MessageId,
    string? FromAddress,
    string? Subject,
    string? FailedRecipient,
    string? Text,
    DateTimeOffset? Date)
{
    /// <summary>The IMAP UID it was read from (0 when classified outside a mailbox).</summary>
    public uint Uid { get; init; }

    public Guid? SentMessageId => Email.ReplyToken.ToMessageId(ReplyToken);
}
