using Samsara.Core.Channels;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Outreach.Sequences;

namespace Samsara.Core.Outreach.Engine;

/// <summary>What happens to a claimed step in this pass.</summary>
internal enum PlanKind
{
    /// <summary>The request goes out: Message row and attempt mark first, then the provider.</summary>
    Attempt,
    /// <summary>Back to the outbox, due later (quiet hours, pause, pacing, unknown outcome).</summary>
    Wait,
    /// <summary>Done without sending; the enrolment goes no further on this path (stopped, opted out, moved on).</summary>
    Skip,
    /// <summary>Done without sending, and the next step is queued (a condition, a missing contact or value).</summary>
    SkipAndAdvance,
}

/// <param name="Until">When a waiting step is due again.</param>
/// <param name="Ledger">Whether a wait writes a ledger line (a pause does not: it is the recruiter's own choice).</param>
internal sealed record StepPlan(StepWork Work, PlanKind Kind, string? Reason = null, SendStatus WaitStatus = SendStatus.Pending,
    DateTimeOffset Until = default, bool Ledger = true, Templates.RenderedMessage? Rendered = null);

/// <summary>
/// The checks a step passes before anything is rendered or sent: stopped, opted out, candidate state, paused, the
/// step's condition, a usable contact with consent, and quiet hours in the candidate's time zone. A pure function of
/// the step and the batch's facts, so a batch of a thousand is decided in memory.
/// </summary>
internal static class StepGate
{
    public const string StoppedReason = "Stopped by the recruiter";

    /// <returns>Why the step must not go out now, or null when it may.</returns>
    public static StepPlan? Check(StepWork w, StepFacts facts, OutreachEngineOptions options, DateTimeOffset now)
    {
        var (send, sequence, candidate, project, _) = w;
        if (sequence.StoppedAt is not null)
        {
            return new StepPlan(w, PlanKind.Skip, StoppedReason);
        }

        if (sequence.Status == CandidateState.OptedOut)
        {
            return new StepPlan(w, PlanKind.Skip, "Opted out");
        }

        if (send.Channel == StepChannel.AiCall ? sequence.Status != CandidateState.AwaitingReply : !IsBeforeReply(sequence.Status))
        {
            return new StepPlan(w, PlanKind.Skip, $"Candidate is already {sequence.Status}");
        }

        if (sequence.IsPaused)
        {
            return new StepPlan(w, PlanKind.Wait, "Paused", Until: now + options.PausedRecheck, Ledger: false);
        }

        if (UnmetCondition(w, facts) is { } unmet)
        {
            return new StepPlan(w, PlanKind.SkipAndAdvance, $"Condition not met: {unmet}");
        }

        if (ContactProblem(w, facts) is { } problem)
        {
            return new StepPlan(w, PlanKind.SkipAndAdvance, problem);
        }

        // Quiet hours apply to every channel: an email that lands at 03:00 buzzes a phone just like an SMS does.
        var zones = CandidateTimeZones.For(candidate.Phone, project.DefaultPhoneRegion);
        var hours = new QuietHours(project.QuietHoursStartMinute, project.QuietHoursEndMinute, zones);
        if (hours.Allows(now))
        {
            return null;
        }

        var names = string.Join(", ", zones.Select(z => z.Id));
        return hours.NextAllowed(now) is { } next
            ? new StepPlan(w, PlanKind.Wait, $"Quiet hours in the candidate's time zone ({names}); waits until {next:u}", Until: next)
            : new StepPlan(w, PlanKind.Skip, $"Quiet hours: the allowed hours never overlap across the candidate's time zones ({names})");
    }

    /// <summary>States in which a message step may still go out: nobody has answered or moved the candidate on.</summary>
    private static bool IsBeforeReply(CandidateState state) => state switch
    {
        CandidateState.Pending or CandidateState.OutreachSent or CandidateState.AwaitingReply => true,
        CandidateState.Replied or CandidateState.Timeout or CandidateState.Scheduling or CandidateState.Scheduled
            or CandidateState.CallDone or CandidateState.Transcribed or CandidateState.AiCalling or CandidateState.Screened
            or CandidateState.Pass or CandidateState.Fail or CandidateState.AtsReady or CandidateState.AtsSubmitted
            or CandidateState.SentToClient or CandidateState.OptedOut or CandidateState.Withdrawn or CandidateState.Rejected => false,
    };

    private static string? UnmetCondition(StepWork w, StepFacts facts) => w.Send.Condition switch
    {
        StepCondition.Always => null,
        StepCondition.OnlyIfNoReply => facts.HasReplied(w.Sequence.Id) ? "only if no reply yet, and the candidate has written back" : null,
        StepCondition.OnlyIfHasEmail => string.IsNullOrWhiteSpace(w.Candidate.Email) ? "only if the candidate has an email address" : null,
        StepCondition.OnlyIfHasPhone => string.IsNullOrWhiteSpace(w.Candidate.Phone) ? "only if the candidate has a phone number" : null,
    };

    /// <summary>Why this step's channel cannot reach the candidate (the next step may use another channel).</summary>
    private static string? ContactProblem(StepWork w, StepFacts facts)
    {
        var c = w.Candidate;
        switch (w.Send.Channel)
        {
            case StepChannel.Sms:
            case StepChannel.AiCall:
                // A number that opted out (in any project) is neither texted nor called.
                return ConsentLedger.BlockedReason(facts.Consent(c.Phone, ConsentChannel.Phone), c.Phone, ConsentChannel.Phone)
                    ?? (c.PhoneProblem is { } wrong ? $"Number {c.Phone} is unusable: {wrong}" : null)
                    ?? (E164.IsE164(c.Phone) ? null : $"Invalid number: '{c.Phone}' is not in E.164 format (e.g. +447700900123)");
            case StepChannel.Email:
                if (string.IsNullOrWhiteSpace(c.Email))
                {
                    return "No email address";
                }

                if (c.EmailProblem is { } bad)
                {
                    return $"Email address {c.Email} is unusable: {bad}";
                }

                return ConsentLedger.BlockedReason(facts.Consent(c.Email, ConsentChannel.Email), c.Email, ConsentChannel.Email);
        }

        return null;
    }
}
