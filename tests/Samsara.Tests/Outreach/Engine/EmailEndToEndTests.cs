using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using MimeKit;
using Samsara.Core;
using Samsara.Core.Email;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Outreach.Sequences;
using Samsara.Tests.Email;
using static Samsara.Tests.Outreach.Engine.EngineRigSequences;

namespace Samsara.Tests.Outreach.Engine;

/// <summary>
/// The whole email loop with nothing stood in: the engine sends an email step through the stored SMTP account to the
/// real Postfix, the candidate reads it from Dovecot over IMAP and answers through Postfix, and the real IMAP watcher
/// reads the replies mailbox and hands the mail to the engine. Only the engine's clock is fake; mail travels in real time.
/// </summary>
public abstract class EmailEndToEndTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string UkPhone = "+447700900123";
    private readonly MailServer _server = MailServer.FromEnvironment();
    private readonly string _candidate = MailServer.Unique("ada", "candidates.test");
    private EngineRig _rig = null!;
    private IHostedService _watcher = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _rig = await EngineRig.StartAsync(provider, realMail: true);
        _watcher = await _rig.UseMailServerAsync(_server, MailServer.Unique("replies", "agency.test"));
    }

    public async ValueTask DisposeAsync()
    {
        await _watcher.StopAsync(CancellationToken.None);
        await _rig.DisposeAsync();
    }

    /// <summary>Enrols one candidate in an email step followed by <paramref name="then"/>, and runs the engine once.</summary>
    private async Task<(Guid ProjectId, Guid CandidateId)> EmailFirstAsync(string email, Func<Guid, Guid, SequenceStepInput> then)
    {
        var (project, sms, template) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Email, template), then(sms, template));
        var ada = await _rig.CandidateAsync(project.Id, UkPhone, email);
        await _rig.EnrolAsync(project.Id, ada.Id);
        await _rig.RunAsync();
        return (project.Id, ada.Id);
    }

    /// <summary>The candidate's own mailbox, read over IMAP: our email as it arrived.</summary>
    private Task<MimeMessage> CandidateReadsOurEmailAsync() =>
        _server.WaitForMessageAsync(_candidate, m => m.Subject == "A role with Acme Ltd", Ct, timeoutSeconds: 90);

    private async Task<OutreachSend> SendAsync(int stepIndex)
    {
        await using var db = await _rig.DbAsync();
        return await db.OutreachSends.SingleAsync(s => s.StepIndex == stepIndex, Ct);
    }

    [Fact]
    public async Task RunOnce_CandidateRepliesThroughPostfix_WatcherMovesToRepliedAndCancelsStepAndTimer()
    {
        var (_, adaId) = await EmailFirstAsync(_candidate, (_, _) => Step(StepChannel.AiCall, null, delayMinutes: 60));
        var received = await CandidateReadsOurEmailAsync();
        await using (var db = await _rig.DbAsync())
        {
            var ours = await db.Messages.SingleAsync(m => m.Direction == MessageDirection.Outbound, Ct);
            Assert.Equal(ours.ProviderMessageId, received.MessageId);
            Assert.Equal($"samsara.{ReplyToken.For(ours.Id)}@agency.test", received.MessageId);
            Assert.NotNull(await db.OutreachTimers.SingleOrDefaultAsync(t => t.CancelledAt == null, Ct));
        }

        _rig.Time.Advance(TimeSpan.FromMinutes(10));
        await _server.SendAsync(ReplyTo(received, "Yes, call me Friday."), Ct);
        await _rig.UntilAsync(async () => await _rig.StateAsync(adaId) == CandidateState.Replied, "the reply moving the candidate to REPLIED");

        await using (var db = await _rig.DbAsync())
        {
            Assert.NotNull((await db.OutreachTimers.SingleAsync(Ct)).CancelledAt);
            var reply = await db.Messages.SingleAsync(m => m.Direction == MessageDirection.Inbound, Ct);
            Assert.Equal((_candidate, "Yes, call me Friday."), (reply.Recipient, reply.Body.Trim()));
        }

        Assert.Equal((SendStatus.Skipped, "Candidate replied"), ((await SendAsync(1)).Status, (await SendAsync(1)).Reason));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(2));
        Assert.Equal(CandidateState.Replied, await _rig.StateAsync(adaId));
    }

    [Fact]
    public async Task RunOnce_AddressAtRejectingDomain_PostfixBounceMarksAddressBadAndSmsGoesAtOnce()
    {
        var nobody = MailServer.Unique("nobody", "bounce.test");
        var (projectId, adaId) = await EmailFirstAsync(nobody, (sms, _) => Step(StepChannel.Sms, sms, delayMinutes: 24 * 60));
        // Postfix took the mail; the refusal comes later, as a delivery status notification to the envelope sender.
        Assert.Equal(SendStatus.Sent, (await SendAsync(0)).Status);

        _rig.Time.Advance(TimeSpan.FromMinutes(2));
        await _rig.UntilAsync(async () =>
        {
            await using var db = await _rig.DbAsync();
            return (await db.Candidates.SingleAsync(c => c.Id == adaId, Ct)).EmailProblem is not null;
        }, "Postfix's bounce marking the address unusable");
        await _rig.RunAsync();

        Assert.Equal([UkPhone], _rig.SmsPostedTo());
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(adaId));
        await using var check = await _rig.DbAsync();
        Assert.StartsWith("bounced", (await check.Candidates.SingleAsync(c => c.Id == adaId, Ct)).EmailProblem, StringComparison.Ordinal);
        Assert.Contains(await check.OutreachLedger.Where(e => e.ProjectId == projectId && e.Kind == LedgerKind.Bounced).ToListAsync(Ct),
            e => e.Detail.Contains(nobody, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunOnce_CandidateMailsListUnsubscribe_WatcherOptsOutAndNextStepNeverSent()
    {
        var (_, adaId) = await EmailFirstAsync(_candidate, (sms, _) => Step(StepChannel.Sms, sms, delayMinutes: 60));
        var received = await CandidateReadsOurEmailAsync();

        await _server.SendAsync(Unsubscribe(received), Ct);
        await _rig.UntilAsync(async () => await _rig.StateAsync(adaId) == CandidateState.OptedOut, "the unsubscribe mail opting the candidate out");

        var consent = Assert.Single(await _rig.Service<ConsentService>().ListAsync(_candidate, Ct));
        Assert.Equal((ConsentKind.OptOut, ConsentSource.UnsubscribeMail), (consent.Kind, consent.Source));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(2));
        Assert.Equal(0, _rig.SmsPosts());
        Assert.Equal((SendStatus.Skipped, "Opted out"), ((await SendAsync(1)).Status, (await SendAsync(1)).Reason));
    }
}

public sealed class EmailEndToEndSqliteTests() : EmailEndToEndTests(DatabaseProvider.Sqlite);

public sealed class EmailEndToEndPostgresTests() : EmailEndToEndTests(DatabaseProvider.Postgres);
