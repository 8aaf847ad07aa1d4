namespace Samsara.Sandbox.Infrastructure;

/// <summary>What a scripted candidate does when Samsara contacts them.</summary>
public enum CandidateBehaviour
{
    /// <summary>Never answers a message; a call rings out.</summary>
    NeverReply,
    /// <summary>Replies with <see cref="CandidateScript.ReplyText"/> after <see cref="CandidateScript.ReplyDelay"/>.</summary>
    ReplyAfterDelay,
    /// <summary>Replies STOP after the delay; later SMS to them fail with Twilio 21610.</summary>
    ReplyStop,
    /// <summary>The message cannot be delivered (SMS ends undelivered, email bounces).</summary>
    Bounce,
    /// <summary>Answers the screening call and passes.</summary>
    AnswerAndPass,
    /// <summary>Answers the screening call and fails.</summary>
    AnswerAndFail,
    /// <summary>Does not pick up the call.</summary>
    NoAnswer,
    /// <summary>The call goes to voicemail.</summary>
    Voicemail,
}

/// <summary>A script for one candidate, keyed by E.164 phone number or email address.</summary>
public sealed record CandidateScript(
    string Address,
    CandidateBehaviour Behaviour,
    TimeSpan ReplyDelay = default,
    string? ReplyText = null);
