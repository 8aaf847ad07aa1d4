namespace Samsara.Sandbox.Voice;

/// <summary>
/// The canned screening conversation each voice simulator reports: the recording disclosure first, then Samsara's
/// default screening questions (the sandbox does not read the project's script), answered as the candidate's script says.
/// </summary>
internal static class ScreeningDialogue
{
    public sealed record Turn(bool IsAgent, string Text);

    private const string Opening = "Hi, this is an assistant calling about a role you may like. This call is recorded so the recruiter can review your answers. Is now a good time?";
    private const string OpenToRole = "Are you open to a new role?";
    private const string Available = "Are you available within a month?";
    private const string RightToWork = "Do you have the right to work here?";

    public static IReadOnlyList<Turn> For(CallEnding ending) => ending switch
    {
        CallEnding.CompletedPass =>
        [
            new(true, Opening),
            new(false, "Yes, go ahead."),
            new(true, OpenToRole),
            new(false, "Yes, I'm looking for something new."),
            new(true, Available),
            new(false, "Yes, I could start in three weeks."),
            new(true, RightToWork),
            new(false, "Yes, I do."),
            new(true, "Great, thank you. The recruiter will be in touch to schedule a call."),
        ],
        CallEnding.CompletedFail =>
        [
            new(true, Opening),
            new(false, "Sure."),
            new(true, OpenToRole),
            new(false, "No, I'm not interested in moving right now."),
            new(true, "Understood, thank you for your time."),
        ],
        CallEnding.CompletedUnclear =>
        [
            new(true, Opening),
            new(false, "I suppose so."),
            new(true, OpenToRole),
            new(false, "Hmm, it depends on the offer really."),
            new(true, Available),
            new(false, "Maybe, I'd have to talk to my manager."),
            new(true, RightToWork),
            new(false, "I think so, I'd have to check my visa."),
            new(true, "Thank you, the recruiter will follow up."),
        ],
        CallEnding.HungUp or CallEnding.NeverEnds =>
        [
            new(true, Opening),
            new(false, "Yes, go ahead."),
            new(true, OpenToRole),
            new(false, "Sorry, I have to go."),
        ],
        CallEnding.Voicemail =>
        [
            new(true, "Hi, this is an assistant calling about a role you may like. This call is recorded. Please call us back."),
        ],
        CallEnding.NoAnswer or CallEnding.Busy or CallEnding.Failed => [],
    };

    public static string Summary(CallEnding ending) => ending switch
    {
        CallEnding.CompletedPass => "Candidate is open to a new role, available in three weeks and has the right to work.",
        CallEnding.CompletedFail => "Candidate is not interested in moving right now.",
        CallEnding.CompletedUnclear => "Candidate seems interested and eligible.",
        CallEnding.HungUp => "Candidate hung up after the first question.",
        CallEnding.NeverEnds => "The call is still going.",
        CallEnding.Voicemail => "Reached voicemail; left a message.",
        CallEnding.Busy => "The line was busy.",
        CallEnding.NoAnswer => "The candidate did not answer.",
        CallEnding.Failed => "The call could not be connected.",
    };

    public static string Text(IReadOnlyList<Turn> turns, string agent, string user) =>
        string.Join('\n', turns.Select(t => $"{(t.IsAgent ? agent : user)}: {t.Text}"));
}
