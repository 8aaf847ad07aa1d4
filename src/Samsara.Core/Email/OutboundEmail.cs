namespace Samsara.Core.Email;

/// <summary>
/// One email to send. <see cref="MessageId"/> is the id of the Message row that records the send; it becomes the
/// reply token, so a resend after an unknown outcome carries the same Message-ID and token.
/// </summary>
/// <param name="Cc">Copy recipients (the client package's cc); candidates' emails have none.</param>
/// <param name="Attachments">Files sent with the email (the client package's PDFs).</param>
/// <param name="Usage">Whom the email's cost is booked to in the usage ledger, or that the caller books it itself.</param>
public sealed record OutboundEmail(
    Guid MessageId, string ToAddress, string? ToName, string Subject, string Text, string Html,
    IReadOnlyList<string>? Cc = null, IReadOnlyList<EmailAttachment>? Attachments = null, OutboundEmailUsage? Usage = null);

/// <summary>
/// The project and candidate an email's usage row is booked to. The sender records it once the carrier accepted the
/// mail, unless <see cref="ByCaller"/> (the outreach engine writes its rows in the same commit as the send).
/// </summary>
public sealed record OutboundEmailUsage(Guid? ProjectId, Guid? CandidateId, bool ByCaller = false)
{
    public static readonly OutboundEmailUsage RecordedByCaller = new(null, null, ByCaller: true);
}

public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>What a send produced, to be stored on the Message row (ProviderMessageId = <see cref="SmtpMessageId"/>).</summary>
/// <param name="Transport">"smtp" or "sendgrid": which account carried it.</param>
/// <param name="TransportMessageId">SendGrid's X-Message-Id (prefix of its events' sg_message_id); null for SMTP.</param>
public sealed record SentEmail(string SmtpMessageId, string ReplyToken, string Recipient, string Transport = "smtp", string? TransportMessageId = null);
