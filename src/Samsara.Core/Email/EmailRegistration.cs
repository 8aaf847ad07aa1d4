using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Samsara.Core.Email;

public static class EmailRegistration
{
    /// <summary>
    /// SMTP sending, IMAP reading and the inbox watcher (over every <see cref="IReplyMailbox"/>, this one's IMAP first). Needs <c>AddCredentials()</c> for accounts; the watcher
    /// runs only once something registers an <see cref="IInboundEmailHandler"/>.
    /// </summary>
    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EmailComposer>();
        builder.Services.AddSingleton<SmtpEmailSender>();
        builder.Services.AddSingleton<OutboundEmailSender>();
        builder.Services.AddSingleton<ImapCursorStore>();
        builder.Services.AddSingleton<ImapReplyReader>();
        // First: a stored IMAP account is read even in demo mode, whose sandbox mailbox is registered after it.
        builder.Services.AddSingleton<IReplyMailbox, ImapReplyMailbox>();
        builder.Services.AddHostedService<InboundEmailWatcher>();
        return builder;
    }
}
