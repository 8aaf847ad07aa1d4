namespace Samsara.Sandbox.Voice;

/// <summary>The canned screening conversation each voice simulator reports, with the recording disclosure first.</summary>
internal static class ScreeningDialogue
{
    public sealed record Turn(bool IsAgent, string Text);

    public static IReadOnlyList<Turn> For(CallEnding ending) => ending switch
    {
        CallEnding.CompletedPass =>
        [
            new(true, "Hi, this is Samsara calling on behalf of the recruiter. This call is recorded. Is now a good time?"),
            new(false, "Yes, go ahead."),
            new(true, "Are you open to a new role, and are you available within a month?"),
            new(false, "Yes, I'm looking and could start in three weeks."),
            new(true, "Great, thank you. The recruiter will be in touch to schedule a call."),
        ],
        CallEnding.CompletedFail =>
        [
            new(true, "Hi, this is Samsara calling on behalf of the recruiter. This call is recorded. Is now a good time?"),
            new(false, "Sure."),
            new(true, "Are you open to a new role, and are you available within a month?"),
            new(false, "No, I'm not interested in moving right now."),
            new(true, "Understood, thank you for your time."),
        ],
        CallEnding.Voicemail =>
        [
            new(true, "Hi, this is Samsara calling on behalf of the recruiter. This call is recorded. Please call us back."),
        ],
        CallEnding.NoAnswer or CallEnding.Failed => [],
    };

    public static string Summary(CallEnding ending) => ending switch
    {
        CallEnding.CompletedPass => "Candidate is open to a new role and available in three weeks.",
        CallEnding.CompletedFail => "Candidate is not interested in moving right now.",
        CallEnding.Voicemail => "Reached voicemail; left a message.",
        CallEnding.NoAnswer => "The candidate did not answer.",
        CallEnding.Failed => "The call could not be connected.",
    };

    public static string Text(IReadOnlyList<Turn> turns, string agent, string user) =>
        string.Join('\n', turns.Select(t => $"{(t.IsAgent ? agent : user)}: {t.Text}"));
}
