using Samsara.Sandbox.Infrastructure;

namespace Samsara.Sandbox;

/// <summary>
/// Scripted candidates that demo mode adds to its sandbox at start, so each outreach path can be tried by giving a
/// candidate one of these addresses or numbers (listed in docs/email.md and the README). Anything else never replies.
/// </summary>
public static class DemoCandidates
{
    public const string EmailDomain = "candidates.sandbox.test";

    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    public static IReadOnlyList<CandidateScript> Scripts { get; } =
    [
        new("reply@" + EmailDomain, CandidateBehaviour.ReplyAfterDelay, Soon, "Yes, I'm interested. When can we talk?"),
        new("away@" + EmailDomain, CandidateBehaviour.OutOfOffice, Soon),
        new("bounce@" + EmailDomain, CandidateBehaviour.Bounce),
        new("unsubscribe@" + EmailDomain, CandidateBehaviour.Unsubscribe, Soon),
        new("stop@" + EmailDomain, CandidateBehaviour.ReplyStop, Soon),
        new("silent@" + EmailDomain, CandidateBehaviour.NeverReply),
        // UK numbers reserved for drama (Ofcom 07700 900xxx): valid in form, never anyone's phone.
        new("+447700900001", CandidateBehaviour.ReplyAfterDelay, Soon, "Yes, I'm interested. When can we talk?"),
        new("+447700900002", CandidateBehaviour.ReplyStop, Soon),
        new("+447700900003", CandidateBehaviour.NeverReply),
        new("+447700900004", CandidateBehaviour.Bounce),
        new("+447700900005", CandidateBehaviour.AnswerAndPass),
        new("+447700900006", CandidateBehaviour.AnswerAndFail),
        new("+447700900007", CandidateBehaviour.NoAnswer),
        new("+447700900008", CandidateBehaviour.Voicemail),
        new("+447700900009", CandidateBehaviour.AnswerUnclear),
        new("+447700900010", CandidateBehaviour.Busy),
        new("+447700900011", CandidateBehaviour.HangUpMidCall),
        new("+447700900012", CandidateBehaviour.NeverEnds),
        new("+447700900013", CandidateBehaviour.PollStorm),
        new("+447700900014", CandidateBehaviour.LostCreateAnswer),
    ];

    public static void AddTo(ScriptBook book)
    {
        foreach (var script in Scripts)
        {
            book.Set(script);
        }
    }
}
