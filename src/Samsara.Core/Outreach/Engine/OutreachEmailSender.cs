using Samsara.Core.Email;
using Samsara.Core.Providers;

namespace Samsara.Core.Outreach.Engine;

/// <summary>
/// The engine's one way to send an email. Today it is SMTP with the active SMTP account; when the providers work
/// lands a single SMTP-or-SendGrid entry point, the registration in <see cref="OutreachEngineRegistration"/> points
/// here at that instead (one line). Failures are thrown as <see cref="EmailSendException"/>.
/// </summary>
public interface IOutreachEmailSender
{
    Task<SentEmail> SendAsync(OutboundEmail email, CancellationToken ct);
}

internal sealed class SmtpOutreachEmailSender(CredentialStore credentials, SmtpEmailSender smtp) : IOutreachEmailSender
{
    public async Task<SentEmail> SendAsync(OutboundEmail email, CancellationToken ct)
    {
        var account = await credentials.GetActiveForUseAsync(ProviderType.Smtp, ct)
            ?? throw new EmailSendException(EmailSendFailure.Misconfigured, "No SMTP account is set up (Settings → Providers); the email waits.");
        return await smtp.SendAsync(account, email, ct);
    }
}

/// <summary>A host without <c>AddEmail()</c>: email steps wait (retried with backoff) and say why.</summary>
internal sealed class NoEmailSender : IOutreachEmailSender
{
    public Task<SentEmail> SendAsync(OutboundEmail email, CancellationToken ct) =>
        throw new EmailSendException(EmailSendFailure.Misconfigured, "Email is not set up in this Samsara host; the email waits.");
}
