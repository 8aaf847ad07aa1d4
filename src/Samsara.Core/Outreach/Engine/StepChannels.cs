using Samsara.Core.Channels;
using Samsara.Core.Channels.Sms;
using Samsara.Core.Email;
using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Engine;

/// <summary>Sends a prepared Message row on one channel, and tells whether an earlier attempt got through.</summary>
internal interface IStepChannel
{
    string Name { get; }

    /// <summary>Provider and sender address whose pace and daily cap this send counts against.</summary>
    string Provider { get; }

    /// <summary>Who carried the last message sent through this channel, for the usage ledger ("twilio", "smtp", "sendgrid").</summary>
    string Carrier { get; }

    ValueTask<string?> SenderAsync(CancellationToken ct);

    /// <returns>The provider's id for the message.</returns>
    Task<ProviderResult<string>> SendAsync(Message message, RenderedMessage? rendered, CancellationToken ct);

    /// <returns>The provider id when the earlier attempt got through, null when it surely did not.</returns>
    Task<ProviderResult<string?>> ReconcileAsync(Message message, DateTimeOffset attemptedAt, CancellationToken ct);
}

internal sealed class SmsStepChannel(TwilioSmsClient twilio) : IStepChannel
{
    public string Name => "SMS";

    public string Provider => "twilio";

    public string Carrier => "twilio";

    public ValueTask<string?> SenderAsync(CancellationToken ct) => twilio.SenderAsync(ct);

    public async Task<ProviderResult<string>> SendAsync(Message message, RenderedMessage? rendered, CancellationToken ct)
    {
        var result = await twilio.SendAsync(new SmsToSend(message.Recipient, message.Body), ct);
        return result.Succeeded ? ProviderResult<string>.Success(result.Value!.Sid) : ProviderResult<string>.Fail(result.Failure!);
    }

    public async Task<ProviderResult<string?>> ReconcileAsync(Message message, DateTimeOffset attemptedAt, CancellationToken ct)
    {
        var found = await twilio.ReconcileAsync(new SmsToSend(message.Recipient, message.Body), attemptedAt, ct);
        return found.Succeeded ? ProviderResult<string?>.Success(found.Value?.Sid) : ProviderResult<string?>.Fail(found.Failure!);
    }
}

internal sealed class EmailStepChannel(IOutreachEmailSender sender, string? recipientName, string? fromAddress) : IStepChannel
{
    /// <summary>ProviderCode of a failure that means the address itself is bad (the next step may use another channel).</summary>
    public const string RecipientRejected = "recipient-rejected";

    public string Name => "Email";

    public string Provider => "email";

    // A channel is made per step, so the transport of its one send is its own.
    public string Carrier { get; private set; } = "smtp";

    public ValueTask<string?> SenderAsync(CancellationToken ct) => ValueTask.FromResult(fromAddress);

    public async Task<ProviderResult<string>> SendAsync(Message message, RenderedMessage? rendered, CancellationToken ct)
    {
        // A resend after an unknown outcome has only the stored text; the HTML part is rebuilt from it.
        var html = rendered?.Html ?? EmailBody.FromRendered(message.Body, isHtml: false).Html;
        // The engine writes the usage row itself, in the same commit as the send (see StepProcessor.RecordSentAsync).
        var email = new OutboundEmail(message.Id, message.Recipient, recipientName, message.Subject ?? "", message.Body, html, Usage: OutboundEmailUsage.RecordedByCaller);
        try
        {
            var sent = await sender.SendAsync(email, ct);
            Carrier = sent.Transport;
            return ProviderResult<string>.Success(sent.SmtpMessageId);
        }
        catch (EmailSendException e)
        {
            return ProviderResult<string>.Fail(e.Failure switch
            {
                EmailSendFailure.ConnectionFailed or EmailSendFailure.Transient => new ProviderFailure(ProviderOutcome.Transient, e.Message),
                EmailSendFailure.RecipientRejected => new ProviderFailure(ProviderOutcome.Permanent, e.Message, ProviderCode: RecipientRejected),
                EmailSendFailure.AuthenticationFailed or EmailSendFailure.Misconfigured => new ProviderFailure(ProviderOutcome.Transient, e.Message),
                EmailSendFailure.Permanent => new ProviderFailure(ProviderOutcome.Permanent, e.Message),
                EmailSendFailure.UnknownOutcome => new ProviderFailure(ProviderOutcome.UnknownOutcome, e.Message),
            });
        }
    }

    /// <summary>
    /// SMTP has no way to ask whether a message was accepted. A resend carries the same Message-ID (it is derived
    /// from the Message row), so receiving servers and mail clients can tell it is the same mail.
    /// </summary>
    public Task<ProviderResult<string?>> ReconcileAsync(Message message, DateTimeOffset attemptedAt, CancellationToken ct) =>
        Task.FromResult(ProviderResult<string?>.Success(null));
}
