using Microsoft.EntityFrameworkCore;
using Samsara.Core;
using Samsara.Core.Candidates;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Listing;
using Samsara.Sandbox.Infrastructure;
using Samsara.Tests.Outreach.Engine;

namespace Samsara.Tests.Outreach;

/// <summary>The paged Outreach list, its problem chips and bulk controls, against the sandbox; once per database.</summary>
public abstract class OutreachListingTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Uk1 = "+447700900123";
    private const string Uk2 = "+447700900124";
    private EngineRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await EngineRig.StartAsync(provider);

    public async ValueTask DisposeAsync() => await _rig.DisposeAsync();

    private OutreachListing Listing => _rig.Service<OutreachListing>();

    private OutreachService Outreach => _rig.Service<OutreachService>();

    [Fact]
    public async Task PageAsync_SecondPageByName_ReturnsThatSliceAndTheMatchingTotal()
    {
        var (project, _) = await _rig.EnrolAsync(phones: [Uk1, Uk2, "+447700900125", "+447700900126", "+447700900127"]);

        var page = (await Listing.PageAsync(project.Id, new OutreachQuery(Page: 2, PageSize: 2, Sort: OutreachSort.Name, Descending: false)))!;

        Assert.Equal(5, page.Total);
        Assert.Equal(["Ada Lovelace2", "Ada Lovelace3"], page.Items.Select(r => r.CandidateName));
        Assert.All(page.Items, r => Assert.Equal("SMS", r.NextAction));
    }

    [Fact]
    public async Task PageAsync_NextActionFilter_FollowsTheEngine()
    {
        var (project, _) = await _rig.EnrolAsync(phones: [Uk1, Uk2]);
        var sms = new OutreachQuery(Filter: new OutreachFilter(Next: NextActionFilter.Sms));
        var window = new OutreachQuery(Filter: new OutreachFilter(Next: NextActionFilter.ReplyWindow));
        Assert.Equal(2, (await Listing.PageAsync(project.Id, sms))!.Total);

        await _rig.RunAsync();

        Assert.Equal(0, (await Listing.PageAsync(project.Id, sms))!.Total);
        Assert.Equal(2, (await Listing.PageAsync(project.Id, window))!.Total);
    }

    [Fact]
    public async Task PageAsync_NumberNotE164_UnreachableChipWithHumanReasonAndCountedAsAProblem()
    {
        var (project, candidates) = await _rig.EnrolAsync(phones: [Uk1, "0123 456"]);

        await _rig.RunAsync();

        var problems = (await Listing.PageAsync(project.Id, new OutreachQuery(Filter: new OutreachFilter(ProblemsOnly: true))))!;
        var row = Assert.Single(problems.Items);
        Assert.Equal(candidates[1].Id, row.CandidateId);
        Assert.Equal(ProblemKind.Unreachable, row.Problem!.Kind);
        Assert.Equal("Invalid number", row.Problem.Reason);
        Assert.Equal("Correct the number, or try email", row.Problem.NextStep);
        Assert.Equal(1, (await Listing.CountsAsync(project.Id)).Problems);
    }

    [Fact]
    public async Task ControlManyAsync_StopEveryoneThenRestartThoseStopped_TheStoppedFirstSmsGoesOutAfterAll()
    {
        var (project, candidates) = await _rig.EnrolAsync(phones: [Uk1, Uk2]);

        var stopped = await Outreach.ControlManyAsync(project.Id, OutreachSelection.Everyone, OutreachControl.Stop, "recruiter");
        await _rig.RunAsync();
        Assert.Equal(2, stopped.Changed);
        Assert.Equal(0, _rig.SmsPosts());

        var restarted = await Outreach.ControlManyAsync(project.Id, new OutreachSelection(SequenceIds: stopped.SequenceIds), OutreachControl.Restart, "recruiter");
        await _rig.RunAsync();

        Assert.Equal(2, restarted.Changed);
        Assert.Equal(2, _rig.SmsPosts());
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(candidates[0].Id));
        var rows = (await Listing.PageAsync(project.Id, new OutreachQuery()))!.Items;
        Assert.All(rows, r => Assert.False(r.Stopped));
    }

    [Fact]
    public async Task ControlManyAsync_ReplyWindowRanOutWhileStopped_RestartHandsThemToTheAiCall()
    {
        var (project, candidates) = await _rig.EnrolAsync(phones: [Uk1, Uk2]);
        await _rig.RunAsync();
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(candidates[0].Id));
        var stopped = await Outreach.ControlManyAsync(project.Id, new OutreachSelection([candidates[0].Id]), OutreachControl.Stop, "recruiter");

        // The 30-minute reply window runs out while Ada0 is stopped: her timer is dropped, Ada1's fires.
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(31));
        Assert.Equal(CandidateState.AwaitingReply, await _rig.StateAsync(candidates[0].Id));
        Assert.Equal(CandidateState.AiCalling, await _rig.StateAsync(candidates[1].Id));

        await Outreach.ControlManyAsync(project.Id, new OutreachSelection(SequenceIds: stopped.SequenceIds), OutreachControl.Restart, "recruiter");
        var row = (await Listing.RowAsync(project.Id, candidates[0].Id))!;
        Assert.Equal("Reply window ends", row.NextAction);
        await _rig.RunAsync();

        Assert.Equal(CandidateState.AiCalling, await _rig.StateAsync(candidates[0].Id));
    }

    [Fact]
    public async Task ImpactAsync_StopWhenOneReplied_CountsEveryoneAndNamesTheOneWhoReplied()
    {
        _rig.Sandbox.Scripts.Set(new CandidateScript(Uk2, CandidateBehaviour.ReplyAfterDelay, TimeSpan.FromMinutes(1), "Yes please"));
        var (project, _) = await _rig.EnrolAsync(phones: [Uk1, Uk2]);
        await _rig.RunAsync();
        await _rig.AdvanceAndRunAsync(TimeSpan.FromMinutes(2));

        var impact = await Listing.ImpactAsync(project.Id, OutreachSelection.Everyone, OutreachControl.Stop);

        Assert.Equal(2, impact.Count);
        Assert.Equal(1, impact.Replied);
        Assert.Equal(["Ada Lovelace1"], impact.RepliedNames);
    }

    [Fact]
    public async Task ChooseAsync_CandidateWithoutPhone_UnreachableForTheSmsSequence()
    {
        var (project, _) = await _rig.EnrolAsync(phones: [Uk1]);
        var mailOnly = (await _rig.Service<CandidateService>().AddAsync(project.Id, new CandidateInput { FullName = "Mary Mail", Email = "mary@example.com" }))!;
        await _rig.Service<CandidateService>().AddAsync(project.Id, new CandidateInput { FullName = "Peter Phone", Phone = Uk2 });

        var choice = await _rig.Service<EnrolCandidates>().ChooseAsync(project.Id, sequenceId: null, minScore: null);

        Assert.Equal(2, choice.NotEnrolled);
        Assert.Equal([mailOnly.Id], choice.UnreachableIds);
        Assert.False(choice.Shown.Single(c => c.Id == mailOnly.Id).HasPhone);
    }
}

public sealed class SqliteOutreachListingTests() : OutreachListingTests(DatabaseProvider.Sqlite);

public sealed class PostgresOutreachListingTests() : OutreachListingTests(DatabaseProvider.Postgres);

/// <summary>A wrong Twilio token: the send fails, and the row says why in words.</summary>
public sealed class OutreachListingWrongTokenTests : IAsyncLifetime
{
    private EngineRig _rig = null!;

    public async ValueTask InitializeAsync() =>
        _rig = await EngineRig.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Samsara:Providers:Twilio:AuthToken"] = "not-the-token" });

    public async ValueTask DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task PageAsync_WrongTwilioToken_FailedChipSaysWrongCredentials()
    {
        var (project, _) = await _rig.EnrolAsync(phones: "+447700900123");

        await _rig.RunAsync();

        var row = Assert.Single((await _rig.Service<OutreachListing>().PageAsync(project.Id, new OutreachQuery()))!.Items);
        Assert.Equal(ProblemKind.Failed, row.Problem!.Kind);
        Assert.Equal("Wrong credentials", row.Problem.Reason);
        Assert.StartsWith("Fix the provider account", row.Problem.NextStep, StringComparison.Ordinal);
    }
}
