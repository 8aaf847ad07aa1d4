using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Samsara.Core.Email;
using Samsara.Core.Providers;

namespace Samsara.Tests.Email;

/// <summary>Account settings, connection tests and the inbox watcher as the app wires them.</summary>
public sealed class EmailSetupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ProviderAccount Account(ProviderType type, string? settingsJson) =>
        new(Guid.NewGuid(), type, "Agency mail", settingsJson, new ProviderSecrets(new Dictionary<string, string> { ["password"] = "pw" }));

    [Theory]
    [InlineData(null)]
    [InlineData("{not json")]
    [InlineData("""{"port":25}""")]
    public async Task SendAsync_AccountWithBadSettings_FailsAsMisconfigured(string? settingsJson)
    {
        await using var services = await TestServices.StartAsync();

        var error = await Assert.ThrowsAsync<EmailSendException>(() => services.Get<SmtpEmailSender>().SendAsync(
            Account(ProviderType.Smtp, settingsJson), new OutboundEmail(Guid.NewGuid(), "a@b.test", null, "s", "t", "<p>t</p>"), Ct));

        Assert.Equal(EmailSendFailure.Misconfigured, error.Failure);
    }

    [Fact]
    public async Task SendAsync_NonSmtpAccount_FailsAsMisconfigured()
    {
        await using var services = await TestServices.StartAsync();

        var error = await Assert.ThrowsAsync<EmailSendException>(() => services.Get<SmtpEmailSender>().SendAsync(
            Account(ProviderType.Twilio, "{}"), new OutboundEmail(Guid.NewGuid(), "a@b.test", null, "s", "t", "<p>t</p>"), Ct));

        Assert.Equal(EmailSendFailure.Misconfigured, error.Failure);
        Assert.Contains("not SMTP", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmtpSettings_FromStoredJson_ReadsSecurityByName()
    {
        var settings = SmtpSettings.From(Account(ProviderType.Smtp,
            """{"host":"smtp.agency.test","port":465,"security":"Tls","username":"rita","fromAddress":"rita@agency.test","replyAddress":"replies@agency.test"}"""));

        Assert.Equal(("smtp.agency.test", 465, MailSecurity.Tls, "rita"), (settings.Host, settings.Port, settings.Security, settings.Username));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Start_OneClickUnsubscribeUrlNotHttps_FailsValidationOnStart()
    {
        await using var services = await TestServices.StartAsync(b => b.Configuration["Samsara:Email:OneClickUnsubscribeUrl"] = "http://insecure.test/u/{token}");

        var error = Assert.Throws<OptionsValidationException>(() => services.Get<IOptions<EmailOptions>>().Value);

        Assert.Contains("https", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestConnectionAsync_SmtpGoodAndBadPassword_PassesThenFailsClearly()
    {
        var server = MailServer.FromEnvironment();
        await using var services = await TestServices.StartAsync();
        var sender = services.Get<SmtpEmailSender>();
        var settings = server.Smtp("replies@agency.test", username: "rita@agency.test", port: server.SmtpAuthPort);

        await sender.TestConnectionAsync(settings, server.Password, Ct);
        var error = await Assert.ThrowsAsync<EmailSendException>(() => sender.TestConnectionAsync(settings, "bad", Ct));

        Assert.Equal(EmailSendFailure.AuthenticationFailed, error.Failure);
    }

    [Fact]
    public async Task TestConnectionAsync_ImapMissingFolder_FailsNamingTheFolder()
    {
        var server = MailServer.FromEnvironment();
        await using var services = await TestServices.StartAsync();
        var reader = services.Get<ImapReplyReader>();
        var mailbox = server.Imap(MailServer.Unique("replies", "agency.test"));

        await reader.TestConnectionAsync(mailbox, server.Password, Ct);
        var error = await Assert.ThrowsAsync<MailboxException>(() => reader.TestConnectionAsync(mailbox with { Folder = "Nope" }, server.Password, Ct));

        Assert.False(error.IsAuthentication);
        Assert.Contains("'Nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InboundEmailWatcher_WithStoredImapAccount_HandsNewMailToHandlers()
    {
        var server = MailServer.FromEnvironment();
        var handler = new RecordingHandler();
        await using var services = await TestServices.StartAsync(b => b.Services.AddSingleton<IInboundEmailHandler>(handler));
        var replies = MailServer.Unique("replies", "agency.test");
        await services.Get<CredentialStore>().AddAsync(server.ImapAccount(replies), Ct);
        var watcher = services.Services.GetServices<IHostedService>().OfType<InboundEmailWatcher>().Single();

        await watcher.StartAsync(Ct);
        var token = Guid.CreateVersion7();
        var reply = new MimeKit.MimeMessage { Subject = "Re: role", InReplyTo = $"samsara.{token:N}@agency.test" };
        reply.From.Add(MimeKit.MailboxAddress.Parse("ada@candidates.test"));
        reply.To.Add(MimeKit.MailboxAddress.Parse(replies));
        reply.Body = new MimeKit.TextPart("plain") { Text = "Yes" };
        await server.SendAsync(reply, Ct);
        // An upper bound, not a timing claim: on a loaded 2-core CI machine login + first poll can take a while.
        var handled = await handler.First.Task.WaitAsync(TimeSpan.FromSeconds(90), Ct);
        await watcher.StopAsync(Ct);

        Assert.Equal((InboundEmailKind.Reply, token), (handled.Kind, handled.SentMessageId));
    }

    private sealed class RecordingHandler : IInboundEmailHandler
    {
        public TaskCompletionSource<InboundEmail> First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task HandleAsync(InboundEmail email, CancellationToken ct)
        {
            First.TrySetResult(email);
            return Task.CompletedTask;
        }
    }
}
