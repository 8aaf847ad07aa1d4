using Microsoft.EntityFrameworkCore;
using Samsara.Core;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Outreach.Replies;
using Samsara.Core.Outreach.Sequences;
using Samsara.Tests.Outreach.Engine;
using static Samsara.Tests.Outreach.Engine.EngineRigSequences;

namespace Samsara.Tests.Outreach.Replies;

/// <summary>Issue 16: what a reply's intent does to the candidate, on every channel and in every project, once per database.</summary>
public abstract class ReplyIntentScenarioTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Phone = "+447700900123";
    private const string Email = "ada@candidates.test";
    private EngineRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await EngineRig.StartAsync(provider);

    public async ValueTask DisposeAsync() => await _rig.DisposeAsync();

    private async Task<Message> LastInboundAsync()
    {
        await using var db = await _rig.DbAsync();
        return await db.Messages.Where(m => m.Direction == MessageDirection.Inbound).OrderByDescending(m => m.CreatedAt).FirstAsync();
    }

    [Fact]
    public async Task InboundSms_OptOutInPlainWords_OptedOutEverywhereAndEmailInAnotherProjectSkipped()
    {
        var (first, sms, _) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(first.Id, Step(StepChannel.Sms, sms));
        var ada = await _rig.CandidateAsync(first.Id, Phone, Email);
        var (second, _, email) = await _rig.ProjectAsync("Data Engineer");
        await _rig.SequenceAsync(second.Id, Step(StepChannel.Email, email, delayMinutes: 60));
        var sameAda = await _rig.CandidateAsync(second.Id, Phone, Email);
        await _rig.EnrolAsync(first.Id, ada.Id);
        await _rig.EnrolAsync(second.Id, sameAda.Id);
        await _rig.RunAsync();

        _rig.Sandbox.Sms.AddInbound(Phone, EngineRig.OurNumber, "please stop texting me, I'm not looking");
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(2));

        Assert.Equal(CandidateState.OptedOut, await _rig.StateAsync(ada.Id));
        Assert.Equal(CandidateState.OptedOut, await _rig.StateAsync(sameAda.Id));
        Assert.Empty(_rig.Mail.Sent);
        var consent = _rig.Service<ConsentService>();
        Assert.Equal((ConsentKind.OptOut, ConsentSource.ReplyWords), (await consent.ListAsync(Phone)).Select(c => (c.Kind, c.Source)).Single());
        Assert.Equal((ConsentKind.OptOut, ConsentSource.ReplyWords), (await consent.ListAsync(Email)).Select(c => (c.Kind, c.Source)).Single());
        var reply = await LastInboundAsync();
        Assert.Equal(ReplyIntent.OptOut, reply.Intent);
    }

    [Fact]
    public async Task InboundSms_StopKeyword_AlsoBlocksTheCandidatesEmail()
    {
        var (project, sms, email) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Sms, sms), Step(StepChannel.Email, email, delayMinutes: 60));
        var ada = await _rig.CandidateAsync(project.Id, Phone, Email);
        await _rig.EnrolAsync(project.Id, ada.Id);
        await _rig.RunAsync();

        _rig.Sandbox.Sms.AddInbound(Phone, EngineRig.OurNumber, "STOP");
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(2));

        Assert.Equal(CandidateState.OptedOut, await _rig.StateAsync(ada.Id));
        Assert.Empty(_rig.Mail.Sent);
        Assert.Equal(ConsentSource.StopKeyword, (await _rig.Service<ConsentService>().ListAsync(Email)).Single().Source);
    }

    [Fact]
    public async Task InboundSms_NotInterested_WithdrawnWithTheReasonAndNoFurtherSteps()
    {
        var (project, sms, email) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Sms, sms), Step(StepChannel.Email, email, delayMinutes: 60));
        var ada = await _rig.CandidateAsync(project.Id, Phone, Email);
        await _rig.EnrolAsync(project.Id, ada.Id);
        await _rig.RunAsync();

        _rig.Sandbox.Sms.AddInbound(Phone, EngineRig.OurNumber, "Thanks but I'm happy where I am");
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(2));

        Assert.Equal(CandidateState.Withdrawn, await _rig.StateAsync(ada.Id));
        Assert.Empty(_rig.Mail.Sent);
        Assert.Empty(await _rig.Service<ConsentService>().ListAsync(Phone));
        var reply = await LastInboundAsync();
        Assert.Equal((ReplyIntent.NotInterested, true), (reply.Intent, reply.IntentConfidence >= ReplyClassification.ActThreshold));
    }

    [Fact]
    public async Task InboundSms_UnsureWords_RepliedForTheRecruiterWithTheSuggestionOnly()
    {
        var (project, sms, _) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Sms, sms));
        var ada = await _rig.CandidateAsync(project.Id, Phone, Email);
        await _rig.EnrolAsync(project.Id, ada.Id);
        await _rig.RunAsync();

        _rig.Sandbox.Sms.AddInbound(Phone, EngineRig.OurNumber, "hmm, really?");
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(CandidateState.Replied, await _rig.StateAsync(ada.Id));
        var reply = await LastInboundAsync();
        Assert.Equal(ReplyIntent.Question, reply.Intent);
        Assert.True(reply.IntentConfidence < ReplyClassification.ActThreshold);
    }

    [Fact]
    public async Task HandleEmail_OptOutInFrench_AddressAndNumberBlocked()
    {
        var (project, sms, email) = await _rig.ProjectAsync();
        await _rig.SequenceAsync(project.Id, Step(StepChannel.Email, email), Step(StepChannel.Sms, sms, delayMinutes: 120));
        var ada = await _rig.CandidateAsync(project.Id, Phone, Email);
        await _rig.EnrolAsync(project.Id, ada.Id);
        await _rig.RunAsync();

        await _rig.DeliverAsync(ReplyTo(Assert.Single(_rig.Mail.Sent), "Bonjour, merci de ne plus me contacter. Ne me contactez plus."));
        await _rig.AdvanceAndRunAsync(TimeSpan.FromHours(3));

        Assert.Equal(CandidateState.OptedOut, await _rig.StateAsync(ada.Id));
        Assert.Equal(0, _rig.SmsPosts());
        Assert.Equal(ConsentKind.OptOut, (await _rig.Service<ConsentService>().ListAsync(Phone)).Single().Kind);
        Assert.Equal(ReplyIntent.OptOut, (await LastInboundAsync()).Intent);
    }
}

public sealed class ReplyIntentScenarioSqliteTests() : ReplyIntentScenarioTests(DatabaseProvider.Sqlite);

public sealed class ReplyIntentScenarioPostgresTests() : ReplyIntentScenarioTests(DatabaseProvider.Postgres);
