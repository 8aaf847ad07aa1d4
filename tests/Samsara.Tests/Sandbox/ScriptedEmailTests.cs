using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using Samsara.Core.Email;
using Samsara.Sandbox.Infrastructure;
using Samsara.Sandbox.Mailbox;

namespace Samsara.Tests.Sandbox;

/// <summary>
/// Scripted email candidates: mail Samsara sends through the SendGrid simulator (built exactly as the app builds it)
/// is answered into the sandbox's replies mailbox, and the real classifier reads each answer as what it is.
/// </summary>
public sealed class ScriptedEmailTests : IAsyncLifetime
{
    private const string Candidate = "ada@candidates.test";
    private SandboxHarness _h = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _h = await SandboxHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData(CandidateBehaviour.ReplyAfterDelay, InboundEmailKind.Reply)]
    [InlineData(CandidateBehaviour.OutOfOffice, InboundEmailKind.AutoReply)]
    [InlineData(CandidateBehaviour.Bounce, InboundEmailKind.Bounce)]
    [InlineData(CandidateBehaviour.Unsubscribe, InboundEmailKind.Unsubscribe)]
    [InlineData(CandidateBehaviour.ReplyStop, InboundEmailKind.Unsubscribe)]
    public async Task SendThroughSendGrid_ScriptedAddress_AnswerArrivesAfterTheDelayAndClassifiesAsScripted(CandidateBehaviour behaviour, InboundEmailKind expected)
    {
        _h.Server.Scripts.Set(new CandidateScript(Candidate, behaviour, TimeSpan.FromMinutes(5), "Sounds good, call me on Friday."));
        var sent = await SendAsync();

        _h.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Empty(_h.Server.Replies.After(0).Messages);
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        var inbound = Classify(Assert.Single(_h.Server.Replies.After(0).Messages));

        Assert.Equal(expected, inbound.Kind);
        Assert.Equal(sent, inbound.SentMessageId);
        Assert.Equal(Candidate, behaviour == CandidateBehaviour.Bounce ? inbound.FailedRecipient : inbound.FromAddress);
    }

    [Fact]
    public async Task SendThroughSendGrid_ReplyScript_ThreadsOnOurMessageIdAndQuotesUs()
    {
        _h.Server.Scripts.Set(new CandidateScript(Candidate, CandidateBehaviour.ReplyAfterDelay, ReplyText: "Sounds good, call me on Friday."));
        var sent = await SendAsync();

        var reply = Load(Assert.Single(_h.Server.Replies.After(0).Messages));

        Assert.Equal($"samsara.{sent:N}@agency.test", reply.InReplyTo);
        Assert.Equal([$"samsara.{sent:N}@agency.test"], reply.References);
        Assert.Equal($"replies+{sent:N}@agency.test", reply.To.Mailboxes.Single().Address);
        Assert.Equal("Re: A role with Acme", reply.Subject);
        Assert.Contains("> Hi Ada,", reply.TextBody, StringComparison.Ordinal);
        Assert.Equal("Sounds good, call me on Friday.", InboundEmailClassifier.Classify(reply).Text);
    }

    [Fact]
    public async Task SendThroughSendGrid_BounceScript_DsnNamesTheFailedAddressAndReturnsOurHeaders()
    {
        _h.Server.Scripts.Set(new CandidateScript(Candidate, CandidateBehaviour.Bounce));
        var sent = await SendAsync();

        var dsn = Load(Assert.Single(_h.Server.Replies.After(0).Messages));

        var report = Assert.IsType<MultipartReport>(dsn.Body);
        Assert.Equal("delivery-status", report.ReportType);
        var status = Assert.Single(dsn.BodyParts.OfType<MessageDeliveryStatus>());
        Assert.Equal("rfc822; " + Candidate, status.StatusGroups[1]["Final-Recipient"]);
        Assert.Equal("failed", status.StatusGroups[1]["Action"]);
        var returned = Assert.Single(dsn.BodyParts.OfType<TextRfc822Headers>());
        Assert.Equal(sent.ToString("N"), returned.Message!.Headers[ReplyToken.HeaderName]);
    }

    [Fact]
    public async Task SendThroughSendGrid_TwoSendsToOnePerson_RepliesOnceButBouncesEveryTime()
    {
        _h.Server.Scripts.Set(new CandidateScript(Candidate, CandidateBehaviour.ReplyAfterDelay));
        _h.Server.Scripts.Set(new CandidateScript("gone@candidates.test", CandidateBehaviour.Bounce));

        await SendAsync();
        await SendAsync();
        await SendAsync("gone@candidates.test");
        await SendAsync("gone@candidates.test");

        var kinds = _h.Server.Replies.After(0).Messages.Select(m => Classify(m).Kind).ToList();
        Assert.Equal([InboundEmailKind.Reply, InboundEmailKind.Bounce, InboundEmailKind.Bounce], kinds);
    }

    [Fact]
    public async Task MailboxEndpoint_AfterReset_EmptyWithANewUidValidity()
    {
        _h.Server.Scripts.Set(new CandidateScript(Candidate, CandidateBehaviour.Bounce));
        await SendAsync();
        using var http = _h.Server.AdminClient();

        var before = await http.GetFromJsonAsync<MailboxPage>("sandbox/mailbox?after=0", Ct);
        var none = await http.GetFromJsonAsync<MailboxPage>("sandbox/mailbox?after=1", Ct);
        (await http.PostAsync(new Uri("sandbox/reset", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        var after = await http.GetFromJsonAsync<MailboxPage>("sandbox/mailbox?after=0", Ct);

        Assert.Equal(1u, Assert.Single(before!.Messages).Uid);
        Assert.Empty(none!.Messages);
        Assert.Empty(after!.Messages);
        Assert.NotEqual(before.UidValidity, after.UidValidity);
    }

    /// <summary>Composes and sends the way OutboundEmailSender does for a SendGrid account; returns the send's message id.</summary>
    private async Task<Guid> SendAsync(string to = Candidate)
    {
        var email = new OutboundEmail(Guid.CreateVersion7(), to, "Ada Lovelace", "A role with Acme", "Hi Ada,\n\nWould a role with Acme interest you?", "<p>Hi Ada,</p>");
        var composer = new EmailComposer(Options.Create(new EmailOptions()), _h.Time);
        var message = composer.Compose(new MailIdentity("rita@agency.test", "Rita Recruiter", "replies@agency.test"), email);
        var result = await _h.SendGrid().SendAsync(OutboundEmailSender.ToSendGrid(message, email, ReplyToken.For(email.MessageId)), Ct);
        Assert.True(result.Succeeded, result.ToString());
        return email.MessageId;
    }

    private static MimeMessage Load(MailboxMessage stored) => MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(stored.Raw)));

    private static InboundEmail Classify(MailboxMessage stored) => InboundEmailClassifier.Classify(Load(stored));
}
