using Samsara.Sandbox.Infrastructure;

namespace Samsara.Sandbox.Voice;

/// <summary>Where a simulated call is on its timeline.</summary>
internal enum CallPhase
{
    Queued,
    Ringing,
    InProgress,
    Ended,
}

/// <summary>How a finished call ended, before each provider names it in its own words.</summary>
internal enum CallEnding
{
    CompletedPass,
    CompletedFail,
    CompletedUnclear,
    HungUp,
    NeverEnds,
    Busy,
    NoAnswer,
    Voicemail,
    Failed,
}

/// <summary>A call placed through one of the voice simulators; its state is a pure function of the clock.</summary>
internal sealed record SimulatedCall(
    string Id,
    string Provider,
    string From,
    string To,
    DateTimeOffset CreatedAt,
    CandidateBehaviour Behaviour,
    IReadOnlyDictionary<string, object?> Extra)
{
    /// <summary>When the provider was asked to end the call (Bland's stop, Vapi's end-call control); it ends then.</summary>
    public DateTimeOffset? StoppedAt { get; init; }

    public CallEnding Ending => Behaviour switch
    {
        CandidateBehaviour.AnswerAndPass or CandidateBehaviour.ReplyAfterDelay or CandidateBehaviour.PollStorm or CandidateBehaviour.LostCreateAnswer => CallEnding.CompletedPass,
        CandidateBehaviour.AnswerUnclear => CallEnding.CompletedUnclear,
        CandidateBehaviour.HangUpMidCall => CallEnding.HungUp,
        CandidateBehaviour.NeverEnds => CallEnding.NeverEnds,
        CandidateBehaviour.Busy => CallEnding.Busy,
        CandidateBehaviour.AnswerAndFail or CandidateBehaviour.ReplyStop => CallEnding.CompletedFail,
        CandidateBehaviour.Voicemail => CallEnding.Voicemail,
        CandidateBehaviour.Bounce => CallEnding.Failed,
        CandidateBehaviour.NoAnswer or CandidateBehaviour.NeverReply or CandidateBehaviour.OutOfOffice or CandidateBehaviour.Unsubscribe => CallEnding.NoAnswer,
    };

    public bool Answered => Ending is CallEnding.CompletedPass or CallEnding.CompletedFail or CallEnding.CompletedUnclear
        or CallEnding.HungUp or CallEnding.NeverEnds or CallEnding.Voicemail;

    /// <summary>A conversation took place (not voicemail), so there is a transcript and an analysis.</summary>
    public bool Talked => Answered && Ending != CallEnding.Voicemail;

    /// <summary>What the provider's own analysis says (it is wrong on purpose for the unclear candidate).</summary>
    public bool ProviderPassed => Ending is CallEnding.CompletedPass or CallEnding.CompletedUnclear;
}

/// <summary>The moments of a call: when it starts ringing, is answered and ends.</summary>
internal sealed record CallTimeline(DateTimeOffset RingingAt, DateTimeOffset? AnsweredAt, DateTimeOffset EndedAt)
{
    private static readonly TimeSpan QueueTime = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan VoicemailTime = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan RingOutTime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan BusyTime = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan HangUpTime = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Forever = TimeSpan.FromDays(365);

    public static CallTimeline For(SimulatedCall call, SandboxOptions options)
    {
        var planned = Planned(call, options);
        return call.StoppedAt is { } stopped && stopped < planned.EndedAt
            ? new(planned.RingingAt, planned.AnsweredAt is { } a && a <= stopped ? a : null, stopped)
            : planned;
    }

    private static CallTimeline Planned(SimulatedCall call, SandboxOptions options)
    {
        var ringingAt = call.CreatedAt + QueueTime;
        var answeredAt = ringingAt + TimeSpan.FromSeconds(options.CallRingSeconds);
        return call.Ending switch
        {
            CallEnding.Failed => new(ringingAt, null, ringingAt),
            CallEnding.NoAnswer => new(ringingAt, null, ringingAt + RingOutTime),
            CallEnding.Busy => new(ringingAt, null, ringingAt + BusyTime),
            CallEnding.HungUp => new(ringingAt, answeredAt, answeredAt + HangUpTime),
            CallEnding.NeverEnds => new(ringingAt, answeredAt, answeredAt + Forever),
            CallEnding.Voicemail => new(ringingAt, answeredAt, answeredAt + VoicemailTime),
            CallEnding.CompletedPass or CallEnding.CompletedFail or CallEnding.CompletedUnclear =>
                new(ringingAt, answeredAt, answeredAt + TimeSpan.FromSeconds(options.CallTalkSeconds)),
        };
    }

    public CallPhase PhaseAt(DateTimeOffset now) =>
        now >= EndedAt ? CallPhase.Ended
        : AnsweredAt is { } answered && now >= answered ? CallPhase.InProgress
        : now >= RingingAt ? CallPhase.Ringing
        : CallPhase.Queued;

    public TimeSpan TalkTime => AnsweredAt is { } answered ? EndedAt - answered : TimeSpan.Zero;
}
