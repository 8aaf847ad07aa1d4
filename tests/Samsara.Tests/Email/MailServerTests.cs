using MimeKit;
using Samsara.Core.Email;
using Samsara.Core.Providers;

namespace Samsara.Tests.Email;

/// <summary>
/// Outreach mail through a real Postfix to a real Dovecot, and back: the candidate reads it, answers (or their
/// server auto-replies, or the address bounces), and Samsara's IMAP reader classifies what arrives.
/// </summary>
public sealed class MailServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly MailServer server = MailServer.FromEnvironment();
    private readonly string replies = MailServer.Unique("replies", "agency.test");
    private readonly string candidate = MailServer.Unique("ada", "candidates.test");

    private static OutboundEmail Outreach(string to) =>
        new(Guid.CreateVersion7(), to, "Ada Candidate", "Senior Engineer role", "Hi Ada,\n\nInterested in a Senior Engineer role?", "<p>Hi Ada,</p><p>Interested in a <b>Senior Engineer</b> role?</p>");

    private async Task<List<InboundEmail>> ReadRepliesUntilAsync(TestServices services, Func<InboundEmail, bool> done, int timeoutSeconds = 20)
    {
        var reader = services.Get<ImapReplyReader>();
        var seen = new List<InboundEmail>();
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!seen.Any(done))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Reader saw {seen.Count} message(s) in {replies}, none matching: " + string.Join("; ", seen.Select(s => $"{s.Kind} {s.Reason} {s.Subject}")));
            }

            await reader.ProcessNewAsync(server.Imap(replies), server.Password, (email, _) =>
            {
                seen.Add(email);
                return Task.CompletedTask;
            }, Ct);
            await Task.Delay(200, Ct);
        }

        return seen;
    }

    private static MimeMessage AnswerTo(MimeMessage original, string from, string body)
    {
        var answer = new MimeMessage { Subject = "Re: " + original.Subject, InReplyTo = original.MessageId };
        answer.References.Add(original.MessageId!);
        answer.From.Add(MailboxAddress.Parse(from));
        answer.To.AddRange(original.ReplyTo.Count > 0 ? original.ReplyTo : original.From);
        answer.Body = new TextPart("plain") { Text = body + "\n\nOn Tue, Rita wrote:\n> " + original.TextBody?.Split('\n')[0] };
        return answer;
    }

    [Fact]
    public async Task SendAsync_ThroughPostfix_CandidateReceivesBothPartsAndOurHeaders()
    {
        await using var services = await TestServices.StartAsync();
        var email = Outreach(candidate);

        var sent = await services.Get<SmtpEmailSender>().SendAsync(server.Smtp(replies), null, email, Ct);
        var received = await server.WaitForMessageAsync(candidate, m => m.MessageId == sent.SmtpMessageId, Ct);

        Assert.Equal($"samsara.{sent.ReplyToken}@agency.test", received.MessageId);
        Assert.Equal(sent.ReplyToken, received.Headers["X-Samsara-Token"]);
        Assert.Equal(replies.Replace("@", $"+{sent.ReplyToken}@", StringComparison.Ordinal), Assert.Single(received.ReplyTo.Mailboxes).Address);
        Assert.Contains($"mailto:{replies.Replace("@", $"+unsub-{sent.ReplyToken}@", StringComparison.Ordinal)}", received.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        Assert.Contains("Interested in a Senior Engineer role?", received.TextBody, StringComparison.Ordinal);
        Assert.Contains("<b>Senior Engineer</b>", received.HtmlBody, StringComparison.Ordinal);
        // Postfix records the envelope sender: bounces go to the plus-address with the token.
        Assert.Contains($"+{sent.ReplyToken}@", received.Headers[HeaderId.ReturnPath], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CandidateReply_WithInReplyTo_IsClassifiedAsReplyToThatSend()
    {
        await using var services = await TestServices.StartAsync();
        var email = Outreach(candidate);
        var sent = await services.Get<SmtpEmailSender>().SendAsync(server.Smtp(replies), null, email, Ct);
        var received = await server.WaitForMessageAsync(candidate, m => m.MessageId == sent.SmtpMessageId, Ct);

        await server.SendAsync(AnswerTo(received, candidate, "Yes, happy to talk. Friday 10am?"), Ct);
        var seen = await ReadRepliesUntilAsync(services, e => e.FromAddress == candidate);

        var reply = Assert.Single(seen);
        Assert.Equal(InboundEmailKind.Reply, reply.Kind);
        Assert.Equal(email.MessageId, reply.SentMessageId);
        Assert.Equal("Yes, happy to talk. Friday 10am?", reply.Text);
    }

    [Fact]
    public async Task CandidateAutoReply_IsClassifiedAsAutomaticForThatSend()
    {
        await using var services = await TestServices.StartAsync();
        var email = Outreach(candidate);
        var sent = await services.Get<SmtpEmailSender>().SendAsync(server.Smtp(replies), null, email, Ct);
        var received = await server.WaitForMessageAsync(candidate, m => m.MessageId == sent.SmtpMessageId, Ct);

        var outOfOffice = AnswerTo(received, candidate, "I am out of the office until Monday.");
        outOfOffice.Subject = "Automatic reply: " + received.Subject;
        outOfOffice.Headers.Add("Auto-Submitted", "auto-replied");
        outOfOffice.Headers.Add("X-Auto-Response-Suppress", "All");
        await server.SendAsync(outOfOffice, Ct);
        var seen = await ReadRepliesUntilAsync(services, e => e.FromAddress == candidate);

        var auto = Assert.Single(seen);
        Assert.Equal(InboundEmailKind.AutoReply, auto.Kind);
        Assert.Equal(email.MessageId, auto.SentMessageId);
        Assert.Equal("Auto-Submitted: auto-replied", auto.Reason);
    }

    [Fact]
    public async Task WatchAsync_MailArrivesWhileEarlierMailIsBeingRead_HandledWithoutWaitingForTheIdleRefresh()
    {
        // IDLE is refreshed only every 10 minutes here: the third mail must be noticed by other means.
        await using var services = await TestServices.StartAsync(b => b.Configuration["Samsara:Email:IdleRefresh"] = "00:10:00");
        // One at a time: Postfix does not promise to deliver two mails in the order they were sent.
        foreach (var subject in new[] { "first", "second" })
        {
            await server.SendAsync(Plain(subject), Ct);
            await server.WaitForMessageAsync(replies, m => m.Subject == subject, Ct);
        }

        var seen = new List<string>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var watching = services.Get<ImapReplyReader>().WatchAsync(server.Imap(replies), server.Password, async (email, _) =>
        {
            lock (seen)
            {
                seen.Add(email.Subject ?? "");
            }

            if (email.Subject == "first")
            {
                // The third mail lands while the reader still works through the ones it found, so the server announces
                // it in the middle of reading the second, not once the reader is idle.
                await server.SendAsync(Plain("third"), Ct);
                await server.WaitForMessageAsync(replies, m => m.Subject == "third", Ct);
            }
        }, stop.Token);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !seen.Contains("third") && !watching.IsCompleted)
        {
            await Task.Delay(100, Ct);
        }

        await stop.CancelAsync();
        await Task.WhenAny(watching, Task.Delay(TimeSpan.FromSeconds(5), Ct));
        Assert.Equal(["first", "second", "third"], seen);
    }

    private MimeMessage Plain(string subject)
    {
        var mail = new MimeMessage { Subject = subject };
        mail.From.Add(MailboxAddress.Parse(candidate));
        mail.To.Add(MailboxAddress.Parse(replies));
        mail.Body = new TextPart("plain") { Text = $"The {subject} mail." };
        return mail;
    }

    [Fact]
    public async Task SendToRejectingDomain_PostfixBounce_IsClassifiedWithFailedRecipient()
    {
        await using var services = await TestServices.StartAsync();
        var nobody = MailServer.Unique("nobody", "bounce.test");
        var email = Outreach(nobody);

        await services.Get<SmtpEmailSender>().SendAsync(server.Smtp(replies), null, email, Ct);
        var seen = await ReadRepliesUntilAsync(services, e => e.Kind == InboundEmailKind.Bounce);

        var bounce = Assert.Single(seen);
        Assert.Equal(nobody, bounce.FailedRecipient);
        Assert.Equal(email.MessageId, bounce.SentMessageId);
    }

    [Fact]
    public async Task CandidateUsesListUnsubscribeMailto_IsClassifiedAsUnsubscribe()
    {
        await using var services = await TestServices.StartAsync();
        var email = Outreach(candidate);
        var sent = await services.Get<SmtpEmailSender>().SendAsync(server.Smtp(replies), null, email, Ct);
        var received = await server.WaitForMessageAsync(candidate, m => m.MessageId == sent.SmtpMessageId, Ct);

        // What a mail client does with List-Unsubscribe: <mailto:ADDRESS?subject=unsubscribe>.
        var mailto = received.Headers["List-Unsubscribe"]!.Split("mailto:")[1].Split('?')[0];
        var request = new MimeMessage { Subject = "unsubscribe" };
        request.From.Add(MailboxAddress.Parse(candidate));
        request.To.Add(MailboxAddress.Parse(mailto));
        request.Body = new TextPart("plain") { Text = "This message was automatically generated by Mail to unsubscribe you." };
        await server.SendAsync(request, Ct);
        var seen = await ReadRepliesUntilAsync(services, e => e.FromAddress == candidate);

        var unsubscribe = Assert.Single(seen);
        Assert.Equal(InboundEmailKind.Unsubscribe, unsubscribe.Kind);
        Assert.Equal(email.MessageId, unsubscribe.SentMessageId);
    }

    [Fact]
    public async Task ProcessNewAsync_RunTwiceAndAfterRestart_NeverHandlesAMessageTwice()
    {
        var dataDirectory = TestServices.NewDataDirectory();
        var handled = new List<string?>();
        Task Handle(InboundEmail e, CancellationToken _)
        {
            handled.Add(e.MessageId);
            return Task.CompletedTask;
        }

        for (var i = 0; i < 2; i++)
        {
            var message = new MimeMessage { Subject = $"note {i}" };
            message.From.Add(MailboxAddress.Parse(candidate));
            message.To.Add(MailboxAddress.Parse(replies));
            message.Body = new TextPart("plain") { Text = "hello" };
            await server.SendAsync(message, Ct);
        }

        await server.WaitForMessageAsync(replies, m => m.Subject == "note 1", Ct);
        await using (var first = await TestServices.StartAsync(dataDirectory: dataDirectory, deleteOnDispose: false))
        {
            var reader = first.Get<ImapReplyReader>();
            Assert.Equal(2, await reader.ProcessNewAsync(server.Imap(replies), server.Password, Handle, Ct));
            Assert.Equal(0, await reader.ProcessNewAsync(server.Imap(replies), server.Password, Handle, Ct));
        }

        await using var second = await TestServices.StartAsync(dataDirectory: dataDirectory);
        Assert.Equal(0, await second.Get<ImapReplyReader>().ProcessNewAsync(server.Imap(replies), server.Password, Handle, Ct));
        Assert.Equal(2, handled.Distinct().Count());
        Assert.Equal(2, handled.Count);
    }

    [Fact]
    public async Task ProcessNewAsync_HandlerThrows_MessageIsHandledAgainNextTime()
    {
        await using var services = await TestServices.StartAsync();
        var message = new MimeMessage { Subject = "retry me" };
        message.From.Add(MailboxAddress.Parse(candidate));
        message.To.Add(MailboxAddress.Parse(replies));
        message.Body = new TextPart("plain") { Text = "hello" };
        await server.SendAsync(message, Ct);
        await server.WaitForMessageAsync(replies, m => m.Subject == "retry me", Ct);
        var reader = services.Get<ImapReplyReader>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.ProcessNewAsync(server.Imap(replies), server.Password,
            (_, _) => throw new InvalidOperationException("database down"), Ct));
        var handled = 0;
        await reader.ProcessNewAsync(server.Imap(replies), server.Password, (_, _) =>
        {
            handled++;
            return Task.CompletedTask;
        }, Ct);

        Assert.Equal(1, handled);
    }

    [Fact]
    public async Task WatchAsync_WithIdle_HandlesReplyLongBeforeThePollInterval()
    {
        await using var services = await TestServices.StartAsync(b => b.Configuration["Samsara:Email:PollInterval"] = "00:30:00");
        var arrived = new TaskCompletionSource<InboundEmail>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var watch = services.Get<ImapReplyReader>().WatchAsync(server.Imap(replies), server.Password, (email, _) =>
        {
            arrived.TrySetResult(email);
            return Task.CompletedTask;
        }, stop.Token);
        // Let the watcher reach IDLE on an empty mailbox before the reply is sent.
        await Task.Delay(1000, Ct);

        var email = Outreach(candidate);
        var sent = await services.Get<SmtpEmailSender>().SendAsync(server.Smtp(replies), null, email, Ct);
        var received = await server.WaitForMessageAsync(candidate, m => m.MessageId == sent.SmtpMessageId, Ct);
        await server.SendAsync(AnswerTo(received, candidate, "Sure"), Ct);
        var reply = await arrived.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.Equal((InboundEmailKind.Reply, email.MessageId), (reply.Kind, reply.SentMessageId));
        Assert.False(watch.IsCompleted, "the watch should still be idling for more mail");
        // Cancelling ends IDLE politely and the watch returns.
        await stop.CancelAsync();
        try
        {
            await watch.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            // Cancelled outside IDLE (e.g. while saving the cursor): also a clean stop.
        }
    }

    [Fact]
    public async Task WatchAsync_IdleDisabled_PollsAndHandlesReply()
    {
        await using var services = await TestServices.StartAsync(b =>
        {
            b.Configuration["Samsara:Email:UseIdle"] = "false";
            b.Configuration["Samsara:Email:PollInterval"] = "00:00:01";
        });
        var arrived = new TaskCompletionSource<InboundEmail>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var watch = services.Get<ImapReplyReader>().WatchAsync(server.Imap(replies), server.Password, (email, _) =>
        {
            arrived.TrySetResult(email);
            return Task.CompletedTask;
        }, stop.Token);

        var email = Outreach(candidate);
        var sent = await services.Get<SmtpEmailSender>().SendAsync(server.Smtp(replies), null, email, Ct);
        var received = await server.WaitForMessageAsync(candidate, m => m.MessageId == sent.SmtpMessageId, Ct);
        await server.SendAsync(AnswerTo(received, candidate, "Polling works"), Ct);
        var reply = await arrived.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.Equal((InboundEmailKind.Reply, email.MessageId), (reply.Kind, reply.SentMessageId));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch.WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    [Fact]
    public async Task SendAsync_StoredSmtpAccountWithLogin_IsAcceptedByAuthenticatingServer()
    {
        await using var services = await TestServices.StartAsync();
        var store = services.Get<CredentialStore>();
        var settings = server.Smtp(replies, username: "rita@agency.test", port: server.SmtpAuthPort);
        await store.AddAsync(new ProviderAccountInput
        {
            ProviderType = ProviderType.Smtp,
            ProviderName = "Agency mail",
            SettingsJson = System.Text.Json.JsonSerializer.Serialize(settings, SmtpJson),
            Secrets = new() { ["password"] = server.Password },
        }, Ct);

        var account = await store.GetActiveForUseAsync(ProviderType.Smtp, Ct);
        var sent = await services.Get<SmtpEmailSender>().SendAsync(account!, Outreach(candidate), Ct);

        var received = await server.WaitForMessageAsync(candidate, m => m.MessageId == sent.SmtpMessageId, Ct);
        Assert.Equal("Senior Engineer role", received.Subject);
        Assert.DoesNotContain(server.Password, services.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_WrongSmtpPassword_FailsWithAuthenticationError()
    {
        await using var services = await TestServices.StartAsync();
        var settings = server.Smtp(replies, username: "rita@agency.test", port: server.SmtpAuthPort);

        var error = await Assert.ThrowsAsync<EmailSendException>(() => services.Get<SmtpEmailSender>().SendAsync(settings, "not-the-password", Outreach(candidate), Ct));

        Assert.Equal(EmailSendFailure.AuthenticationFailed, error.Failure);
        Assert.False(error.IsRetryable);
        Assert.Contains("refused the login for 'rita@agency.test'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_LoginConfiguredButServerOffersNoAuth_FailsWithClearError()
    {
        await using var services = await TestServices.StartAsync();
        var settings = server.Smtp(replies, username: "rita@agency.test");

        var error = await Assert.ThrowsAsync<EmailSendException>(() => services.Get<SmtpEmailSender>().SendAsync(settings, server.Password, Outreach(candidate), Ct));

        Assert.Equal(EmailSendFailure.AuthenticationFailed, error.Failure);
        Assert.Contains("does not offer login", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_NothingListening_FailsAsRetryableConnectionError()
    {
        await using var services = await TestServices.StartAsync();
        var settings = server.Smtp(replies, port: FreePort());

        var error = await Assert.ThrowsAsync<EmailSendException>(() => services.Get<SmtpEmailSender>().SendAsync(settings, null, Outreach(candidate), Ct));

        Assert.Equal(EmailSendFailure.ConnectionFailed, error.Failure);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public async Task ProcessNewAsync_WrongImapPassword_FailsWithAuthenticationError()
    {
        await using var services = await TestServices.StartAsync();

        var error = await Assert.ThrowsAsync<MailboxException>(() => services.Get<ImapReplyReader>().ProcessNewAsync(server.Imap(replies), "wrong", (_, _) => Task.CompletedTask, Ct));

        Assert.True(error.IsAuthentication);
        Assert.Contains($"refused the login for '{replies}'", error.Message, StringComparison.Ordinal);
    }

    private static readonly System.Text.Json.JsonSerializerOptions SmtpJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
