namespace Samsara.Core.Channels.SendGrid;

public sealed record EmailAddress(string Email, string? Name = null);

/// <summary>
/// One email to one recipient. <see cref="CustomArgs"/> come back on SendGrid's events and carry
/// Samsara's per-send token; <see cref="Headers"/> carry Message-ID and List-Unsubscribe.
/// </summary>
public sealed record SendGridMail(
    EmailAddress To,
    EmailAddress From,
    string Subject,
    string TextBody,
    string? HtmlBody = null,
    EmailAddress? ReplyTo = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    IReadOnlyDictionary<string, string>? CustomArgs = null,
    IReadOnlyList<string>? Categories = null,
    IReadOnlyList<EmailAddress>? Cc = null,
    IReadOnlyList<Email.EmailAttachment>? Attachments = null);

/// <summary>What SendGrid said on 202: its X-Message-Id (the prefix of every event's sg_message_id).</summary>
public sealed record SendGridAccepted(string? MessageId);
