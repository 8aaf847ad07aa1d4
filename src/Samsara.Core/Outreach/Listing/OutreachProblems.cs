namespace Samsara.Core.Outreach.Listing;

public enum ProblemKind
{
    /// <summary>A message was sent and failed: refused, bounced or undelivered.</summary>
    Failed,
    /// <summary>A step was skipped because the candidate cannot be reached on its channel.</summary>
    Unreachable,
}

/// <summary>A failure in words a recruiter acts on: what went wrong and what to do next.</summary>
public sealed record OutreachProblem(ProblemKind Kind, string Reason, string NextStep, string Detail);

/// <summary>
/// Turns the engine's and providers' reasons (kept verbatim in the ledger) into a human reason and a next step.
/// Matched on the words the engine writes, so a new provider message falls back to "failed" with its own text.
/// </summary>
public static class OutreachProblems
{
    /// <summary>Skip reasons that mean the channel cannot reach the candidate (StepGate.ContactProblem writes these).</summary>
    public static readonly string[] UnreachablePrefixes = ["Invalid number", "No email address", "Email address ", "Opted out: "];

    public static OutreachProblem Describe(ProblemKind kind, string raw)
    {
        var text = raw.Trim();
        var (reason, next) = Classify(kind, text);
        return new OutreachProblem(kind, reason, next, text);
    }

    private static (string Reason, string Next) Classify(ProblemKind kind, string text)
    {
        if (Has(text, "credential", "authenticat", "401", "403", "unauthori", "forbidden"))
        {
            return ("Wrong credentials", "Fix the provider account in Settings, then retry");
        }

        if (Has(text, "No email address"))
        {
            return ("No email address", "Add an address, or reach them by phone");
        }

        if (Has(text, "Invalid number", "E.164", "not a valid phone", "21211", "21614"))
        {
            return text.Contains("''", StringComparison.Ordinal) ? ("No phone number", "Add a number, or try email") : ("Invalid number", "Correct the number, or try email");
        }

        if (Has(text, "bounced", "refused", "unusable", "RecipientRejected", "mailbox unavailable", "550"))
        {
            return ("Bounced address", "Find another address, or try SMS");
        }

        if (Has(text, "Undelivered", "30003", "30005", "30006", "30007", "30008"))
        {
            return ("Undelivered", "Try the other channel, or check the number");
        }

        if (text.StartsWith("Opted out", StringComparison.Ordinal))
        {
            return ("Opted out on this channel", "Needs you: they asked not to be contacted this way");
        }

        return kind switch
        {
            ProblemKind.Failed => ("Send failed", "Needs you: check the ledger, then retry"),
            ProblemKind.Unreachable => ("Cannot be reached", "Needs you: add a phone number or email address"),
        };
    }

    private static bool Has(string text, params string[] words) => words.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));
}
