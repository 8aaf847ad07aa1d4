using System.Text;
using MimeKit;
using Samsara.Core.Email;

namespace Samsara.Tests.Email;

public sealed class InboundEmailClassifierTests
{
    private const string Token = "0192f3a4b5c6d7e8f90a1b2c3d4e5f60";

    private static MimeMessage Parse(string raw) =>
        MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw.ReplaceLineEndings("\r\n"))));

    private static MimeMessage Mail(string headers, string body = "Thanks, sounds interesting. Call me tomorrow.") => Parse($"""
        From: Ada Candidate <ada@candidates.test>
        To: Rita <replies@agency.test>
        Subject: Re: Senior Engineer role
        Message-ID: <reply-1@candidates.test>
        Date: Tue, 24 Nov 2026 10:00:00 +0000
        {headers}
        Content-Type: text/plain; charset=utf-8

        {body}
        """.Replace("\n\n\n", "\n\n", StringComparison.Ordinal));

    [Fact]
    public void Classify_InReplyToOurMessageId_IsReplyWithToken()
    {
        var result = InboundEmailClassifier.Classify(Mail($"In-Reply-To: <samsara.{Token}@agency.test>"));

        Assert.Equal(InboundEmailKind.Reply, result.Kind);
        Assert.Equal(Token, result.ReplyToken);
        Assert.Equal(Guid.ParseExact(Token, "N"), result.SentMessageId);
        Assert.Equal("ada@candidates.test", result.FromAddress);
        Assert.Equal("Thanks, sounds interesting. Call me tomorrow.", result.Text);
    }

    [Fact]
    public void Classify_OurMessageIdOnlyInReferences_IsReply()
    {
        var result = InboundEmailClassifier.Classify(Mail($"In-Reply-To: <other@x.test>\nReferences: <first@x.test> <samsara.{Token}@agency.test> <other@x.test>"));

        Assert.Equal((InboundEmailKind.Reply, Token), (result.Kind, result.ReplyToken));
    }

    [Fact]
    public void Classify_SentToPlusAddressWithoutThreadHeaders_IsReplyByToken()
    {
        var message = Mail("");
        message.To.Clear();
        message.To.Add(MailboxAddress.Parse($"replies+{Token}@agency.test"));

        var result = InboundEmailClassifier.Classify(message);

        Assert.Equal((InboundEmailKind.Reply, Token), (result.Kind, result.ReplyToken));
        Assert.Equal("sent to a send's reply address", result.Reason);
    }

    [Fact]
    public void Classify_TokenOnlyInDeliveredTo_IsReply()
    {
        var result = InboundEmailClassifier.Classify(Mail($"Delivered-To: replies+{Token.ToUpperInvariant()}@agency.test"));

        Assert.Equal((InboundEmailKind.Reply, Token), (result.Kind, result.ReplyToken));
    }

    [Fact]
    public void Classify_NoReferenceToAnySend_IsUnrelated()
    {
        var result = InboundEmailClassifier.Classify(Mail("In-Reply-To: <someone-else@x.test>"));

        Assert.Equal(InboundEmailKind.Unrelated, result.Kind);
        Assert.Null(result.ReplyToken);
    }

    [Theory]
    [InlineData("Auto-Submitted: auto-replied")]
    [InlineData("Auto-Submitted: auto-generated")]
    [InlineData("Auto-Submitted: auto-notified; owner-email=\"x@y.test\"")]
    [InlineData("X-Autoreply: yes")]
    [InlineData("X-Autorespond: Thanks for your mail")]
    [InlineData("Precedence: bulk")]
    [InlineData("Precedence: junk")]
    [InlineData("Precedence: list")]
    [InlineData("Precedence: auto_reply")]
    [InlineData("X-Auto-Response-Suppress: All")]
    [InlineData("List-Id: <announce.lists.test>")]
    public void Classify_AutomaticHeader_IsAutoReplyKeepingToken(string header)
    {
        var result = InboundEmailClassifier.Classify(Mail($"In-Reply-To: <samsara.{Token}@agency.test>\n{header}"));

        Assert.Equal(InboundEmailKind.AutoReply, result.Kind);
        Assert.Equal(Token, result.ReplyToken);
    }

    [Theory]
    [InlineData("Auto-Submitted: no")]
    [InlineData("Auto-Submitted: No ")]
    [InlineData("Precedence: first-class")]
    public void Classify_HeadersThatAreNotAutomatic_StayReply(string header)
    {
        var result = InboundEmailClassifier.Classify(Mail($"In-Reply-To: <samsara.{Token}@agency.test>\n{header}"));

        Assert.Equal(InboundEmailKind.Reply, result.Kind);
    }

    [Theory]
    [InlineData("Out of Office: Senior Engineer role")]
    [InlineData("Automatic reply: Senior Engineer role")]
    [InlineData("AutoReply: away")]
    [InlineData("Auto-Response")]
    [InlineData("I am on vacation")]
    [InlineData("Abwesenheitsnotiz: Senior Engineer role")]
    [InlineData("Réponse automatique : Senior Engineer role")]
    public void Classify_OutOfOfficeSubjectWithoutHeaders_IsAutoReply(string subject)
    {
        var message = Mail($"In-Reply-To: <samsara.{Token}@agency.test>");
        message.Subject = subject;

        Assert.Equal(InboundEmailKind.AutoReply, InboundEmailClassifier.Classify(message).Kind);
    }

    [Fact]
    public void Classify_PostfixDeliveryStatusReport_IsBounceWithFailedRecipientAndToken()
    {
        var result = InboundEmailClassifier.Classify(Parse(PostfixBounce(Token)));

        Assert.Equal(InboundEmailKind.Bounce, result.Kind);
        Assert.Equal("x@bounce.test", result.FailedRecipient);
        Assert.Equal(Token, result.ReplyToken);
        Assert.StartsWith("delivery status report: failed", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_BounceWithTokenOnlyInReturnedMessage_FindsToken()
    {
        var raw = PostfixBounce(Token).Replace($"To: replies+{Token}@agency.test", "To: replies@agency.test", StringComparison.Ordinal)
            .Replace($"Delivered-To: replies+{Token}@agency.test\n", "", StringComparison.Ordinal);

        var result = InboundEmailClassifier.Classify(Parse(raw));

        Assert.Equal((InboundEmailKind.Bounce, Token), (result.Kind, result.ReplyToken));
    }

    [Fact]
    public void Classify_DelayedDeliveryReport_IsAutoReplyNotBounce()
    {
        var raw = PostfixBounce(Token).Replace("Action: failed", "Action: delayed", StringComparison.Ordinal);

        var result = InboundEmailClassifier.Classify(Parse(raw));

        Assert.Equal(InboundEmailKind.AutoReply, result.Kind);
        Assert.Null(result.FailedRecipient);
    }

    [Fact]
    public void Classify_MailerDaemonPlainTextBounce_IsBounceWithXFailedRecipients()
    {
        var result = InboundEmailClassifier.Classify(Parse($"""
            From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example>
            To: replies+{Token}@agency.test
            Subject: Mail delivery failed: returning message to sender
            X-Failed-Recipients: gone@example.org
            Content-Type: text/plain

            A message that you sent could not be delivered to one or more of its recipients.
            """));

        Assert.Equal(InboundEmailKind.Bounce, result.Kind);
        Assert.Equal("gone@example.org", result.FailedRecipient);
        Assert.Equal(Token, result.ReplyToken);
    }

    [Fact]
    public void Classify_EmptyReturnPathWithFailureSubject_IsBounceWithAddressFromText()
    {
        var result = InboundEmailClassifier.Classify(Parse($"""
            Return-Path: <>
            From: postmaster@mx.example
            To: replies+{Token}@agency.test
            Subject: Undeliverable: Senior Engineer role
            Content-Type: text/plain

            <nobody@example.org>: host mx.example said: 550 5.1.1 user unknown
            """));

        Assert.Equal(InboundEmailKind.Bounce, result.Kind);
        Assert.Equal("nobody@example.org", result.FailedRecipient);
    }

    [Fact]
    public void Classify_EmptyReturnPathOutOfOffice_IsAutoReplyNotBounce()
    {
        var result = InboundEmailClassifier.Classify(Parse($"""
            Return-Path: <>
            From: Ada <ada@candidates.test>
            To: replies+{Token}@agency.test
            Subject: Out of office
            Auto-Submitted: auto-replied
            Content-Type: text/plain

            I am away until Monday.
            """));

        Assert.Equal(InboundEmailKind.AutoReply, result.Kind);
    }

    [Fact]
    public void Classify_MailToUnsubscribeAddress_IsUnsubscribe()
    {
        var message = Mail("", body: "");
        message.To.Clear();
        message.To.Add(MailboxAddress.Parse($"replies+unsub-{Token}@agency.test"));
        message.Subject = "unsubscribe";

        var result = InboundEmailClassifier.Classify(message);

        Assert.Equal((InboundEmailKind.Unsubscribe, Token), (result.Kind, result.ReplyToken));
        Assert.Equal("sent to the unsubscribe address", result.Reason);
    }

    [Theory]
    [InlineData("Unsubscribe", "whatever")]
    [InlineData("Re: Senior Engineer role", "Please unsubscribe me from these emails.")]
    [InlineData("Re: Senior Engineer role", "STOP")]
    [InlineData("Re: Senior Engineer role", "remove me from your list")]
    public void Classify_ReplyAskingToUnsubscribe_IsUnsubscribe(string subject, string body)
    {
        var message = Mail($"In-Reply-To: <samsara.{Token}@agency.test>", body);
        message.Subject = subject;

        var result = InboundEmailClassifier.Classify(message);

        Assert.Equal((InboundEmailKind.Unsubscribe, Token), (result.Kind, result.ReplyToken));
    }

    [Fact]
    public void Classify_UnsubscribeOnlyInQuotedOriginal_IsStillReply()
    {
        var body = "Yes, happy to talk on Friday.\n\nOn Tue, 24 Nov 2026 at 09:00, Rita <rita@agency.test> wrote:\n> Hi Ada,\n> To unsubscribe reply unsubscribe.";
        var result = InboundEmailClassifier.Classify(Mail($"In-Reply-To: <samsara.{Token}@agency.test>", body));

        Assert.Equal(InboundEmailKind.Reply, result.Kind);
        Assert.Equal("Yes, happy to talk on Friday.", result.Text);
    }

    [Fact]
    public void Classify_HtmlOnlyReply_ExtractsText()
    {
        var message = new MimeMessage { Subject = "Re: role", InReplyTo = $"samsara.{Token}@agency.test" };
        message.From.Add(MailboxAddress.Parse("ada@candidates.test"));
        message.Body = new TextPart("html") { Text = "<p>Sounds <b>great</b></p>" };

        var result = InboundEmailClassifier.Classify(message);

        Assert.Equal(InboundEmailKind.Reply, result.Kind);
        Assert.Equal("Sounds great", result.Text);
    }

    internal static string PostfixBounce(string token) => $"""
        Return-Path: <>
        Delivered-To: replies+{token}@agency.test
        Date: Tue, 24 Nov 2026 04:16:18 +0000 (UTC)
        From: Mail Delivery System <MAILER-DAEMON@mail.samsara.test>
        Subject: Undelivered Mail Returned to Sender
        To: replies+{token}@agency.test
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status;
        	boundary="B1"
        Message-Id: <20261124041618.8860A51609F@mail.samsara.test>

        This is a MIME-encapsulated message.

        --B1
        Content-Description: Notification
        Content-Type: text/plain; charset=utf-8

        <x@bounce.test>: host 127.0.0.1[127.0.0.1] said: 554 5.7.1 <x@bounce.test>:
            Recipient address rejected: Access denied (in reply to RCPT TO command)

        --B1
        Content-Description: Delivery report
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mail.samsara.test
        X-Postfix-Queue-ID: 4EA8E51609A
        Arrival-Date: Tue, 24 Nov 2026 04:16:18 +0000 (UTC)

        Final-Recipient: rfc822; x@bounce.test
        Original-Recipient: rfc822;x@bounce.test
        Action: failed
        Status: 5.7.1
        Remote-MTA: dns; 127.0.0.1
        Diagnostic-Code: smtp; 554 5.7.1 <x@bounce.test>: Recipient address rejected:
            Access denied

        --B1
        Content-Description: Undelivered Message
        Content-Type: message/rfc822

        Return-Path: <replies+{token}@agency.test>
        From: recruiter@agency.test
        To: x@bounce.test
        Subject: Senior Engineer role
        X-Samsara-Token: {token}
        Message-Id: <samsara.{token}@agency.test>

        x

        --B1--
        """;
}
