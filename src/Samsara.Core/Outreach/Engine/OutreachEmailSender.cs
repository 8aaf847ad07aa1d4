using Samsara.Core.Channels;
using Samsara.Core.Email;

namespace Samsara.Core.Outreach.Engine;

/// <summary>
/// The engine's one way to send an email. It goes through <see cref="OutboundEmailSender"/>, which picks SMTP or SendGrid. Failures are thrown as <see cref="EmailSendException"/>.
/// </summary>
public interface IOutreachEmailSender
{
    Task<SentEmail> SendAsync(OutboundEmail email, CancellationToken ct);
}

/// <summary>Sends through the one email entry point (SMTP or SendGrid, whichever account is set up).</summary>
internal sealed class ProviderOutreachEmailSender(OutboundEmailSender sender) : IOutreachEmailSender
{
    public async Task<SentEmail> SendAsync(OutboundEmail email, CancellationToken ct)
    {
        var result = await sender.SendAsync(email, ct);
        if (result.Succeeded)
        {
            return result.Value!;
        }

        var failure = result.Failure!;
        var kind = KindOf(failure);
        throw new EmailSendException(kind, failure.Reason);
    }

    /// <summary>
    /// The entry point names the SMTP failure it saw; the step channel decides from that whether to retry, wait for an
    /// account, or mark the address bad. Other codes (SendGrid's, numeric ones) fall back to the outcome.
    /// </summary>
    internal static EmailSendFailure KindOf(ProviderFailure failure) =>
        Enum.TryParse<EmailSendFailure>(failure.ProviderCode, out var named) && Enum.IsDefined(named) && !int.TryParse(failure.ProviderCode, out _)
            ? named
            : failure.Outcome switch
            {
                ProviderOutcome.Transient or ProviderOutcome.RateLimited => EmailSendFailure.Transient,
                ProviderOutcome.UnknownOutcome => EmailSendFailure.UnknownOutcome,
                _ => EmailSendFailure.Permanent,
            };
}

/// <summary>A host without <c>AddEmail()</c>: email steps wait (retried with backoff) and say why.</summary>
internal sealed class NoEmailSender : IOutreachEmailSender
{
    public Task<SentEmail> SendAsync(OutboundEmail email, CancellationToken ct) =>
        throw new EmailSendException(EmailSendFailure.Misconfigured, "Email is not set up in this Samsara host; the email waits.");
}
