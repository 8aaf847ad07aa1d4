using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Samsara.Core.Providers;

namespace Samsara.Core.Email;

/// <summary>Sends through the recruiter's SMTP server with MailKit and turns every failure into an <see cref="EmailSendException"/>.</summary>
public sealed partial class SmtpEmailSender(EmailComposer composer, IOptions<EmailOptions> options, ILogger<SmtpEmailSender> logger)
{
    /// <summary>Sends with an SMTP account from the credential store (decrypted just for this call).</summary>
    public Task<SentEmail> SendAsync(ProviderAccount account, OutboundEmail email, CancellationToken ct = default)
    {
        if (account.ProviderType != ProviderType.Smtp)
        {
            throw new EmailSendException(EmailSendFailure.Misconfigured, $"Account '{account.ProviderName}' is {account.ProviderType}, not SMTP.");
        }

        SmtpSettings settings;
        try
        {
            settings = SmtpSettings.From(account);
        }
        catch (InvalidOperationException e)
        {
            throw new EmailSendException(EmailSendFailure.Misconfigured, e.Message, e);
        }

        return SendAsync(settings, account.Secrets.GetValueOrDefault("password"), email, ct);
    }

    public async Task<SentEmail> SendAsync(SmtpSettings settings, string? password, OutboundEmail email, CancellationToken ct = default)
    {
        MimeMessage message;
        try
        {
            message = composer.Compose(settings, email);
        }
        catch (ParseException e)
        {
            throw new EmailSendException(EmailSendFailure.Misconfigured, $"An address in the SMTP settings or the recipient is invalid: {e.Message}", e);
        }

        var sender = EmailComposer.EnvelopeSender(settings, email);
        var where = $"{settings.Host}:{settings.Port}";
        using var client = await ConnectAndLogInAsync(settings, password, ct);
        try
        {
            await client.SendAsync(message, sender, [new MailboxAddress(email.ToName, email.ToAddress), .. message.Cc.Mailboxes], ct);
        }
        catch (SmtpCommandException e)
        {
            throw Classify(e, where, email.ToAddress);
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or SocketException or TimeoutException)
        {
            throw new EmailSendException(EmailSendFailure.UnknownOutcome,
                $"The connection to {where} broke while sending to {email.ToAddress}; the message may have been accepted (Message-ID {message.MessageId}).", e);
        }

        await client.DisconnectAsync(true, CancellationToken.None);
        var smtpMessageId = message.MessageId ?? "";
        LogSent(smtpMessageId, email.MessageId, where);
        return new SentEmail(smtpMessageId, ReplyToken.For(email.MessageId), email.ToAddress);
    }

    /// <summary>
    /// The Settings page's "test" button: connects and logs in exactly as a send would, sends nothing.
    /// Throws the same <see cref="EmailSendException"/> a send would.
    /// </summary>
    public async Task TestConnectionAsync(SmtpSettings settings, string? password, CancellationToken ct = default)
    {
        using var client = await ConnectAndLogInAsync(settings, password, ct);
        await client.NoOpAsync(ct);
        await client.DisconnectAsync(true, CancellationToken.None);
    }

    private async Task<SmtpClient> ConnectAndLogInAsync(SmtpSettings settings, string? password, CancellationToken ct)
    {
        var client = new SmtpClient { Timeout = options.Value.ConnectTimeoutSeconds * 1000 };
        try
        {
            await ConnectAndLogInAsync(client, settings, password, ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task ConnectAndLogInAsync(SmtpClient client, SmtpSettings settings, string? password, CancellationToken ct)
    {
        var where = $"{settings.Host}:{settings.Port}";
        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, ToSocketOptions(settings.Security), ct);
        }
        catch (Exception e) when (e is SocketException or IOException or SslHandshakeException or SmtpProtocolException or TimeoutException or NotSupportedException)
        {
            throw new EmailSendException(EmailSendFailure.ConnectionFailed, $"Cannot connect to the SMTP server {where}: {e.Message}", e);
        }

        if (!string.IsNullOrEmpty(settings.Username))
        {
            if (!client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
            {
                throw new EmailSendException(EmailSendFailure.AuthenticationFailed,
                    $"The SMTP server {where} does not offer login (AUTH){(client.IsSecure ? "" : " over an unencrypted connection")}; check the port and security settings.");
            }

            try
            {
                await client.AuthenticateAsync(settings.Username, password ?? "", ct);
            }
            catch (AuthenticationException e)
            {
                throw new EmailSendException(EmailSendFailure.AuthenticationFailed,
                    $"The SMTP server {where} refused the login for '{settings.Username}': check the username and password.", e);
            }
        }
    }

    private static EmailSendException Classify(SmtpCommandException e, string where, string recipient)
    {
        var code = (int)e.StatusCode;
        var permanent = code >= 500;
        var what = $"{where} answered {code}: {e.Message.Trim()}";
        return e.ErrorCode switch
        {
            SmtpErrorCode.RecipientNotAccepted when permanent => new EmailSendException(EmailSendFailure.RecipientRejected, $"Recipient {recipient} was refused; {what}", e),
            _ when !permanent => new EmailSendException(EmailSendFailure.Transient, $"Temporarily refused; {what}", e),
            _ => new EmailSendException(EmailSendFailure.Permanent, $"Refused; {what}", e),
        };
    }

    internal static SecureSocketOptions ToSocketOptions(MailSecurity security) => security switch
    {
        MailSecurity.Auto => SecureSocketOptions.StartTlsWhenAvailable,
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        MailSecurity.Tls => SecureSocketOptions.SslOnConnect,
        MailSecurity.None => SecureSocketOptions.None,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {SmtpMessageId} for message {MessageId} accepted by {Server}")]
    private partial void LogSent(string smtpMessageId, Guid messageId, string server);
}
