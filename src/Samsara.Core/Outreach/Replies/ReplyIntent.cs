namespace Samsara.Core.Outreach.Replies;

/// <summary>What a candidate's reply means for the outreach, read from its words.</summary>
public enum ReplyIntent
{
    /// <summary>Wants to hear more or talk.</summary>
    Interested,

    /// <summary>Not now, maybe later (with a date when one is given).</summary>
    NotNow,

    NotInterested,

    /// <summary>Asks not to be contacted again, in any words or language: honoured on every channel.</summary>
    OptOut,

    /// <summary>The number or address is not the candidate's.</summary>
    WrongPerson,

    /// <summary>Asks about the role (salary, location, remote, the client, ...).</summary>
    Question,

    /// <summary>An automatic out-of-office answer (with the return date when stated).</summary>
    OutOfOffice,

    Other,
}

/// <summary>
/// A reply's intent, how sure the rules are, and the date it names ("try me in January", "back on 12 January").
/// Only a confident classification acts by itself; anything else waits for the recruiter with the suggestion shown.
/// </summary>
public sealed record ReplyClassification(ReplyIntent Intent, double Confidence, DateOnly? Date, string Evidence)
{
    /// <summary>At or above this, the intent acts without the recruiter (opt-outs included).</summary>
    public const double ActThreshold = 0.8;

    public bool IsConfident => Confidence >= ActThreshold;
}
