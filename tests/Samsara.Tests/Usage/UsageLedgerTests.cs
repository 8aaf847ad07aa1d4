using Microsoft.EntityFrameworkCore;
using Samsara.Core;
using Samsara.Core.Calls;
using Samsara.Core.Email;
using Samsara.Core.Outreach;
using Samsara.Core.Providers;
using Samsara.Core.Templates;
using Samsara.Core.Usage;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Tests.Usage;

/// <summary>
/// What the usage ledger holds after real sends, a call and a transcription against the sandbox, once per database
/// (see the derived classes): one row per provider id with the right units and cost, the configured estimate until
/// the provider reports its own price, and nothing written twice by a restarted or second node.
/// </summary>
public abstract class UsageLedgerTests(DatabaseProvider provider) : IAsyncLifetime
{
    // About 190 GSM characters once rendered: two segments (153 each when concatenated).
    private const string LongSms = "Hi {{ candidate.first_name }}, Acme Ltd is hiring a senior backend engineer to lead their payments platform in London. " +
        "Hybrid working, strong salary. Would a quick chat this week suit? Reply to chat.";

    private UsageRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await UsageRig.StartAsync(provider);

    public async ValueTask DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Ledger_SmsEmailCallAndTranscription_OneRowEachPricedRightAndNoDuplicatesAfterRestart()
    {
        await _rig.StoreAccountsAsync();
        var outreach = await _rig.OutreachProjectAsync(LongSms);
        var ada = await _rig.CandidateAsync(outreach.Id, "Ada Lovelace", "+447700900123", "ada@example.test");
        await _rig.EnrolAsync(outreach.Id, ada.Id);
        for (var pass = 0; pass < 4; pass++)
        {
            await _rig.RunOutreachAsync();
            _rig.Time.Advance(TimeSpan.FromSeconds(30));
        }

        // Sent: the SMS at the configured per-segment price, the email at the SendGrid account's per-email price.
        List<Message> messages;
        await using (var db = await _rig.DbAsync())
        {
            messages = await db.Messages.AsNoTracking().Where(m => m.Direction == MessageDirection.Outbound).ToListAsync();
        }

        var sms = Assert.Single(messages, m => m.Channel == MessageChannel.Sms);
        var email = Assert.Single(messages, m => m.Channel == MessageChannel.Email);
        var smsRow = await RowAsync(UsageKind.Sms);
        Assert.Equal(("twilio", sms.ProviderMessageId, 2m, "segment"), (smsRow.Provider, smsRow.ProviderRef, smsRow.Quantity, smsRow.Unit));
        Assert.Equal((outreach.Id, ada.Id, sms.Id, _rig.Accounts[ProviderType.Twilio]), (smsRow.ProjectId!.Value, smsRow.CandidateId!.Value, smsRow.ReferenceId!.Value, smsRow.ProviderAccountId!.Value));
        Assert.Equal((2 * UsageRig.SmsSegmentPrice, "USD", true), (smsRow.Cost, smsRow.Currency, smsRow.IsEstimate));
        var emailRow = await RowAsync(UsageKind.Email);
        Assert.Equal(("sendgrid", email.ProviderMessageId, 1m, UsageRig.EmailPrice, true), (emailRow.Provider, emailRow.ProviderRef, emailRow.Quantity, emailRow.Cost, emailRow.IsEstimate));
        Assert.Equal((ada.Id, _rig.Accounts[ProviderType.SendGrid]), (emailRow.CandidateId!.Value, emailRow.ProviderAccountId!.Value));

        // Twilio prices the message once delivered (the sandbox: -0.00790 USD): the reported price replaces the estimate.
        _rig.Time.Advance(TimeSpan.FromMinutes(5));
        await _rig.PollDeliveryAsync();
        smsRow = await RowAsync(UsageKind.Sms);
        Assert.Equal((0.0079m, "USD", false, 2m), (smsRow.Cost, smsRow.Currency, smsRow.IsEstimate, smsRow.Quantity));

        // An AI call: Vapi reports the call's cost (0.05 USD a minute in the sandbox), so it is not an estimate; the
        // recording is then transcribed by Deepgram, which reports no price: the account's per-minute estimate.
        var screening = await _rig.Service<Core.Projects.ProjectService>().CreateAsync(new Core.Projects.ProjectInput { Name = "Warehouse Supervisor", ClientName = "Acme Ltd" });
        var grace = await _rig.CandidateAsync(screening.Id, "Grace Hopper", "+447700900456", null);
        _rig.Sandbox.Scripts.Set(new CandidateScript("+447700900456", CandidateBehaviour.AnswerAndPass));
        await _rig.EnrolAsync(screening.Id, grace.Id);
        await _rig.ToAiCallingAsync(screening.Id, grace.Id);
        await CallToTheEndAsync();
        var call = await _rig.OnlyCallAsync();
        var minutes = await RowAsync(UsageKind.CallMinutes);
        Assert.Equal(("vapi", call.ProviderCallId, 1.00m, 0.05m, false), (minutes.Provider, minutes.ProviderRef, minutes.Quantity, minutes.Cost, minutes.IsEstimate));
        Assert.Equal((screening.Id, grace.Id, call.Id, _rig.Accounts[ProviderType.Vapi]), (minutes.ProjectId!.Value, minutes.CandidateId!.Value, minutes.ReferenceId!.Value, minutes.ProviderAccountId!.Value));
        var transcription = await RowAsync(UsageKind.TranscriptionMinutes);
        Assert.Equal(("deepgram", 1.00m, UsageRig.TranscriptionMinutePrice, true), (transcription.Provider, transcription.Quantity, transcription.Cost, transcription.IsEstimate));
        Assert.Equal((grace.Id, _rig.Accounts[ProviderType.Deepgram]), (transcription.CandidateId!.Value, transcription.ProviderAccountId!.Value));
        Assert.False(string.IsNullOrEmpty(transcription.ProviderRef));

        // An email outside the engine (a client package, a confirmation) is booked by the email entry point, once per
        // Message-ID: sending the same message again (a retry) does not book it twice.
        var direct = new OutboundEmail(Guid.CreateVersion7(_rig.Time.GetUtcNow()), "client@acme.test", "Acme", "Shortlist", "Attached.", "<p>Attached.</p>",
            Usage: new OutboundEmailUsage(outreach.Id, null));
        Assert.True((await _rig.Service<OutboundEmailSender>().SendAsync(direct, TestContext.Current.CancellationToken)).Succeeded);
        Assert.True((await _rig.Service<OutboundEmailSender>().SendAsync(direct, TestContext.Current.CancellationToken)).Succeeded);

        // A restarted node (and a second one) goes over the same work: nothing is booked again.
        var before = await AllRowsAsync();
        Assert.Equal(5, before.Count);
        var restarted = await _rig.NewNodeAsync("node-b");
        _rig.Time.Advance(TimeSpan.FromMinutes(1));
        await _rig.RunOutreachAsync(restarted);
        await _rig.RunCallsAsync(restarted);
        await _rig.PollDeliveryAsync(restarted);
        Assert.False(await _rig.Service<UsageLedger>(restarted).RecordAsync(
            UsageRows.Sms(sms.ProviderMessageId!, sms.Body, outreach.Id, ada.Id, sms.Id, PriceQuote.None, _rig.Time.GetUtcNow()), TestContext.Current.CancellationToken));
        var after = await AllRowsAsync();
        Assert.Equal(before.Select(r => (r.Id, r.Cost)), after.Select(r => (r.Id, r.Cost)));
        Assert.Equal(after.Count, after.Select(r => (r.Provider, r.Kind, r.ProviderRef)).Distinct().Count());
    }

    /// <summary>
    /// Follows the call stage by stage. The sandbox's voice providers always hand over a transcript; it is dropped as
    /// soon as the call ends so the recording goes to Deepgram, as it does when a provider gives none.
    /// </summary>
    private async Task CallToTheEndAsync()
    {
        for (var pass = 0; pass < 60; pass++)
        {
            await _rig.RunCallsAsync();
            var call = await _rig.OnlyCallAsync();
            if (call.Stage == CallStage.Done)
            {
                return;
            }

            if (call.Stage is CallStage.Recording or CallStage.Transcript && call.ProviderTranscript is not null)
            {
                await using var db = await _rig.DbAsync();
                await db.CallRecords.Where(c => c.Id == call.Id).ExecuteUpdateAsync(c => c.SetProperty(x => x.ProviderTranscript, (string?)null), TestContext.Current.CancellationToken);
            }

            _rig.Time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Fail("The call did not reach its end within 60 passes.");
    }

    private async Task<UsageEvent> RowAsync(UsageKind kind)
    {
        await using var db = await _rig.DbAsync();
        return await db.UsageEvents.AsNoTracking().SingleAsync(u => u.Kind == kind && (kind != UsageKind.Email || u.CandidateId != null));
    }

    private async Task<List<UsageEvent>> AllRowsAsync()
    {
        await using var db = await _rig.DbAsync();
        return [.. (await db.UsageEvents.AsNoTracking().ToListAsync()).OrderBy(u => u.Id)];
    }
}

public sealed class UsageLedgerSqliteTests() : UsageLedgerTests(DatabaseProvider.Sqlite);

public sealed class UsageLedgerPostgresTests() : UsageLedgerTests(DatabaseProvider.Postgres);
