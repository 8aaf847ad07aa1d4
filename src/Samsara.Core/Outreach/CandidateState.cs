namespace Samsara.Core.Outreach;

/// <summary>Where a candidate stands in a project's outreach (the seed's state machine).</summary>
public enum CandidateState
{
    Pending,
    OutreachSent,
    AwaitingReply,
    Replied,
    Timeout,
    Scheduling,
    Scheduled,
    CallDone,
    Transcribed,
    AiCalling,
    Screened,
    Pass,
    Fail,
    AtsReady,
    AtsSubmitted,
    SentToClient,
    OptedOut,
    Withdrawn,
    Rejected,
}
