using Microsoft.Extensions.DependencyInjection;
using Samsara.Core.Channels;
using Samsara.Core.Channels.Accounts;
using Samsara.Core.Channels.Sms;
using Samsara.Core.Channels.Voice;
using Samsara.Core.Common;
using Samsara.Core.Email;

namespace Samsara.Core.Providers;

/// <summary>What "test" on an account did, in words a recruiter can act on. Never contains a secret.</summary>
public sealed record ProviderTestResult(bool Succeeded, string Message, DateTimeOffset At);

/// <summary>
/// "Send a test message to me": an SMS through a Twilio account, an email through an SMTP or SendGrid account, and
/// for accounts that cannot message the recruiter an authenticated read. Uses the same client code as a real send,
/// pinned to the account under test, and records the outcome on the account.
/// </summary>
public sealed class ProviderTester(CredentialStore store, ProviderEndpointPolicy endpoints, IServiceProvider services, TimeProvider clock)
{
    /// <returns>Null when there is no such account.</returns>
    public async Task<ProviderTestResult?> TestAsync(Guid id, string? to, CancellationToken ct = default)
    {
        var account = await store.GetForUseAsync(id, ct);
        if (account is null)
        {
            return null;
        }

        ValidateTarget(account.ProviderType, to);
        ProviderTestResult result;
        if (endpoints.RefuseBaseUrl(account.ProviderType, account.SettingsJson) is { } refusal)
        {
            // A row saved before the rule (or edited by hand) must not carry its secrets to an unknown host either.
            result = new(false, $"Not tested: {refusal}", clock.GetUtcNow());
        }
        else
        {
            using (ProviderAccountPin.Use(account))
            {
                result = await RunAsync(account, to?.Trim(), ct);
            }
        }

        await store.RecordTestAsync(id, result.Succeeded, result.Message, ct);
        return result;
    }

    private static void ValidateTarget(ProviderType type, string? to)
    {
        var error = type switch
        {
            ProviderType.Twilio when string.IsNullOrWhiteSpace(to) || !E164.IsE164(to.Trim()) =>
                "Give your mobile number in international format (E.164), e.g. +447700900123.",
            ProviderType.Smtp or ProviderType.SendGrid when string.IsNullOrWhiteSpace(to) || !System.Net.Mail.MailAddress.TryCreate(to.Trim(), out _) =>
                "Give the email address the test message should go to.",
            _ => null,
        };
        if (error is not null)
        {
            throw new InputValidationException(new Dictionary<string, string[]> { ["to"] = [error] });
        }
    }

    private async Task<ProviderTestResult> RunAsync(ProviderAccount account, string? to, CancellationToken ct)
    {
        switch (account.ProviderType)
        {
            case ProviderType.Twilio:
                var sms = await services.GetRequiredService<TwilioSmsClient>()
                    .SendAsync(new SmsToSend(to!, "Samsara test message: this Twilio account can send SMS."), ct);
                return sms.Succeeded
                    ? Ok($"Test SMS accepted by Twilio ({sms.Value!.Sid}, status {sms.Value.Status}) for {to}.")
                    : Failed(sms.Failure!);
            case ProviderType.Smtp:
            case ProviderType.SendGrid:
                var email = await services.GetRequiredService<OutboundEmailSender>().SendWithAsync(account, new OutboundEmail(
                    Guid.CreateVersion7(clock.GetUtcNow()), to!, null, "Samsara test message",
                    $"This {account.ProviderType} account ('{account.ProviderName}') can send email from Samsara.",
                    $"<p>This {account.ProviderType} account can send email from Samsara.</p>"), ct);
                return email.Succeeded
                    ? Ok($"Test email accepted by {(account.ProviderType == ProviderType.Smtp ? "the SMTP server" : "SendGrid")} for {to}.")
                    : Failed(email.Failure!);
            case ProviderType.Imap:
                try
                {
                    var mailbox = ImapSettings.From(account);
                    await services.GetRequiredService<ImapReplyReader>().TestConnectionAsync(mailbox, account.Secrets.GetValueOrDefault("password"), ct);
                    return Ok($"Logged in to {mailbox.Host} and opened {mailbox.Folder}.");
                }
                catch (Exception e) when (e is MailboxException or InvalidOperationException)
                {
                    return new(false, e.Message, clock.GetUtcNow());
                }

            case ProviderType.Vapi:
                return await CheckAsync(services.GetRequiredService<VapiClient>(), ct);
            case ProviderType.Bland:
                return await CheckAsync(services.GetRequiredService<BlandClient>(), ct);
            case ProviderType.Retell:
                return await CheckAsync(services.GetRequiredService<RetellClient>(), ct);
            case ProviderType.Deepgram:
            case ProviderType.AssemblyAi:
                return new(false, $"{account.ProviderType} has no free read to test the key with; it is checked on the first transcription.", clock.GetUtcNow());
            default:
                throw new InvalidOperationException($"Unknown provider type {account.ProviderType}.");
        }
    }

    private async Task<ProviderTestResult> CheckAsync(IScreeningCallClient client, CancellationToken ct)
    {
        var listed = await client.CheckAccessAsync(ct);
        return listed.Succeeded
            ? Ok($"Authenticated with {client.ProviderName}: the account lists {listed.Value} recent call(s). No call was placed.")
            : Failed(listed.Failure!);
    }

    private ProviderTestResult Ok(string message) => new(true, message, clock.GetUtcNow());

    private ProviderTestResult Failed(ProviderFailure failure) => new(false, failure.Outcome switch
    {
        ProviderOutcome.Permanent when failure.HttpStatus is 401 or 403 => $"The provider refused the credentials: {failure.Reason}",
        _ => $"{failure.Outcome}: {failure.Reason}",
    }, clock.GetUtcNow());
}
