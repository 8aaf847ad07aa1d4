using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Samsara.Core.Channels;
using Samsara.Core.Channels.Accounts;
using Samsara.Core.Email;
using Samsara.Sandbox;
using Samsara.Tests.Sandbox;
using Samsara.Tests.Sandbox.Contract;

namespace Samsara.Tests.Email;

/// <summary>The single email entry point sending through SendGrid, against the sandbox's simulator and SendGrid's spec.</summary>
public sealed class OutboundEmailSenderTests : IAsyncLifetime
{
    private SandboxHarness h = null!;

    public async ValueTask InitializeAsync() => h = await SandboxHarness.StartAsync();

    public async ValueTask DisposeAsync() => await h.DisposeAsync();

    private OutboundEmailSender Sender(string? apiKey = null, string? oneClick = "https://samsara.agency.example/unsubscribe/{token}")
    {
        var options = Options.Create(new EmailOptions { OneClickUnsubscribeUrl = oneClick, FromAddress = "rita@agency.example", FromName = "Rita Recruiter", ReplyAddress = "replies@agency.example" });
        var composer = new EmailComposer(options, h.Time);
        return new OutboundEmailSender(new NoStoredAccounts(), composer, new SmtpEmailSender(composer, options, NullLogger<SmtpEmailSender>.Instance),
            h.SendGrid(apiKey), h.SendGridSettings(apiKey), options);
    }

    private static OutboundEmail Email(Guid id) =>
        new(id, "ada@example.com", "Ada Lovelace", "A platform role at Acme", "Hi Ada,\nInterested?", "<p>Hi Ada,</p><p>Interested?</p>");

    [Fact]
    public async Task SendAsync_ConfiguredSendGrid_SameMessageIdTokenPartsAndUnsubscribeHeadersAsSmtp()
    {
        var id = Guid.CreateVersion7();

        var result = await Sender().SendAsync(Email(id), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.ToString());
        var sent = result.Value!;
        var token = ReplyToken.For(id);
        Assert.Equal("sendgrid", sent.Transport);
        Assert.Equal(token, sent.ReplyToken);
        Assert.NotNull(sent.TransportMessageId);

        var body = Assert.Single(h.Server.Mail.All()).Request;
        var headers = body.GetProperty("headers");
        Assert.Equal($"<{sent.SmtpMessageId}>", headers.GetProperty("Message-ID").GetString());
        Assert.Equal($"samsara.{token}@agency.example", sent.SmtpMessageId);
        Assert.Equal(token, headers.GetProperty(ReplyToken.HeaderName).GetString());
        Assert.Equal($"<https://samsara.agency.example/unsubscribe/{token}>, <mailto:replies+unsub-{token}@agency.example?subject=unsubscribe>",
            headers.GetProperty("List-Unsubscribe").GetString());
        Assert.Equal("List-Unsubscribe=One-Click", headers.GetProperty("List-Unsubscribe-Post").GetString());
        Assert.Equal($"replies+{token}@agency.example", body.GetProperty("reply_to").GetProperty("email").GetString());
        Assert.Equal(["text/plain", "text/html"], body.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("type").GetString()));
        Assert.Equal("<p>Hi Ada,</p><p>Interested?</p>", body.GetProperty("content")[1].GetProperty("value").GetString());
        Assert.Equal(token, body.GetProperty("personalizations")[0].GetProperty("custom_args").GetProperty(OutboundEmailSender.TokenArg).GetString());
        h.AssertContract(ProviderSpecs.SendGrid, SandboxRegistration.Paths.SendGrid);
    }

    [Fact]
    public async Task SendAsync_SendGridWithCcAndPdfAttachments_CopiesAndFilesInTheRequestAsSendGridsSpecSaysThem()
    {
        // A client package's shape: one client, a hiring manager in copy, PDFs attached.
        var comparison = "%PDF-1.7\n% comparison\n"u8.ToArray();
        var cv = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31)).ToArray();
        var email = Email(Guid.CreateVersion7()) with
        {
            Cc = ["hiring.manager@client.example", "hr@client.example"],
            Attachments = [new EmailAttachment("00-comparison.pdf", "application/pdf", comparison), new EmailAttachment("01-candidate-2026-001-cv.pdf", "application/pdf", cv)],
        };

        var result = await Sender().SendAsync(email, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.ToString());
        var body = Assert.Single(h.Server.Mail.All()).Request;
        var personalization = Assert.Single(body.GetProperty("personalizations").EnumerateArray());
        Assert.Equal(["ada@example.com"], personalization.GetProperty("to").EnumerateArray().Select(t => t.GetProperty("email").GetString()));
        Assert.Equal(["hiring.manager@client.example", "hr@client.example"], personalization.GetProperty("cc").EnumerateArray().Select(c => c.GetProperty("email").GetString()));
        var attachments = body.GetProperty("attachments").EnumerateArray().ToList();
        Assert.Equal(["00-comparison.pdf", "01-candidate-2026-001-cv.pdf"], attachments.Select(a => a.GetProperty("filename").GetString()));
        Assert.All(attachments, a => Assert.Equal("application/pdf", a.GetProperty("type").GetString()));
        Assert.All(attachments, a => Assert.Equal("attachment", a.GetProperty("disposition").GetString()));
        Assert.Equal(comparison, Convert.FromBase64String(attachments[0].GetProperty("content").GetString()!));
        Assert.Equal(cv, Convert.FromBase64String(attachments[1].GetProperty("content").GetString()!));
        h.AssertContract(ProviderSpecs.SendGrid, SandboxRegistration.Paths.SendGrid);
    }

    [Fact]
    public async Task SendAsync_SameMessageRowTwice_SameMessageIdAndToken()
    {
        var id = Guid.CreateVersion7();
        var sender = Sender();

        var first = await sender.SendAsync(Email(id), TestContext.Current.CancellationToken);
        var second = await sender.SendAsync(Email(id), TestContext.Current.CancellationToken);

        Assert.Equal(first.Value!.SmtpMessageId, second.Value!.SmtpMessageId);
        Assert.Equal(first.Value.ReplyToken, second.Value.ReplyToken);
    }

    [Fact]
    public async Task SendAsync_WrongSendGridKey_PermanentWithSendGridsReason()
    {
        var result = await Sender(apiKey: "SG.wrong").SendAsync(Email(Guid.CreateVersion7()), TestContext.Current.CancellationToken);

        Assert.Equal(ProviderOutcome.Permanent, result.Outcome);
        Assert.Contains("SendGrid 401", result.Failure!.Reason, StringComparison.Ordinal);
        Assert.Empty(h.Server.Mail.All());
    }

    [Fact]
    public async Task SendAsync_NoAccountAtAll_SaysWhereToAddOne()
    {
        var options = Options.Create(new EmailOptions());
        var composer = new EmailComposer(options, h.Time);
        var sender = new OutboundEmailSender(new NoStoredAccounts(), composer, new SmtpEmailSender(composer, options, NullLogger<SmtpEmailSender>.Instance),
            h.SendGrid(""), h.SendGridSettings(""), options);

        var result = await sender.SendAsync(Email(Guid.CreateVersion7()), TestContext.Current.CancellationToken);

        Assert.Equal(ProviderOutcome.Permanent, result.Outcome);
        Assert.Contains("Settings → Providers", result.Failure!.Reason, StringComparison.Ordinal);
    }
}
