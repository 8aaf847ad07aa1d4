using Microsoft.Extensions.Options;
using MimeKit;
using Samsara.Core.Email;
using Samsara.Core.Outreach.Engine;

namespace Samsara.Tests.Outreach.Engine;

/// <summary>
/// The engine's email transport for scenario tests: composes each mail with the real <see cref="EmailComposer"/>
/// (our Message-ID, reply token, List-Unsubscribe) and keeps it instead of handing it to a server. SMTP delivery and
/// the classification of what comes back are proven against the real Postfix/Dovecot in <c>MailServerTests</c>.
/// </summary>
internal sealed class RecordingEmailSender(TimeProvider time) : IOutreachEmailSender
{
    private readonly List<MimeMessage> _sent = [];
    private readonly EmailComposer _composer = new(Options.Create(new EmailOptions()), time);

    public static readonly SmtpSettings Smtp = new()
    {
        Host = "127.0.0.1",
        Port = 25,
        FromAddress = "rita@agency.test",
        FromName = "Rita Recruiter",
        ReplyAddress = "replies@agency.test",
    };

    public IReadOnlyList<MimeMessage> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>An exception to throw for a mail instead of keeping it (an unexpected failure inside the transport).</summary>
    public Func<OutboundEmail, Exception?> Fail { get; set; } = _ => null;

    public Task<SentEmail> SendAsync(OutboundEmail email, CancellationToken ct)
    {
        if (Fail(email) is { } failure)
        {
            throw failure;
        }

        var message = _composer.Compose(Smtp, email);
        lock (_sent)
        {
            _sent.Add(message);
        }

        return Task.FromResult(new SentEmail(message.MessageId!, ReplyToken.For(email.MessageId), email.ToAddress));
    }
}
