namespace Samsara.Sandbox.Infrastructure;

/// <summary>What a scripted candidate does when Samsara contacts them.</summary>
public enum CandidateBehaviour
{
    /// <summary>Never answers a message; a call rings out.</summary>
    NeverReply,
    /// <summary>
    /// Replies with <see cref="CandidateScript.ReplyText"/> after <see cref="CandidateScript.ReplyDelay"/> (by email: a
    /// threaded reply to our message, sent to its Reply-To).
    /// </summary>
    ReplyAfterDelay,
    /// <summary>Replies STOP after the delay; later SMS to them fail with Twilio 21610. By email the reply just says STOP.</summary>
    ReplyStop,
    /// <summary>The message cannot be delivered (SMS ends undelivered; email comes back as a DSN naming the address).</summary>
    Bounce,
    /// <summary>Email only: an out-of-office auto-reply (RFC 3834 Auto-Submitted) after the delay.</summary>
    OutOfOffice,
    /// <summary>Email only: mails the List-Unsubscribe mailto of our message after the delay.</summary>
    Unsubscribe,
    /// <summary>Answers the screening call and passes.</summary>
    AnswerAndPass,
    /// <summary>Answers the screening call and fails.</summary>
    AnswerAndFail,
    /// <summary>Does not pick up the call.</summary>
    NoAnswer,
    /// <summary>The call goes to voicemail.</summary>
    Voicemail,
    /// <summary>Answers the screening call with hedged answers ("it depends"), while the provider's analysis says passed.</summary>
    AnswerUnclear,
    /// <summary>The line is busy.</summary>
    Busy,
    /// <summary>Answers, then hangs up after the first question.</summary>
    HangUpMidCall,
    /// <summary>Answers and the call never ends (the provider keeps reporting it in progress).</summary>
    NeverEnds,
    /// <summary>Answers and passes, but every poll of the call fails with a 5xx for its first minute.</summary>
    PollStorm,
    /// <summary>Answers and passes, but the connection drops after the first create request is processed (a lost answer).</summary>
    LostCreateAnswer,
}

/// <summary>A script for one candidate, keyed by E.164 phone number or email address.</summary>
public sealed record CandidateScript(
    string Address,
    CandidateBehaviour Behaviour,
    TimeSpan ReplyDelay = default,
    string? ReplyText = null);
