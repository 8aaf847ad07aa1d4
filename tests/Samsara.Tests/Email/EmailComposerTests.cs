using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Samsara.Core.Email;

namespace Samsara.Tests.Email;

public sealed class EmailComposerTests
{
    private static readonly Guid MessageId = Guid.Parse("0192f3a4-b5c6-d7e8-f90a-1b2c3d4e5f60");

    private static readonly SmtpSettings Smtp = new()
    {
        Host = "smtp.agency.test",
        FromAddress = "rita@agency.test",
        FromName = "Rita Recruiter",
        ReplyAddress = "replies@agency.test",
    };

    private static readonly OutboundEmail Outbound = new(MessageId, "ada@candidates.test", "Ada", "Senior Engineer role", "Hi Ada", "<p>Hi Ada</p>");

    private static MimeMessage Compose(string? oneClickUrl = null) =>
        new EmailComposer(Options.Create(new EmailOptions { OneClickUnsubscribeUrl = oneClickUrl }), new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero)))
            .Compose(Smtp, Outbound);

    [Fact]
    public void Compose_Always_HasOwnMessageIdTokenAndReplyTo()
    {
        var message = Compose();

        Assert.Equal("samsara.0192f3a4b5c6d7e8f90a1b2c3d4e5f60@agency.test", message.MessageId);
        Assert.Equal("0192f3a4b5c6d7e8f90a1b2c3d4e5f60", message.Headers["X-Samsara-Token"]);
        Assert.Equal("replies+0192f3a4b5c6d7e8f90a1b2c3d4e5f60@agency.test", Assert.Single(message.ReplyTo.Mailboxes).Address);
        Assert.Equal("rita@agency.test", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero), message.Date);
    }

    [Fact]
    public void Compose_Always_HasTextAndHtmlAlternatives()
    {
        var message = Compose();

        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal("Hi Ada", message.TextBody?.Trim());
        Assert.Equal("<p>Hi Ada</p>", message.HtmlBody?.Trim());
        Assert.Equal(2, alternative.Count);
    }

    [Fact]
    public void Compose_WithoutOneClickUrl_HasMailtoUnsubscribeOnly()
    {
        var message = Compose();

        Assert.Equal("<mailto:replies+unsub-0192f3a4b5c6d7e8f90a1b2c3d4e5f60@agency.test?subject=unsubscribe>", message.Headers["List-Unsubscribe"]);
        Assert.Null(message.Headers["List-Unsubscribe-Post"]);
    }

    [Fact]
    public void Compose_WithOneClickUrl_AddsHttpsAndPostHeader()
    {
        var message = Compose("https://samsara.agency.test/u/{token}");

        Assert.Equal("<https://samsara.agency.test/u/0192f3a4b5c6d7e8f90a1b2c3d4e5f60>, <mailto:replies+unsub-0192f3a4b5c6d7e8f90a1b2c3d4e5f60@agency.test?subject=unsubscribe>", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
    }

    [Fact]
    public void Compose_ThenReplyFromMailClient_ClassifiesAsReplyToThisSend()
    {
        var sent = Compose();
        var reply = new MimeMessage { Subject = "Re: " + sent.Subject, InReplyTo = sent.MessageId };
        reply.References.Add(sent.MessageId!);
        reply.From.Add(MailboxAddress.Parse("ada@candidates.test"));
        reply.To.AddRange(sent.ReplyTo);
        reply.Body = new TextPart("plain") { Text = "Yes please" };

        var result = InboundEmailClassifier.Classify(reply);

        Assert.Equal(InboundEmailKind.Reply, result.Kind);
        Assert.Equal(MessageId, result.SentMessageId);
    }

    [Fact]
    public void EnvelopeSender_IsPlusAddressedSoBouncesCarryTheToken()
    {
        Assert.Equal("replies+0192f3a4b5c6d7e8f90a1b2c3d4e5f60@agency.test", EmailComposer.EnvelopeSender(Smtp, Outbound).Address);
    }
}
