using Samsara.Core.Channels;
using Samsara.Core.Email;
using Samsara.Core.Outreach.Engine;

namespace Samsara.Tests.Outreach.Engine;

/// <summary>How the email entry point's failures reach the engine: a refused recipient must still mark the address bad.</summary>
public sealed class OutreachEmailFailureTests
{
    [Theory]
    [InlineData(ProviderOutcome.Permanent, nameof(EmailSendFailure.RecipientRejected), EmailSendFailure.RecipientRejected)]
    [InlineData(ProviderOutcome.Permanent, nameof(EmailSendFailure.Misconfigured), EmailSendFailure.Misconfigured)]
    [InlineData(ProviderOutcome.Transient, nameof(EmailSendFailure.ConnectionFailed), EmailSendFailure.ConnectionFailed)]
    [InlineData(ProviderOutcome.Transient, null, EmailSendFailure.Transient)]
    [InlineData(ProviderOutcome.RateLimited, null, EmailSendFailure.Transient)]
    [InlineData(ProviderOutcome.UnknownOutcome, null, EmailSendFailure.UnknownOutcome)]
    [InlineData(ProviderOutcome.Permanent, "invalid_email", EmailSendFailure.Permanent)]
    [InlineData(ProviderOutcome.Transient, "2", EmailSendFailure.Transient)]
    public void KindOf_ProviderFailure_KeepsTheSmtpKindOrFallsBackToTheOutcome(ProviderOutcome outcome, string? code, EmailSendFailure expected)
    {
        var kind = ProviderOutreachEmailSender.KindOf(new ProviderFailure(outcome, "refused", ProviderCode: code));

        Assert.Equal(expected, kind);
    }
}
