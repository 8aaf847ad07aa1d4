using System.Text.Json;
using System.Text.RegularExpressions;

namespace Samsara.Core.Calls;

/// <summary>One question as judged: what the candidate said and whether it passed.</summary>
public sealed record JudgedAnswer(string Question, string? KnockOutAnswer, string? Answer, AnswerVerdict Verdict, string Why, double? AskedAt);

public enum AnswerVerdict
{
    Passed,
    Failed,
    Unclear,
    NotAsked,
}

/// <summary>The outcome of a screening call with its confidence and the reasons a recruiter reads.</summary>
public sealed record ScreeningVerdict(ScreeningOutcome Outcome, double Confidence, IReadOnlyList<string> Reasons, IReadOnlyList<JudgedAnswer> Answers)
{
    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static ScreeningVerdict? FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<ScreeningVerdict>(json, JsonSerializerOptions.Web);
}

/// <summary>
/// Samsara's own check of a transcript against the knock-out questions, combined with the provider's verdict. Either
/// alone can be wrong (an LLM rubric, a keyword match), so they must agree and be confident; anything else is unclear
/// and waits for the recruiter.
/// </summary>
public static partial class ScreeningJudge
{
    private static readonly string[] Affirmative = ["yes", "yeah", "yep", "sure", "absolutely", "definitely", "of course", "correct", "i do", "i am", "i have"];
    private static readonly string[] Negative = ["no", "nope", "not", "never", "i don't", "i do not", "i'm not", "i am not"];

    public static ScreeningVerdict Judge(IReadOnlyList<ScreeningQuestion> questions, IReadOnlyList<CallTurn> turns, bool? providerPassed, double minConfidence)
    {
        var answers = questions.Select(q => JudgeQuestion(q, turns)).ToList();
        var reasons = new List<string>();
        var knockOuts = answers.Where(a => a.KnockOutAnswer is not null).ToList();
        ScreeningOutcome own;
        double confidence;
        if (answers.FirstOrDefault(a => a.Verdict == AnswerVerdict.Failed) is { } failed)
        {
            own = ScreeningOutcome.Fail;
            confidence = 0.9;
            reasons.Add($"Knock-out: \"{failed.Question}\" was answered \"{failed.Answer}\" ({failed.Why}).");
        }
        else if (knockOuts.FirstOrDefault(a => a.Verdict is AnswerVerdict.Unclear or AnswerVerdict.NotAsked) is { } open)
        {
            own = ScreeningOutcome.Unclear;
            confidence = 0.4;
            reasons.Add($"Knock-out question \"{open.Question}\": {open.Why}.");
        }
        else
        {
            own = ScreeningOutcome.Pass;
            confidence = answers.All(a => a.Verdict == AnswerVerdict.Passed) ? 0.85 : 0.7;
            reasons.Add(knockOuts.Count == 0 ? "No knock-out questions; every question was asked." : "Every knock-out question was answered and passed.");
        }

        if (turns.Count == 0)
        {
            return new ScreeningVerdict(ScreeningOutcome.Unclear, 0.2, ["There is no transcript to check the answers against."], answers);
        }

        switch (providerPassed)
        {
            case null:
                reasons.Add("The provider gave no verdict; Samsara's own check decides.");
                break;
            case true when own == ScreeningOutcome.Pass:
            case false when own == ScreeningOutcome.Fail:
                confidence = Math.Min(0.97, confidence + 0.07);
                reasons.Add($"The provider's analysis agrees ({(providerPassed.Value ? "passed" : "failed")}).");
                break;
            case true or false when own == ScreeningOutcome.Unclear:
                reasons.Add($"The provider's analysis says {(providerPassed.Value ? "passed" : "failed")}, but Samsara could not confirm it from the transcript.");
                break;
            case true or false:
                reasons.Add($"The provider's analysis says {(providerPassed.Value ? "passed" : "failed")}, Samsara's check says {own.ToString().ToLowerInvariant()}: needs you.");
                return new ScreeningVerdict(ScreeningOutcome.Unclear, 0.5, reasons, answers);
        }

        if (own != ScreeningOutcome.Unclear && confidence < minConfidence)
        {
            reasons.Add($"Confidence {confidence:P0} is below {minConfidence:P0}: needs you.");
            own = ScreeningOutcome.Unclear;
        }

        return new ScreeningVerdict(own, confidence, reasons, answers);
    }

    private static JudgedAnswer JudgeQuestion(ScreeningQuestion q, IReadOnlyList<CallTurn> turns)
    {
        var wanted = Words(q.Text).Where(w => w.Length > 2).ToHashSet();
        var best = -1;
        var bestScore = 0.0;
        for (var i = 0; i < turns.Count; i++)
        {
            if (!turns[i].IsAgent || wanted.Count == 0)
            {
                continue;
            }

            var score = (double)Words(turns[i].Text).Count(wanted.Contains) / wanted.Count;
            if (score > bestScore)
            {
                (best, bestScore) = (i, score);
            }
        }

        if (best < 0 || bestScore < 0.6)
        {
            return new JudgedAnswer(q.Text, q.KnockOutAnswer, null, AnswerVerdict.NotAsked, "the question was not found in the transcript", null);
        }

        var reply = turns.Skip(best + 1).TakeWhile(t => !t.IsAgent).Select(t => t.Text).ToList();
        if (reply.Count == 0)
        {
            return new JudgedAnswer(q.Text, q.KnockOutAnswer, null, AnswerVerdict.Unclear, "the candidate did not answer", turns[best].Start);
        }

        var answer = string.Join(" ", reply);
        var (verdict, why) = q.KnockOutAnswer is { } knockOut ? CheckKnockOut(answer, knockOut) : (AnswerVerdict.Passed, "answered; not a knock-out question");
        return new JudgedAnswer(q.Text, q.KnockOutAnswer, answer, verdict, why, turns[best].Start);
    }

    private static (AnswerVerdict, string) CheckKnockOut(string answer, string knockOut)
    {
        var said = " " + string.Join(' ', Words(answer)) + " ";
        var fails = " " + string.Join(' ', Words(knockOut)) + " ";
        if (said.StartsWith(fails, StringComparison.Ordinal))
        {
            return (AnswerVerdict.Failed, $"the answer opens with the knock-out answer \"{knockOut}\"");
        }

        var knockOutIsNo = Negative.Contains(fails.Trim());
        var opensYes = Affirmative.Any(a => said.StartsWith($" {a} ", StringComparison.Ordinal));
        var opensNo = Negative.Any(a => said.StartsWith($" {a} ", StringComparison.Ordinal));
        if (knockOutIsNo && opensNo)
        {
            return (AnswerVerdict.Failed, "the candidate answered no");
        }

        if (knockOutIsNo && opensYes || (!knockOutIsNo && !said.Contains(fails, StringComparison.Ordinal) && (opensYes || opensNo)))
        {
            return (AnswerVerdict.Passed, $"the answer is not \"{knockOut}\"");
        }

        return said.Contains(fails, StringComparison.Ordinal)
            ? (AnswerVerdict.Unclear, $"the answer mentions \"{knockOut}\" but does not open with it")
            : (AnswerVerdict.Unclear, "the answer is neither a clear yes nor a clear no");
    }

    private static IEnumerable<string> Words(string text) =>
        WordPattern().Matches(text.ToLowerInvariant().Replace('’', '\'')).Select(m => m.Value);

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex WordPattern();
}
