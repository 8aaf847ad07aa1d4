using System.Collections.Frozen;

namespace Samsara.Core.Outreach;

/// <summary>
/// The legal moves between <see cref="CandidateState"/>s, from PRODUCT.md, plus the recruiter-call moves of issue 14:
/// a time picked directly books from REPLIED or PASS (→ SCHEDULED); a cancelled or missed call goes back to SCHEDULING;
/// a call without a recording goes from CALL_DONE straight to ATS_READY.
/// </summary>
public static class CandidateStateMachine
{
    private static readonly FrozenDictionary<CandidateState, CandidateState[]> Forward =
        new Dictionary<CandidateState, CandidateState[]>
        {
            [CandidateState.Pending] = [CandidateState.OutreachSent],
            [CandidateState.OutreachSent] = [CandidateState.AwaitingReply],
            [CandidateState.AwaitingReply] = [CandidateState.Replied, CandidateState.Timeout],
            [CandidateState.Replied] = [CandidateState.Scheduling, CandidateState.Scheduled],
            [CandidateState.Scheduling] = [CandidateState.Scheduled],
            [CandidateState.Scheduled] = [CandidateState.CallDone, CandidateState.Scheduling],
            [CandidateState.CallDone] = [CandidateState.Transcribed, CandidateState.AtsReady],
            [CandidateState.Transcribed] = [CandidateState.AtsReady],
            [CandidateState.Timeout] = [CandidateState.AiCalling],
            [CandidateState.AiCalling] = [CandidateState.Screened],
            [CandidateState.Screened] = [CandidateState.Pass, CandidateState.Fail],
            [CandidateState.Pass] = [CandidateState.Scheduling, CandidateState.Scheduled],
            [CandidateState.Fail] = [CandidateState.Rejected],
            // A client package may go out before or after the ATS entry.
            [CandidateState.AtsReady] = [CandidateState.AtsSubmitted, CandidateState.SentToClient],
            [CandidateState.AtsSubmitted] = [CandidateState.SentToClient],
        }.ToFrozenDictionary();

    /// <summary>States the candidate can leave by opting out, withdrawing or being rejected.</summary>
    public static bool IsActive(CandidateState state) => state switch
    {
        CandidateState.SentToClient or CandidateState.OptedOut or CandidateState.Withdrawn or CandidateState.Rejected => false,
        CandidateState.Pending or CandidateState.OutreachSent or CandidateState.AwaitingReply or CandidateState.Replied
            or CandidateState.Timeout or CandidateState.Scheduling or CandidateState.Scheduled or CandidateState.CallDone
            or CandidateState.Transcribed or CandidateState.AiCalling or CandidateState.Screened or CandidateState.Pass
            or CandidateState.Fail or CandidateState.AtsReady or CandidateState.AtsSubmitted => true,
    };

    public static bool CanMove(CandidateState from, CandidateState to)
    {
        if (to is CandidateState.OptedOut or CandidateState.Withdrawn or CandidateState.Rejected)
        {
            return IsActive(from);
        }

        return Forward.TryGetValue(from, out var next) && next.Contains(to);
    }

    public static IReadOnlyList<CandidateState> NextStates(CandidateState from)
    {
        var next = Forward.TryGetValue(from, out var forward) ? forward.ToList() : [];
        if (IsActive(from))
        {
            foreach (var exit in new[] { CandidateState.OptedOut, CandidateState.Withdrawn, CandidateState.Rejected })
            {
                if (!next.Contains(exit))
                {
                    next.Add(exit);
                }
            }
        }

        return next;
    }
}
