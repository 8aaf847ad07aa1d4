using Microsoft.Extensions.Options;
using MimeKit;

namespace Samsara.Core.Email;

/// <summary>
/// Builds the MIME message for a send: our own Message-ID, a plus-addressed Reply-To and <c>X-Samsara-Token</c>
/// carrying the reply token, text and HTML alternatives, and List-Unsubscribe with a mailto the app reads
/// (plus RFC 8058 one-click when an HTTPS URL is configured).
/// </summary>
public sealed class EmailComposer(IOptions<EmailOptions> options, TimeProvider clock)
{
    public MimeMessage Compose(SmtpSettings smtp, OutboundEmail email) => Compose(new MailIdentity(smtp.FromAddress, smtp.FromName, smtp.ReplyAddress), email);

    /// <summary>The same message whatever carries it (SMTP sends it as is; SendGrid gets its parts and headers).</summary>
    public MimeMessage Compose(MailIdentity identity, OutboundEmail email)
    {
        var from = new MailboxAddress(identity.FromName, identity.FromAddress);
        var replies = MailboxAddress.Parse(identity.ReplyAddress);
        var token = ReplyToken.For(email.MessageId);
        var message = new MimeMessage
        {
            MessageId = ReplyToken.MessageIdFor(token, replies.Domain),
            Date = clock.GetUtcNow(),
            Subject = email.Subject,
        };
        message.From.Add(from);
        message.To.Add(new MailboxAddress(email.ToName, email.ToAddress));
        foreach (var cc in email.Cc ?? [])
        {
            message.Cc.Add(MailboxAddress.Parse(cc));
        }
        message.ReplyTo.Add(ReplyToken.ReplyAddress(new MailboxAddress(identity.FromName, replies.Address), token));
        message.Headers.Add(ReplyToken.HeaderName, token);

        var unsubscribe = ReplyToken.UnsubscribeAddress(replies, token);
        var oneClick = options.Value.OneClickUnsubscribeUrl?.Replace("{token}", token, StringComparison.Ordinal);
        message.Headers.Add("List-Unsubscribe", oneClick is null
            ? $"<mailto:{unsubscribe.Address}?subject=unsubscribe>"
            : $"<{oneClick}>, <mailto:{unsubscribe.Address}?subject=unsubscribe>");
        if (oneClick is not null)
        {
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html };
        foreach (var file in email.Attachments ?? [])
        {
            body.Attachments.Add(file.FileName, file.Content, ContentType.Parse(file.ContentType));
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>The envelope sender: bounces come back to the replies mailbox with the token in the address.</summary>
    public static MailboxAddress EnvelopeSender(SmtpSettings smtp, OutboundEmail email) =>
        ReplyToken.ReplyAddress(MailboxAddress.Parse(smtp.ReplyAddress), ReplyToken.For(email.MessageId));
}

/// <summary>Who an email is from and where replies go; the reply address's domain also names our Message-IDs.</summary>
public sealed record MailIdentity(string FromAddress, string? FromName, string ReplyAddress);
