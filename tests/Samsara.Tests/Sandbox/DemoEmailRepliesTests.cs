using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Outreach.Sequences;
using Samsara.Core.Templates;
using Samsara.Sandbox;
using Samsara.Sandbox.SendGrid;
using Samsara.Testing;
using Samsara.Web.Sandbox;

namespace Samsara.Tests.Sandbox;

/// <summary>
/// Demo mode end to end with the documented scripted addresses: the engine sends an email step through the in-process
/// SendGrid simulator, the scripted candidate answers into the sandbox mailbox, and the app's background watcher reads
/// it over loopback HTTP, classifies the MIME with the real classifier and hands it to the outreach engine.
/// </summary>
public sealed class DemoEmailRepliesTests : IAsyncLifetime
{
    // A Tuesday morning in London: inside the default contact hours.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    private SamsaraAppFactory _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _app = SamsaraAppFactory.StartWithSandbox(clock: _clock);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ScriptedReply_EmailStepSent_CandidateEndsRepliedWithTheirWords()
    {
        var (project, ada) = await EnrolInOneEmailStepAsync("reply@" + DemoCandidates.EmailDomain);

        await UntilAsync(async () => await StateAsync(ada) == CandidateState.Replied, "the candidate to be REPLIED");

        await using var db = await DbAsync();
        var reply = await db.Messages.SingleAsync(m => m.Direction == MessageDirection.Inbound, Ct);
        Assert.Equal("Yes, I'm interested. When can we talk?", reply.Body);
        Assert.Contains(await LedgerAsync(project), l => l.Kind == LedgerKind.ReplyReceived && l.Detail.Contains("reply@", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScriptedOutOfOffice_EmailStepSent_StaysAwaitingReplyWithALedgerLine()
    {
        var (project, ada) = await EnrolInOneEmailStepAsync("away@" + DemoCandidates.EmailDomain);

        await UntilAsync(async () => (await LedgerAsync(project)).Any(l => l.Kind == LedgerKind.AutoReply), "an automatic-reply ledger line");

        var line = Assert.Single(await LedgerAsync(project), l => l.Kind == LedgerKind.AutoReply);
        Assert.Contains("Out of office by email from away@", line.Detail, StringComparison.Ordinal);
        Assert.Equal(CandidateState.AwaitingReply, await StateAsync(ada));
    }

    [Fact]
    public async Task ScriptedBounce_EmailStepSent_AddressMarkedBadFromTheDsn()
    {
        var address = "bounce@" + DemoCandidates.EmailDomain;
        var (project, ada) = await EnrolInOneEmailStepAsync(address);

        await UntilAsync(async () => await EmailProblemAsync(ada) is not null, "the address to be marked bad");

        Assert.Contains("delivery status report: failed 5.1.1", await EmailProblemAsync(ada), StringComparison.Ordinal);
        Assert.Contains(await LedgerAsync(project), l => l.Kind == LedgerKind.Bounced && l.Detail.Contains(address, StringComparison.Ordinal));
        await using var db = await DbAsync();
        Assert.Equal(MessageStatus.Failed, (await db.Messages.SingleAsync(m => m.Direction == MessageDirection.Outbound, Ct)).Status);
    }

    [Fact]
    public async Task ScriptedUnsubscribe_EmailStepSent_CandidateOptedOutAndAddressInConsentLedger()
    {
        var address = "unsubscribe@" + DemoCandidates.EmailDomain;
        var (_, ada) = await EnrolInOneEmailStepAsync(address);

        await UntilAsync(async () => await StateAsync(ada) == CandidateState.OptedOut, "the candidate to be OPTED_OUT");

        await using var db = await DbAsync();
        var consent = await db.ConsentEntries.SingleAsync(Ct);
        Assert.Equal((address, ConsentKind.OptOut, ConsentSource.UnsubscribeMail), (consent.Contact, consent.Kind, consent.Source));
    }

    [Fact]
    public async Task UnscriptedAddress_EmailStepSent_NoMailComesBack()
    {
        var (project, ada) = await EnrolInOneEmailStepAsync("someone.else@example.com");

        // Well past every demo script's delay, polled many times.
        for (var i = 0; i < 60; i++)
        {
            _clock.Advance(SandboxReplyMailbox.PollInterval);
            await Task.Delay(20, Ct);
        }

        Assert.Empty(_app.Service<Samsara.Sandbox.Mailbox.RepliesMailbox>().After(0).Messages);
        Assert.Equal(CandidateState.AwaitingReply, await StateAsync(ada));
        Assert.DoesNotContain(await LedgerAsync(project), l => l.Kind is LedgerKind.AutoReply or LedgerKind.ReplyReceived or LedgerKind.Bounced);
    }

    /// <summary>A project whose default sequence is one email step; one candidate enrolled and the step sent.</summary>
    private async Task<(Guid Project, Guid Candidate)> EnrolInOneEmailStepAsync(string email)
    {
        var project = await _app.CreateProjectAsync();
        var template = await _app.Service<TemplateService>().CreateAsync(new TemplateInput
        {
            ProjectId = project.Id,
            Name = "First email",
            Channel = MessageChannel.Email,
            Subject = "A role with {{ project.client_name }}",
            Body = "Hi {{ candidate.first_name }},\n\nWould a role with {{ project.client_name }} interest you?",
        }, Ct);
        await _app.Service<SequenceService>().CreateAsync(project.Id, new SequenceInput
        {
            Name = "Email only",
            IsDefault = true,
            Steps = [new SequenceStepInput { Channel = StepChannel.Email, TemplateId = template.Id }],
        }, Ct);
        var ada = await _app.AddCandidateAsync(project.Id, "Ada Lovelace", email: email);
        await _app.Service<OutreachService>().EnrolAsync(project.Id, new EnrolRequest([ada.Id]), "recruiter", Ct);

        await _app.Service<OutreachEngine>().RunOnceAsync(_clock.GetUtcNow(), Ct);

        var sent = Assert.Single(_app.Service<SentMailStore>().All());
        Assert.Equal([email], sent.To);
        Assert.Equal(CandidateState.AwaitingReply, await StateAsync(ada.Id));
        return (project.Id, ada.Id);
    }

    /// <summary>Moves the clock a poll at a time (the scripts' delays and the watcher's polls run on it) until it holds.</summary>
    private async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        // An upper bound in real time, not a timing claim: the watcher runs in the background on a shared 2-core machine.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            _clock.Advance(SandboxReplyMailbox.PollInterval);
            await Task.Delay(50, Ct);
        }

        Assert.Fail($"Timed out waiting for {what}; the sandbox mailbox holds {_app.Service<Samsara.Sandbox.Mailbox.RepliesMailbox>().After(0).Messages.Count} message(s).");
    }

    private async Task<SamsaraDbContext> DbAsync() => await _app.Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(Ct);

    private async Task<CandidateState> StateAsync(Guid candidateId)
    {
        await using var db = await DbAsync();
        return await db.OutreachSequences.Where(s => s.CandidateId == candidateId).Select(s => s.Status).SingleAsync(Ct);
    }

    private async Task<string?> EmailProblemAsync(Guid candidateId)
    {
        await using var db = await DbAsync();
        return await db.Candidates.Where(c => c.Id == candidateId).Select(c => c.EmailProblem).SingleAsync(Ct);
    }

    private async Task<IReadOnlyList<LedgerRow>> LedgerAsync(Guid projectId) => (await _app.Service<OutreachLedger>().ListAsync(projectId, Ct))!;
}
