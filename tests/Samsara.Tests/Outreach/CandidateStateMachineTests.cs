using Samsara.Core.Outreach;

namespace Samsara.Tests.Outreach;

public class CandidateStateMachineTests
{
    [Theory]
    [InlineData(CandidateState.Pending, CandidateState.OutreachSent)]
    [InlineData(CandidateState.AwaitingReply, CandidateState.Replied)]
    [InlineData(CandidateState.AwaitingReply, CandidateState.Timeout)]
    [InlineData(CandidateState.Timeout, CandidateState.AiCalling)]
    [InlineData(CandidateState.Screened, CandidateState.Pass)]
    [InlineData(CandidateState.Pass, CandidateState.Scheduling)]
    [InlineData(CandidateState.Fail, CandidateState.Rejected)]
    [InlineData(CandidateState.Transcribed, CandidateState.AtsReady)]
    [InlineData(CandidateState.AtsSubmitted, CandidateState.SentToClient)]
    [InlineData(CandidateState.Replied, CandidateState.Scheduled)]
    [InlineData(CandidateState.Pass, CandidateState.Scheduled)]
    [InlineData(CandidateState.Scheduled, CandidateState.Scheduling)]
    [InlineData(CandidateState.CallDone, CandidateState.AtsReady)]
    public void CanMove_SeedTransition_IsAllowed(CandidateState from, CandidateState to) =>
        Assert.True(CandidateStateMachine.CanMove(from, to));

    [Theory]
    [InlineData(CandidateState.Pending, CandidateState.Replied)]
    [InlineData(CandidateState.Timeout, CandidateState.Scheduling)]
    [InlineData(CandidateState.Fail, CandidateState.Scheduling)]
    [InlineData(CandidateState.Replied, CandidateState.AiCalling)]
    [InlineData(CandidateState.SentToClient, CandidateState.Pending)]
    [InlineData(CandidateState.Timeout, CandidateState.Scheduled)]
    [InlineData(CandidateState.CallDone, CandidateState.Scheduled)]
    public void CanMove_SkippingOrBackwards_IsRefused(CandidateState from, CandidateState to) =>
        Assert.False(CandidateStateMachine.CanMove(from, to));

    [Fact]
    public void CanMove_AnyActiveStateToOptOutWithdrawOrReject_IsAllowed()
    {
        var active = Enum.GetValues<CandidateState>().Where(CandidateStateMachine.IsActive).ToList();
        Assert.Contains(CandidateState.AiCalling, active);
        foreach (var state in active)
        {
            Assert.True(CandidateStateMachine.CanMove(state, CandidateState.OptedOut), $"{state} → OptedOut");
            Assert.True(CandidateStateMachine.CanMove(state, CandidateState.Withdrawn), $"{state} → Withdrawn");
            Assert.True(CandidateStateMachine.CanMove(state, CandidateState.Rejected), $"{state} → Rejected");
        }
    }

    [Theory]
    [InlineData(CandidateState.OptedOut)]
    [InlineData(CandidateState.Withdrawn)]
    [InlineData(CandidateState.Rejected)]
    [InlineData(CandidateState.SentToClient)]
    public void NextStates_FinalState_IsEmpty(CandidateState state) =>
        Assert.Empty(CandidateStateMachine.NextStates(state));

    [Fact]
    public void NextStates_AwaitingReply_ListsReplyTimeoutAndExits() =>
        Assert.Equal(
            [CandidateState.Replied, CandidateState.Timeout, CandidateState.OptedOut, CandidateState.Withdrawn, CandidateState.Rejected],
            CandidateStateMachine.NextStates(CandidateState.AwaitingReply));
}
