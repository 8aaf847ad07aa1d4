using System.Text;
using Samsara.Core.Outreach.Replies;

namespace Samsara.Tests.Outreach.Replies;

/// <summary>Issue 16: every reply's intent on the labelled set, and the cases a recruiter would worry about most.</summary>
public sealed class ReplyIntentClassifierTests
{
    private static readonly DateOnly Today = LabelledReplies.Received;

    private static ReplyClassification Classify(string text) => ReplyIntentClassifier.Classify(text, Today);

    [Fact]
    public void Classify_LabelledSet_AtLeast300RepliesInFourLanguagesAndBothChannels()
    {
        var all = LabelledReplies.All;

        Assert.True(all.Count >= 300, $"{all.Count} labelled replies");
        Assert.All(Enum.GetValues<ReplyIntent>(), intent => Assert.True(all.Count(e => e.Intent == intent) >= 15, $"{intent} has too few examples"));
        Assert.Contains(all, e => e.Channel == "email" && e.Text.Contains("wrote:", StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_LabelledOptOuts_EveryOneFoundAndConfident()
    {
        var missed = LabelledReplies.All.Where(e => e.Intent == ReplyIntent.OptOut)
            .Select(e => (e, got: Classify(e.Text)))
            .Where(p => p.got.Intent != ReplyIntent.OptOut || !p.got.IsConfident)
            .Select(p => $"{p.e} → {p.got.Intent} {p.got.Confidence:0.00}")
            .ToList();

        Assert.True(missed.Count == 0, "Opt-outs missed:\n" + string.Join('\n', missed));
    }

    [Fact]
    public void Classify_LabelledNonOptOuts_NoneTakenAsAnOptOut()
    {
        var wrong = LabelledReplies.All.Where(e => e.Intent != ReplyIntent.OptOut)
            .Where(e => Classify(e.Text).Intent == ReplyIntent.OptOut)
            .Select(e => e.ToString())
            .ToList();

        Assert.True(wrong.Count == 0, "False opt-outs:\n" + string.Join('\n', wrong));
    }

    [Fact]
    public void Classify_LabelledSet_PrecisionAndRecallAtLeast90PercentPerIntent()
    {
        var results = LabelledReplies.All.Select(e => (e, got: Classify(e.Text))).ToList();
        var report = new StringBuilder();
        var failing = new List<string>();
        foreach (var intent in Enum.GetValues<ReplyIntent>())
        {
            var truePositives = results.Count(r => r.e.Intent == intent && r.got.Intent == intent);
            var predicted = results.Count(r => r.got.Intent == intent);
            var actual = results.Count(r => r.e.Intent == intent);
            var precision = predicted == 0 ? 0 : (double)truePositives / predicted;
            var recall = actual == 0 ? 0 : (double)truePositives / actual;
            report.AppendLine($"{intent}: precision {precision:0.00} recall {recall:0.00} ({truePositives}/{predicted} predicted, {actual} labelled)");
            if (precision < 0.9 || recall < 0.9)
            {
                failing.Add(intent.ToString());
            }
        }

        foreach (var (e, got) in results.Where(r => r.e.Intent != r.got.Intent))
        {
            report.AppendLine($"  {e.Intent} taken as {got.Intent} ({got.Evidence}): {e}");
        }

        Assert.True(failing.Count == 0, $"Below 0.90: {string.Join(", ", failing)}\n{report}");
    }

    [Fact]
    public void Classify_LabelledDates_NamedDateReadForNotNowAndOutOfOffice()
    {
        var wrong = LabelledReplies.All.Where(e => e.Intent is ReplyIntent.NotNow or ReplyIntent.OutOfOffice)
            .Select(e => (e, got: Classify(e.Text)))
            .Where(p => p.got.Intent == p.e.Intent && p.got.Date != p.e.Date)
            .Select(p => $"{p.e} → {p.got.Date?.ToString("yyyy-MM-dd") ?? "no date"}, labelled {p.e.Date?.ToString("yyyy-MM-dd") ?? "no date"}")
            .ToList();

        Assert.True(wrong.Count == 0, "Dates read wrong:\n" + string.Join('\n', wrong));
    }

    [Theory]
    [InlineData("Yes please!\n\nOn Tue, 1 Dec 2026 at 09:14, Sam <sam@agency.example> wrote:\n> Reply STOP to opt out.")]
    [InlineData("Sounds good.\n> Don't want more texts? Reply STOP")]
    public void Classify_OptOutWordsOnlyInQuotedHistory_NotAnOptOut(string reply) =>
        Assert.Equal(ReplyIntent.Interested, Classify(reply).Intent);

    [Theory]
    [InlineData("Please don't remove me, I still want to hear about roles")]
    [InlineData("I work non-stop")]
    [InlineData("can you take me through the role on a call?")]
    [InlineData("I'll stop by the office tomorrow")]
    public void Classify_WordsThatOnlyLookLikeAnOptOut_NotAnOptOut(string reply) =>
        Assert.NotEqual(ReplyIntent.OptOut, Classify(reply).Intent);

    [Fact]
    public void Classify_BareQuestionMark_NotConfidentEnoughToAct()
    {
        var got = Classify("hmm, really?");

        Assert.Equal(ReplyIntent.Question, got.Intent);
        Assert.False(got.IsConfident);
    }

    [Fact]
    public void Classify_HugeEmail_ReadsOnlyTheTopAndFinishesFast()
    {
        var body = "Not interested.\n" + new string('a', 1_000_000);

        var got = Classify(body);

        Assert.Equal(ReplyIntent.NotInterested, got.Intent);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData(null)]
    public void Classify_Empty_OtherWithLowConfidence(string? body)
    {
        var got = ReplyIntentClassifier.Classify(body, Today);

        Assert.Equal((ReplyIntent.Other, false), (got.Intent, got.IsConfident));
    }
}
