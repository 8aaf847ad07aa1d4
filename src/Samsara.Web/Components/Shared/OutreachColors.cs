using MudBlazor;
using Samsara.Core.Outreach;

namespace Samsara.Web.Components.Shared;

public static class OutreachColors
{
    public static Color State(CandidateState state) => state switch
    {
        CandidateState.Replied or CandidateState.Pass or CandidateState.AtsReady or CandidateState.Scheduling => Color.Secondary,
        CandidateState.SentToClient or CandidateState.AtsSubmitted or CandidateState.Scheduled or CandidateState.CallDone or CandidateState.Transcribed => Color.Success,
        CandidateState.OptedOut or CandidateState.Withdrawn or CandidateState.Rejected or CandidateState.Fail => Color.Error,
        CandidateState.Pending or CandidateState.OutreachSent or CandidateState.AwaitingReply or CandidateState.Timeout
            or CandidateState.AiCalling or CandidateState.Screened => Color.Primary,
    };
}
