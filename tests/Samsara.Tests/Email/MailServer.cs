using System.Globalization;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Search;
using MailKit.Security;
using MimeKit;
using Samsara.Core.Email;
using Samsara.Core.Providers;

namespace Samsara.Tests.Email;

/// <summary>
/// The real Postfix and Dovecot started by <c>scripts/test-env/mail.sh</c> (through <c>./test.sh</c>).
/// Every address in agency.test and candidates.test is a mailbox with the same password; each test uses
/// fresh addresses so runs never see each other's mail.
/// </summary>
public sealed class MailServer
{
    public const string Host = "127.0.0.1";

    private MailServer(int smtpPort, int smtpAuthPort, int imapPort, string password)
    {
        SmtpPort = smtpPort;
        SmtpAuthPort = smtpAuthPort;
        ImapPort = imapPort;
        Password = password;
    }

    public int SmtpPort { get; }

    /// <summary>The submission port that requires login (SASL through Dovecot, same password).</summary>
    public int SmtpAuthPort { get; }

    public int ImapPort { get; }

    public string Password { get; }

    /// <summary>Fails the test (never skips it) when the servers were not started.</summary>
    public static MailServer FromEnvironment()
    {
        string Require(string name) =>
            Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
                ? value
                : throw new InvalidOperationException(
                    $"{name} is not set: these tests need the real Postfix and Dovecot. Run ./test.sh (it runs scripts/test-env/mail.sh start .test-run/mail " +
                    "and sources .test-run/mail/env), or do that yourself before dotnet test.");

        return new MailServer(
            int.Parse(Require("SAMSARA_TEST_SMTP_PORT"), CultureInfo.InvariantCulture),
            int.Parse(Require("SAMSARA_TEST_SMTP_AUTH_PORT"), CultureInfo.InvariantCulture),
            int.Parse(Require("SAMSARA_TEST_IMAP_PORT"), CultureInfo.InvariantCulture),
            Require("SAMSARA_TEST_IMAP_PASSWORD"));
    }

    public static string Unique(string prefix, string domain) => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}@{domain}";

    public SmtpSettings Smtp(string replyAddress, string? username = null, int? port = null) => new()
    {
        Host = Host,
        Port = port ?? SmtpPort,
        Security = MailSecurity.None,
        Username = username,
        FromAddress = "rita@agency.test",
        FromName = "Rita Recruiter",
        ReplyAddress = replyAddress,
    };

    public ImapSettings Imap(string user) => new() { Host = Host, Port = ImapPort, Security = MailSecurity.None, Username = user };

    /// <summary>A stored IMAP account for a mailbox here, as Settings → Providers would save it.</summary>
    public ProviderAccountInput ImapAccount(string user) => new()
    {
        ProviderType = ProviderType.Imap,
        ProviderName = "Replies inbox",
        SettingsJson = $$"""{"host":"{{Host}}","port":{{ImapPort}},"security":"None","username":"{{user}}"}""",
        Secrets = new() { ["password"] = Password },
    };

    /// <summary>Sends as a mail client would (the candidate answering), straight to Postfix.</summary>
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync(Host, SmtpPort, SecureSocketOptions.None, ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }

    /// <summary>Waits for a message in a mailbox, reading it as its owner would.</summary>
    public async Task<MimeMessage> WaitForMessageAsync(string user, Func<MimeMessage, bool> match, CancellationToken ct, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            using (var client = new ImapClient())
            {
                await client.ConnectAsync(Host, ImapPort, SecureSocketOptions.None, ct);
                await client.AuthenticateAsync(user, Password, ct);
                await client.Inbox.OpenAsync(FolderAccess.ReadOnly, ct);
                foreach (var uid in await client.Inbox.SearchAsync(SearchQuery.All, ct))
                {
                    var message = await client.Inbox.GetMessageAsync(uid, ct);
                    if (match(message))
                    {
                        return message;
                    }
                }

                await client.DisconnectAsync(true, ct);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No matching message reached {user} within {timeoutSeconds} s.");
            }

            await Task.Delay(250, ct);
        }
    }
}
