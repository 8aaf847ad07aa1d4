using System.Text;
using Samsara.Core.Candidates;
using Samsara.Core.Matching.Semantic;
using Samsara.Testing;
using static Microsoft.Playwright.Assertions;

namespace Samsara.UiTests;

/// <summary>
/// The score while the background semantic stage reads CVs for meaning: "scoring…" first, a number once the CV is
/// embedded (no reload), and "Scored by words only" with the reason for a CV the model could not read. A stand-in
/// model that waits for the test and fails on one CV keeps the real model out of the browser suite.
/// </summary>
public sealed class ScoringFlowTests(BrowserFixture browser) : BrowserTest(browser)
{
    private const string Job = "Head Chef\nLocation: Leeds\nRequired: menu planning, stock control, food safety";
    private readonly GatedModel model = new();

    protected override IDictionary<string, string?>? AppSettings => new Dictionary<string, string?>
    {
        ["Samsara:Matching:Semantic"] = "true",
        ["Samsara:Matching:MaxEmbedAttempts"] = "1",
        ["Samsara:Matching:EmbedPollInterval"] = "00:00:01",
    };

    protected override SamsaraAppFactory CreateApp() => new(settings: AppSettings) { SentenceModel = model };

    [Fact]
    public async Task CvsPage_ModelReadsOneCvAndFailsAnother_ScoringTurnsIntoScoresAndTheFailureSaysWordsOnly()
    {
        var project = await App.CreateProjectAsync("Head Chef", "Brasserie Ltd");
        await App.Service<CandidateService>().SetJobDescriptionAsync(project.Id, new JobDescriptionInput { Text = Job }, TestContext.Current.CancellationToken);
        await App.ImportCvsAsync(project.Id,
            ("sam.txt", Encoding.UTF8.GetBytes("Sam Cook\nSous Chef | sam@example.com | Leeds, UK\nPlanned seasonal menus, kept stock control and food safety records for a busy kitchen.")),
            ("pat.txt", Encoding.UTF8.GetBytes("Pat Broken\nChef de Partie | pat@example.com | York, UK\nUNREADABLE passage: menu planning and stock control.")));
        await GotoAsync($"/project/{project.Id}/cvs");

        var rows = Page.Locator("[data-test=candidate-table] tbody tr");
        var sam = rows.Filter(new() { HasText = "Sam Cook" });
        var pat = rows.Filter(new() { HasText = "Pat Broken" });
        await Expect(sam.Locator("[data-test=score-chip]")).ToHaveTextAsync("scoring…");
        await Expect(pat.Locator("[data-test=score-chip]")).ToHaveTextAsync("scoring…");
        await ShotAsync("scoring-pending");

        model.Release();

        // Live: the page was not reloaded.
        await Expect(sam.Locator("[data-test=score-chip]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+$"), new() { Timeout = 30_000 });
        await Expect(pat.Locator("[data-test=score-chip]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+$"), new() { Timeout = 30_000 });

        await pat.ClickAsync();
        var explanation = Page.Locator("[data-test=explanation]");
        await Expect(explanation.Locator("[data-test=semantic-note]")).ToContainTextAsync("Scored by words only:");
        await Expect(explanation.Locator("[data-test=semantic-note]")).ToContainTextAsync("cannot read");
        await ShotAsync("scoring-words-only");

        await sam.ClickAsync();
        await Expect(explanation).ToContainTextAsync("Sam Cook");
        await Expect(explanation.Locator("[data-test=semantic-note]")).ToHaveCountAsync(0);
        await Expect(explanation).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"meaning \d+ pts"));
    }

    /// <summary>Letter counts as vectors; waits until released, and cannot read a passage marked UNREADABLE.</summary>
    private sealed class GatedModel : ISentenceEmbedder
    {
        private readonly ManualResetEventSlim gate = new();

        public string Model => "test-letters";

        public int Dimensions => 26;

        public void Release() => gate.Set();

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken ct = default)
        {
            gate.Wait(ct);
            if (texts.Any(t => t.Contains("unreadable", StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException("the model cannot read this passage");
            }

            return [.. texts.Select(Letters)];
        }

        private static float[] Letters(string text)
        {
            var v = new float[26];
            foreach (var c in text.ToLowerInvariant().Where(c => c is >= 'a' and <= 'z'))
            {
                v[c - 'a']++;
            }

            return v;
        }
    }
}
