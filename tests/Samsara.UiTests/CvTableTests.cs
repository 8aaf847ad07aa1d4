using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using Samsara.Core.Candidates;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Consent;
using static Microsoft.Playwright.Assertions;

namespace Samsara.UiTests;

/// <summary>
/// The CV table as a recruiter works it: outreach state and an opted-out flag on each row, filters by score and
/// state, a column chooser, and picking candidates to enrol together.
/// </summary>
public sealed class CvTableTests(BrowserFixture browser) : BrowserTest(browser)
{
    private const string Job = "Head Chef\nLocation: Leeds\nRequired: menu planning, stock control, food safety, HACCP";

    [Fact]
    public async Task CvsPage_StatesFlagsFiltersAndBulkEnrol_WorkWithoutReload()
    {
        var ct = TestContext.Current.CancellationToken;

        // Ann opted out in another project: her number is blocked everywhere, so this project's table flags her.
        var earlier = await App.CreateProjectAsync("Sous Chef", "Bistro Ltd");
        var annBefore = await App.AddCandidateAsync(earlier.Id, "Ann Ortiz", "ann.ortiz@example.com", "+447700900111");
        await App.Service<OutreachService>().EnrolAsync(earlier.Id, new EnrolRequest([annBefore.Id]), "recruiter", ct);
        await App.Service<ConsentService>().OptOutAsync(earlier.Id, annBefore.Id, "recruiter", ct);

        var project = await App.CreateProjectAsync("Head Chef", "Brasserie Ltd");
        await App.Service<CandidateService>().SetJobDescriptionAsync(project.Id, new JobDescriptionInput { Text = Job }, ct);
        await App.ImportCvsAsync(project.Id,
            Cv("ann.txt", "Ann Ortiz", "Head Chef", "ann.ortiz@example.com", "+44 7700 900111", "Menu planning, stock control, food safety and HACCP records for a 200-cover kitchen."),
            Cv("bo.txt", "Bo Chen", "Sous Chef", "bo.chen@example.com", "+44 7700 900222", "Menu planning and stock control; food safety and HACCP."),
            Cv("cy.txt", "Cy Park", "Chef de Partie", "cy.park@example.com", "+44 7700 900333", "Food safety on the grill section."),
            Cv("di.txt", "Di Rossi", "Payroll Clerk", "di.rossi@example.com", "+44 7700 900444", "Ran monthly payroll and pension returns."));
        var bo = (await App.Service<CandidateService>().ListAsync(project.Id, new CandidateQuery(Search: "Bo Chen"), ct))!.Items.Single();
        await App.Service<OutreachService>().EnrolAsync(project.Id, new EnrolRequest([bo.Id]), "recruiter", ct);
        await GotoAsync($"/project/{project.Id}/cvs");

        var rows = Page.Locator("[data-test=candidate-table] tbody tr");
        Func<string, ILocator> row = name => rows.Filter(new() { Has = Page.Locator("[data-test=candidate-name]", new() { HasText = name }) });
        await Expect(rows.Locator("[data-test=candidate-name]")).ToHaveCountAsync(4);
        await Expect(row("Ann Ortiz").Locator("[data-test=flag-opted-out]")).ToBeVisibleAsync();
        await Expect(row("Bo Chen").Locator("[data-test=flag-opted-out]")).ToHaveCountAsync(0);
        await Expect(row("Bo Chen").Locator("[data-test=cv-state]")).ToHaveTextAsync("Waiting to send");
        await Expect(row("Cy Park").Locator("[data-test=cv-state]")).ToHaveTextAsync("not enrolled");
        await ShotAsync("cv-table-1366");

        // Not enrolled: Bo goes.
        await Page.Locator("[data-test=state-filter]").ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = "Not enrolled" }).ClickAsync();
        await Expect(rows.Locator("[data-test=candidate-name]")).ToHaveTextAsync(["Ann Ortiz", "Cy Park", "Di Rossi"]);
        await Page.Locator("[data-test=state-filter]").ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = "Any outreach state" }).ClickAsync();
        await Expect(rows.Locator("[data-test=candidate-name]")).ToHaveCountAsync(4);

        // Score at least Cy's score: the payroll clerk (lowest) goes, every row left scores at least that.
        var cyScore = int.Parse(await row("Cy Park").Locator("[data-test=score-chip]").InnerTextAsync(), CultureInfo.InvariantCulture);
        var diScore = int.Parse(await row("Di Rossi").Locator("[data-test=score-chip]").InnerTextAsync(), CultureInfo.InvariantCulture);
        Assert.True(cyScore > diScore, $"a chef scores above a payroll clerk for a chef job ({cyScore} vs {diScore})");
        await ScoreFilter.FillAsync(cyScore.ToString(CultureInfo.InvariantCulture));
        await Expect(row("Di Rossi")).ToHaveCountAsync(0);
        foreach (var chip in await rows.Locator("[data-test=score-chip]").AllInnerTextsAsync())
        {
            Assert.True(int.Parse(chip, CultureInfo.InvariantCulture) >= cyScore, $"{chip} shown with score ≥ {cyScore}");
        }

        await ScoreFilter.FillAsync("");
        await Expect(rows.Locator("[data-test=candidate-name]")).ToHaveCountAsync(4);

        // Pick two, enrol them together: the dialog opens with them ticked, and their rows change without a reload.
        await row("Cy Park").Locator("input[type=checkbox]").CheckAsync();
        await row("Di Rossi").Locator("input[type=checkbox]").CheckAsync();
        await Expect(Page.Locator("[data-test=bulk-bar]")).ToContainTextAsync("2 candidates selected");
        await Page.Locator("[data-test=enrol-selected]").ClickAsync();
        await Expect(Page.Locator("[data-test=enrol-confirm]")).ToHaveTextAsync("Enrol 2");
        await Page.Locator("[data-test=enrol-confirm]").ClickAsync();
        await Expect(row("Cy Park").Locator("[data-test=cv-state]")).ToHaveTextAsync("Waiting to send");
        await Expect(row("Di Rossi").Locator("[data-test=cv-state]")).ToHaveTextAsync("Waiting to send");
        await Expect(row("Ann Ortiz").Locator("[data-test=cv-state]")).ToHaveTextAsync("not enrolled");
        await Expect(Page.Locator("[data-test=bulk-bar]")).ToHaveCountAsync(0);

        // Hide a column.
        var header = Page.Locator("[data-test=candidate-table] thead");
        await Expect(header).ToContainTextAsync("Key skills");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Choose columns" }).ClickAsync();
        await Page.GetByRole(AriaRole.Checkbox, new() { Name = "Key skills" }).UncheckAsync();
        await Page.Keyboard.PressAsync("Escape");
        await Expect(header).Not.ToContainTextAsync("Key skills");
        await Expect(header).ToContainTextAsync("Outreach");

        await Page.SetViewportSizeAsync(390, 844);
        await ShotAsync("cv-table-390");
    }

    [Fact]
    public async Task BulkOptOutAndDelete_ConfirmNamingHowManyAndWhoReplied_CancelChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var project = await App.CreateProjectAsync();
        var ana = await App.AddCandidateAsync(project.Id, "Ana Lima", "ana@example.com");
        var bruno = await App.AddCandidateAsync(project.Id, "Bruno Costa", "bruno@example.com");
        await App.AddCandidateAsync(project.Id, "Carla Dias", "carla@example.com");
        var outreach = App.Service<OutreachService>();
        await outreach.EnrolAsync(project.Id, new EnrolRequest([ana.Id, bruno.Id]), "recruiter", ct);
        foreach (var to in new[] { CandidateState.OutreachSent, CandidateState.AwaitingReply, CandidateState.Replied })
        {
            await outreach.TransitionAsync(project.Id, ana.Id, to, "by hand", "recruiter", ct);
        }

        await GotoAsync($"/project/{project.Id}/cvs");
        var rows = Page.Locator("[data-test=candidate-table] tbody tr");
        Func<string, ILocator> row = name => rows.Filter(new() { Has = Page.Locator("[data-test=candidate-name]", new() { HasText = name }) });
        await Expect(rows.Locator("[data-test=candidate-name]")).ToHaveCountAsync(3);
        foreach (var name in new[] { "Ana Lima", "Bruno Costa", "Carla Dias" })
        {
            await row(name).Locator("input[type=checkbox]").CheckAsync();
        }

        // Delete names all three and calls out Ana, who wrote back; cancelling deletes nobody.
        await Page.Locator("[data-test=bulk-delete]").ClickAsync();
        await Expect(Page.Locator("[data-test=confirm-count]")).ToHaveTextAsync("3 candidates will be deleted with their CVs, messages and calls.");
        await Expect(Page.Locator("[data-test=confirm-bulk]")).ToContainTextAsync("Ana Lima, Bruno Costa, Carla Dias.");
        await Expect(Page.Locator("[data-test=confirm-replied]")).ToContainTextAsync("1 of them has written back: Ana Lima");
        await Expect(Page.Locator("[data-test=confirm-yes]")).ToHaveTextAsync("Delete 3");
        await ShotAsync("cv-bulk-delete-confirm");
        await Page.Locator("[data-test=confirm-cancel]").ClickAsync();
        await Expect(rows.Locator("[data-test=candidate-name]")).ToHaveCountAsync(3);

        // Opting out counts only the two enrolled; confirmed, both are flagged and Carla is untouched.
        await Page.Locator("[data-test=bulk-opt-out]").ClickAsync();
        await Expect(Page.Locator("[data-test=confirm-count]")).ToHaveTextAsync("2 candidates will not be contacted by any project until they opt back in.");
        await Expect(Page.Locator("[data-test=confirm-replied]")).ToContainTextAsync("Ana Lima");
        await Page.Locator("[data-test=confirm-yes]").ClickAsync();
        await Expect(row("Ana Lima").Locator("[data-test=flag-opted-out]")).ToBeVisibleAsync();
        await Expect(row("Bruno Costa").Locator("[data-test=flag-opted-out]")).ToBeVisibleAsync();
        await Expect(row("Carla Dias").Locator("[data-test=flag-opted-out]")).ToHaveCountAsync(0);

        // Deleting one, confirmed, removes exactly that one.
        await row("Carla Dias").Locator("input[type=checkbox]").CheckAsync();
        await Page.Locator("[data-test=bulk-delete]").ClickAsync();
        await Expect(Page.Locator("[data-test=confirm-count]")).ToHaveTextAsync("1 candidate will be deleted with their CVs, messages and calls.");
        await Expect(Page.Locator("[data-test=confirm-replied]")).ToHaveCountAsync(0);
        await Page.Locator("[data-test=confirm-yes]").ClickAsync();
        await Expect(row("Carla Dias")).ToHaveCountAsync(0);
        await Expect(rows.Locator("[data-test=candidate-name]")).ToHaveCountAsync(2);
    }

    private ILocator ScoreFilter => Page.Locator("input[data-test=score-filter], [data-test=score-filter] input").First;

    private static (string, byte[]) Cv(string file, string name, string title, string email, string phone, string body) =>
        (file, Encoding.UTF8.GetBytes($"{name}\n{title} | {email} | {phone} | Leeds, UK\n{body}"));
}
