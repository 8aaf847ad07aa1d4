using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Outreach.Listing;
using Samsara.Core.Outreach.Sequences;

namespace Samsara.Web.Components.Shared;

/// <summary>The words a recruiter sees for the engine's states and kinds; enum names never reach the screen.</summary>
public static class Labels
{
    public static string State(CandidateState state) => state switch
    {
        CandidateState.Pending => "Waiting to send",
        CandidateState.OutreachSent => "Contacted",
        CandidateState.AwaitingReply => "Awaiting reply",
        CandidateState.Replied => "Replied",
        CandidateState.Timeout => "No reply",
        CandidateState.Scheduling => "Scheduling a call",
        CandidateState.Scheduled => "Call booked",
        CandidateState.CallDone => "Call done",
        CandidateState.Transcribed => "Transcribed",
        CandidateState.AiCalling => "AI call in progress",
        CandidateState.Screened => "Screened",
        CandidateState.Pass => "Passed screening",
        CandidateState.Fail => "Failed screening",
        CandidateState.AtsReady => "Ready for the ATS",
        CandidateState.AtsSubmitted => "In the ATS",
        CandidateState.SentToClient => "Sent to the client",
        CandidateState.OptedOut => "Opted out",
        CandidateState.Withdrawn => "Withdrawn",
        CandidateState.Rejected => "Rejected",
    };

    public static string Ledger(LedgerKind kind) => kind switch
    {
        LedgerKind.Sent => "Sent",
        LedgerKind.Skipped => "Skipped",
        LedgerKind.Deferred => "Deferred",
        LedgerKind.Failed => "Failed",
        LedgerKind.Reconciled => "Checked with the provider",
        LedgerKind.ReplyReceived => "Reply received",
        LedgerKind.OptedOut => "Opted out",
        LedgerKind.TimerFired => "Reply window ended",
        LedgerKind.AutoReply => "Automatic reply (out of office)",
        LedgerKind.Bounced => "Bounced",
        LedgerKind.OptedIn => "Opted back in",
    };

    public static string Step(StepProgressStatus status) => status switch
    {
        StepProgressStatus.Planned => "Planned",
        StepProgressStatus.Queued => "Queued",
        StepProgressStatus.Sent => "Sent",
        StepProgressStatus.Skipped => "Skipped",
        StepProgressStatus.Failed => "Failed",
    };

    public static string Channel(StepChannel channel) => channel switch
    {
        StepChannel.Sms => "SMS",
        StepChannel.Email => "Email",
        StepChannel.AiCall => "AI call",
    };

    public static string Next(NextActionFilter next) => next switch
    {
        NextActionFilter.Sms => "SMS due",
        NextActionFilter.Email => "Email due",
        NextActionFilter.AiCall => "AI call due",
        NextActionFilter.ReplyWindow => "Waiting for a reply",
        NextActionFilter.Nothing => "Nothing queued",
    };

    public static string Problem(ProblemKind kind) => kind switch
    {
        ProblemKind.Failed => "failed",
        ProblemKind.Unreachable => "unreachable",
    };

    /// <summary>Counts that stay readable past 999: 1,234 then 12.3k.</summary>
    public static string Count(int n) => n switch
    {
        < 10_000 => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        < 1_000_000 => (n / 1000.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "k",
        _ => (n / 1_000_000.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "M",
    };

    public static string Plural(int n, string one, string many) => $"{Count(n)} {(n == 1 ? one : many)}";
}
