namespace Samsara.Core.Outreach;

/// <summary>Counts a recruiter reads at a glance: how far candidates got, and what waits for the recruiter.</summary>
public sealed record Funnel(int Candidates, int Contacted, int Replied, int Screened, int Submitted)
{
    public static Funnel From(int candidates, IReadOnlyDictionary<CandidateState, int> byState)
    {
        int Count(Func<CandidateState, bool> pick) => byState.Where(kv => pick(kv.Key)).Sum(kv => kv.Value);
        return new Funnel(
            candidates,
            Count(s => s != CandidateState.Pending),
            Count(s => ReachedReply(s)),
            Count(s => s is CandidateState.Screened or CandidateState.Pass or CandidateState.Fail),
            Count(s => s is CandidateState.AtsSubmitted or CandidateState.SentToClient));
    }

    /// <summary>Replies to read, calls to schedule and candidates ready for the ATS.</summary>
    public static int NeedsYou(IReadOnlyDictionary<CandidateState, int> byState) =>
        byState.Where(kv => NeedsRecruiter(kv.Key)).Sum(kv => kv.Value);

    public static bool NeedsRecruiter(CandidateState state) => state switch
    {
        CandidateState.Replied or CandidateState.Pass or CandidateState.Scheduling or CandidateState.AtsReady => true,
        CandidateState.Pending or CandidateState.OutreachSent or CandidateState.AwaitingReply or CandidateState.Timeout
            or CandidateState.Scheduled or CandidateState.CallDone or CandidateState.Transcribed or CandidateState.AiCalling
            or CandidateState.Screened or CandidateState.Fail or CandidateState.AtsSubmitted or CandidateState.SentToClient
            or CandidateState.OptedOut or CandidateState.Withdrawn or CandidateState.Rejected => false,
    };

    private static bool ReachedReply(CandidateState state) => state is CandidateState.Replied or CandidateState.Scheduling
        or CandidateState.Scheduled or CandidateState.CallDone or CandidateState.Transcribed or CandidateState.AtsReady
        or CandidateState.AtsSubmitted or CandidateState.SentToClient;
}
