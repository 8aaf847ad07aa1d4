using MudBlazor;
using Samsara.Core.Calls;
using Samsara.Core.Outreach;

namespace Samsara.Web.Calls;

/// <summary>How "Call now" and "Don't call" show in the call view and the timeline drawer.</summary>
internal static class CallControlSeverity
{
    /// <summary>A queued call (outside allowed hours) is a warning the recruiter should read, not a plain success.</summary>
    public static Severity Of(CallControlResult result) => result.Outcome switch
    {
        CallControlOutcome.Done => result.CallsAt is null ? Severity.Success : Severity.Warning,
        CallControlOutcome.NotFound or CallControlOutcome.Refused => Severity.Error,
    };

    /// <summary>The states "Call now" and "Don't call" apply to: waiting for a reply, or for the AI call.</summary>
    public static bool CanCall(CandidateState state) => state is CandidateState.AwaitingReply or CandidateState.Timeout or CandidateState.AiCalling;
}
