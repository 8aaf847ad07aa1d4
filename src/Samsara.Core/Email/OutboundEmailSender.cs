using Microsoft.Extensions.Options;
using MimeKit;
using Samsara.Core.Channels;
using Samsara.Core.Channels.Accounts;
using Samsara.Core.Channels.SendGrid;
using Samsara.Core.Providers;
using Samsara.Core.Usage;

namespace Samsara.Core.Email;

/// <summary>
/// The one way Samsara sends email. Picks the carrier from the accounts: the active stored SMTP account (the
/// recruiter's own mailbox, so sends land in their Sent folder), else the active stored SendGrid account, else
/// SendGrid from <c>Samsara:Providers:SendGrid</c> with the sender in <c>Samsara:Email</c>. Every carrier sends the
/// same composed message: our Message-ID, reply token, text + HTML, List-Unsubscribe.
/// </summary>
public sealed class OutboundEmailSender(
    IStoredProviderAccounts accounts,
    EmailComposer composer,
    SmtpEmailSender smtp,
    SendGridClient sendGrid,
    ProviderSettings<SendGridOptions> sendGridSettings,
    IOptions<EmailOptions> options,
    UsageLedger? usage = null,
    TimeProvider? clock = null)
{
    public const string TokenArg = "samsara_token";

    public async Task<ProviderResult<SentEmail>> SendAsync(OutboundEmail email, CancellationToken ct = default)
    {
        if (await accounts.GetActiveForUseAsync(ProviderType.Smtp, ct) is { } smtpAccount)
        {
            return await SendWithAsync(smtpAccount, email, ct);
        }

        if (await accounts.GetActiveForUseAsync(ProviderType.SendGrid, ct) is { } sendGridAccount)
        {
            return await SendWithAsync(sendGridAccount, email, ct);
        }

        var o = options.Value;
        if (!string.IsNullOrEmpty(sendGridSettings.Configured.ApiKey) && o.FromAddress is { Length: > 0 } from && o.ReplyAddress is { Length: > 0 } replies)
        {
            return await BookAsync(await SendThroughSendGridAsync(new MailIdentity(from, o.FromName, replies), email, ct), email, PriceQuote.None, ct);
        }

        return ProviderResult<SentEmail>.Fail(new(ProviderOutcome.Permanent,
            "No email account: add an SMTP or SendGrid account in Settings → Providers.", ProviderCode: nameof(EmailSendFailure.Misconfigured)));
    }

    /// <summary>Sends with one given account (the Settings page's test, or a caller that chose the account).</summary>
    public async Task<ProviderResult<SentEmail>> SendWithAsync(ProviderAccount account, OutboundEmail email, CancellationToken ct = default) =>
        await BookAsync(await CarryAsync(account, email, ct), email, PriceQuote.From(account.Id, account.SettingsJson), ct);

    /// <summary>
    /// Books an accepted email in the usage ledger, keyed by its Message-ID (a resend with the same id is not booked
    /// twice). The mail is gone either way: a ledger write that fails must not turn a sent email into a failed one.
    /// </summary>
    private async Task<ProviderResult<SentEmail>> BookAsync(ProviderResult<SentEmail> result, OutboundEmail email, PriceQuote price, CancellationToken ct)
    {
        // A host without the core (a bare harness) has no ledger to book to.
        if (!result.Succeeded || email.Usage is { ByCaller: true } || usage is null)
        {
            return result;
        }

        var sent = result.Value!;
        var key = string.IsNullOrEmpty(sent.SmtpMessageId) ? sent.TransportMessageId ?? email.MessageId.ToString() : sent.SmtpMessageId;
        try
        {
            await usage.RecordAsync(UsageRows.Email(sent.Transport, key, email.Usage?.ProjectId, email.Usage?.CandidateId, email.MessageId, price, (clock ?? TimeProvider.System).GetUtcNow()), CancellationToken.None);
        }
        catch (Exception e) when (e is Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // Left unbooked rather than resent; the send itself succeeded.
        }

        return result;
    }

    private async Task<ProviderResult<SentEmail>> CarryAsync(ProviderAccount account, OutboundEmail email, CancellationToken ct)
    {
        switch (account.ProviderType)
        {
            case ProviderType.Smtp:
                try
                {
                    return ProviderResult<SentEmail>.Success(await smtp.SendAsync(account, email, ct));
                }
                catch (EmailSendException e)
                {
                    return ProviderResult<SentEmail>.Fail(new(Outcome(e.Failure), e.Message, ProviderCode: e.Failure.ToString()));
                }

            case ProviderType.SendGrid:
                SendGridSettings settings;
                try
                {
                    settings = SendGridSettings.From(account);
                }
                catch (InvalidOperationException e)
                {
                    return ProviderResult<SentEmail>.Fail(new(ProviderOutcome.Permanent, e.Message));
                }

                using (ProviderAccountPin.Use(account))
                {
                    return await SendThroughSendGridAsync(new MailIdentity(settings.FromAddress, settings.FromName, settings.ReplyAddress), email, ct);
                }

            default:
                return ProviderResult<SentEmail>.Fail(new(ProviderOutcome.Permanent,
                    $"Account '{account.ProviderName}' is {account.ProviderType}, which does not send email."));
        }
    }

    private async Task<ProviderResult<SentEmail>> SendThroughSendGridAsync(MailIdentity identity, OutboundEmail email, CancellationToken ct)
    {
        MimeMessage message;
        try
        {
            message = composer.Compose(identity, email);
        }
        catch (ParseException e)
        {
            return ProviderResult<SentEmail>.Fail(new(ProviderOutcome.Permanent, $"An address of the sender or recipient is invalid: {e.Message}"));
        }

        var token = ReplyToken.For(email.MessageId);
        var result = await sendGrid.SendAsync(ToSendGrid(message, email, token), ct);
        return result.Succeeded
            ? ProviderResult<SentEmail>.Success(new SentEmail(message.MessageId ?? "", token, email.ToAddress, "sendgrid", result.Value!.MessageId))
            : result.As<SentEmail>();
    }

    /// <summary>
    /// SendGrid builds the MIME itself: From, To, Subject and Reply-To are fields (it refuses them as headers), and our
    /// own headers go in <c>headers</c>. The token also rides as a custom arg so SendGrid's events can be matched.
    /// </summary>
    internal static SendGridMail ToSendGrid(MimeMessage message, OutboundEmail email, string token)
    {
        var from = message.From.Mailboxes.First();
        var replyTo = message.ReplyTo.Mailboxes.FirstOrDefault();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Message-ID"] = $"<{message.MessageId}>",
            [ReplyToken.HeaderName] = token,
        };
        foreach (var name in new[] { "List-Unsubscribe", "List-Unsubscribe-Post" })
        {
            if (message.Headers[name] is { Length: > 0 } value)
            {
                headers[name] = value;
            }
        }

        return new SendGridMail(
            new EmailAddress(email.ToAddress, email.ToName),
            new EmailAddress(from.Address, string.IsNullOrEmpty(from.Name) ? null : from.Name),
            email.Subject,
            email.Text,
            email.Html,
            replyTo is null ? null : new EmailAddress(replyTo.Address, string.IsNullOrEmpty(replyTo.Name) ? null : replyTo.Name),
            headers,
            new Dictionary<string, string> { [TokenArg] = token },
            Cc: email.Cc is { Count: > 0 } cc ? [.. cc.Select(a => new EmailAddress(a))] : null,
            Attachments: email.Attachments);
    }

    private static ProviderOutcome Outcome(EmailSendFailure failure) => failure switch
    {
        EmailSendFailure.ConnectionFailed or EmailSendFailure.Transient => ProviderOutcome.Transient,
        EmailSendFailure.AuthenticationFailed or EmailSendFailure.RecipientRejected or EmailSendFailure.Permanent
            or EmailSendFailure.Misconfigured => ProviderOutcome.Permanent,
        EmailSendFailure.UnknownOutcome => ProviderOutcome.UnknownOutcome,
    };
}
