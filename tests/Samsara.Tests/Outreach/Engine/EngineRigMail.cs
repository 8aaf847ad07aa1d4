using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Samsara.Core.Email;
using Samsara.Core.Providers;
using Samsara.Tests.Email;

namespace Samsara.Tests.Outreach.Engine;

/// <summary>
/// Points a rig started with <c>realMail</c> at the real Postfix and Dovecot: stored SMTP and IMAP accounts for a
/// replies mailbox of the test's own, and the real IMAP watcher running in the first node.
/// </summary>
internal static class EngineRigMail
{
    /// <summary>An upper bound for mail to travel through Postfix and Dovecot on a loaded 2-core machine, not a timing claim.</summary>
    private static readonly TimeSpan MailDeadline = TimeSpan.FromSeconds(90);

    /// <returns>The started watcher; stop it before the rig is disposed.</returns>
    public static async Task<IHostedService> UseMailServerAsync(this EngineRig rig, MailServer server, string replies)
    {
        var ct = TestContext.Current.CancellationToken;
        var store = rig.Service<CredentialStore>();
        // Postfix's submission port, with the recruiter's login (checked by Dovecot), as a real mailbox provider wants.
        await store.AddAsync(new ProviderAccountInput
        {
            ProviderType = ProviderType.Smtp,
            ProviderName = "Agency mail",
            SettingsJson = $$"""
                {"host":"{{MailServer.Host}}","port":{{server.SmtpAuthPort}},"security":"None","username":"rita@agency.test",
                 "fromAddress":"rita@agency.test","fromName":"Rita Recruiter","replyAddress":"{{replies}}"}
                """,
            Secrets = new() { ["password"] = server.Password },
        }, ct);
        await store.AddAsync(server.ImapAccount(replies), ct);
        var watcher = rig.Services.GetServices<IHostedService>().OfType<InboundEmailWatcher>().Single();
        await watcher.StartAsync(ct);
        return watcher;
    }

    /// <summary>Waits (in real time: mail travels through real servers) until the database shows what the watcher did.</summary>
    public static async Task UntilAsync(this EngineRig rig, Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow + MailDeadline;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                var ledger = await rig.LedgerTextAsync();
                Assert.Fail($"Not seen within {MailDeadline.TotalSeconds:0} s: {what}. Ledger: {ledger}");
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<string> LedgerTextAsync(this EngineRig rig)
    {
        await using var db = await rig.DbAsync();
        return string.Join(" | ", (await db.OutreachLedger.ToListAsync()).OrderBy(e => e.OccurredAt).Select(e => $"{e.Kind}: {e.Detail}"));
    }
}
