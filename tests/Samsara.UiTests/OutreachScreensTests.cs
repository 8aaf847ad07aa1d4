using Microsoft.Playwright;
using Samsara.Core.Channels.Sms;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Projects;
using Samsara.Core.Templates;
using static Microsoft.Playwright.Assertions;

namespace Samsara.UiTests;

/// <summary>The Outreach screens a recruiter lives in: bulk actions that confirm, failures on the row, the ledger.</summary>
public sealed class OutreachScreensTests(BrowserFixture browser) : BrowserTest(browser)
{
    private ILocator Rows => Page.Locator("[data-test=outreach-table] tbody tr");

    private async Task<Project> ProjectWithSmsTemplateAsync()
    {
        var project = await App.CreateProjectAsync();
        // Open all day, so the test does not depend on the hour it runs at.
        await App.Service<ProjectService>().UpdateSettingsAsync(project.Id, new ProjectSettingsInput { QuietHoursStartMinute = 0, QuietHoursEndMinute = 24 * 60 }, TestContext.Current.CancellationToken);
        await App.Service<TemplateService>().CreateAsync(new TemplateInput { ProjectId = project.Id, Name = "First touch", Channel = MessageChannel.Sms, Body = "Hi {{ candidate.first_name }}, interested?" }, TestContext.Current.CancellationToken);
        return project;
    }

    [Fact]
    public async Task StopAll_ConfirmNamesTheRepliedCandidate_ThenUndoLetsEveryoneCarryOn()
    {
        var project = await App.CreateProjectAsync();
        var ana = await App.AddCandidateAsync(project.Id, "Ana Lima", "ana@example.com");
        await App.AddCandidateAsync(project.Id, "Bruno Costa", "bruno@example.com");
        await App.AddCandidateAsync(project.Id, "Carla Dias", "carla@example.com");
        var outreach = App.Service<OutreachService>();
        await outreach.EnrolAsync(project.Id, new EnrolRequest(All: true), "recruiter", TestContext.Current.CancellationToken);
        foreach (var to in new[] { CandidateState.OutreachSent, CandidateState.AwaitingReply, CandidateState.Replied })
        {
            await outreach.TransitionAsync(project.Id, ana.Id, to, "by hand", "recruiter", TestContext.Current.CancellationToken);
        }

        await GotoAsync($"/project/{project.Id}/outreach");
        await Expect(Rows).ToHaveCountAsync(3);
        await Page.Locator("[data-test=bulk-stop]").ClickAsync();

        await Expect(Page.Locator("[data-test=confirm-count]")).ToHaveTextAsync("3 candidates will get no more messages or calls from this outreach.");
        await Expect(Page.Locator("[data-test=confirm-replied]")).ToContainTextAsync("1 of them has written back: Ana Lima");
        await Page.Locator("[data-test=confirm-cancel]").ClickAsync();
        await Expect(Page.Locator("[data-test=stopped-chip]")).ToHaveCountAsync(0);

        await Page.Locator("[data-test=bulk-stop]").ClickAsync();
        await Page.Locator("[data-test=confirm-yes]").ClickAsync();
        await Expect(Page.Locator("[data-test=stopped-chip]")).ToHaveCountAsync(3);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();
        await Expect(Page.Locator("[data-test=stopped-chip]")).ToHaveCountAsync(0);
        await Expect(Page.GetByText("Undone: 3 candidates carry on.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task FailedAndUnreachable_ChipsOnTheRowWithHumanReasonAndNextStep()
    {
        var project = await ProjectWithSmsTemplateAsync();
        // A sandbox number whose SMS ends undelivered (Twilio 30003), and a candidate with no phone for an SMS step.
        await App.AddCandidateAsync(project.Id, "Ana Lima", phone: "+447700900004");
        await App.AddCandidateAsync(project.Id, "Bruno Costa", email: "bruno@example.com");
        await App.Service<OutreachService>().EnrolAsync(project.Id, new EnrolRequest(All: true), "recruiter", TestContext.Current.CancellationToken);
        await GotoAsync($"/project/{project.Id}/outreach");

        await App.Service<OutreachEngine>().RunOnceAsync(DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
        var ana = Rows.Filter(new() { HasText = "Ana Lima" });
        // The simulator reports the undelivered status a moment after accepting the message; poll as the app's loop does.
        for (var i = 0; i < 40 && await ana.Locator("[data-test=problem-chip]").CountAsync() == 0; i++)
        {
            await App.Service<SmsDeliveryTracker>().PollOnceAsync(TestContext.Current.CancellationToken);
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        var bruno = Rows.Filter(new() { HasText = "Bruno Costa" });
        await Expect(ana.Locator("[data-test=problem-chip]")).ToHaveTextAsync("failed: Undelivered");
        await Expect(ana.Locator("[data-test=problem-next]")).ToHaveTextAsync("Try the other channel, or check the number");
        await Expect(bruno.Locator("[data-test=problem-chip]")).ToHaveTextAsync("unreachable: No phone number");
        await Expect(bruno.Locator("[data-test=problem-next]")).ToHaveTextAsync("Add a number, or try email");

        await Page.Locator("[data-test=filter-problems]").ClickAsync();
        await Expect(Rows).ToHaveCountAsync(2);
        await Page.Locator("[data-test=outreach-funnel] [data-state=All]").ClickAsync();
        await Expect(Page.Locator("body")).Not.ToContainTextAsync("AwaitingReply");
    }

    [Fact]
    public async Task EnrolDialog_CandidateWithoutPhone_WarnedAndLeftOutOnRequest()
    {
        var project = await ProjectWithSmsTemplateAsync();
        await App.AddCandidateAsync(project.Id, "Ana Lima", phone: "+447700900003");
        await App.AddCandidateAsync(project.Id, "Bruno Costa", email: "bruno@example.com");
        await GotoAsync($"/project/{project.Id}/outreach");

        await Page.Locator("[data-test=enrol]").First.ClickAsync();
        await Page.GetByLabel("All 2 not yet enrolled").CheckAsync();

        await Expect(Page.Locator("[data-test=enrol-unreachable]")).ToContainTextAsync("1 candidate cannot be reached on any channel of this sequence");
        await Expect(Page.Locator("[data-test=enrol-confirm]")).ToHaveTextAsync("Enrol 2");
        await Page.GetByLabel("Leave them out").CheckAsync();
        await Expect(Page.Locator("[data-test=enrol-confirm]")).ToHaveTextAsync("Enrol 1");
        await Page.Locator("[data-test=enrol-confirm]").ClickAsync();
        await Expect(Rows).ToHaveCountAsync(1);
        await Expect(Rows.First).ToContainTextAsync("Ana Lima");
    }

    [Fact]
    public async Task LedgerTab_FilterBySkipped_ListsOnlyThatLineAndExportsTheSameAsCsv()
    {
        var project = await ProjectWithSmsTemplateAsync();
        await App.AddCandidateAsync(project.Id, "Ana Lima", phone: "+447700900003");
        await App.AddCandidateAsync(project.Id, "Bruno Costa", email: "bruno@example.com");
        await App.Service<OutreachService>().EnrolAsync(project.Id, new EnrolRequest(All: true), "recruiter", TestContext.Current.CancellationToken);
        await App.Service<OutreachEngine>().RunOnceAsync(DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
        await GotoAsync($"/project/{project.Id}/outreach");

        await Page.GetByRole(AriaRole.Tab, new() { Name = "Ledger" }).ClickAsync();
        var ledger = Page.Locator("[data-test=ledger-table] tbody tr");
        await Expect(ledger).ToHaveCountAsync(2);
        await Page.Locator("[data-test=ledger-kind]").ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = "Skipped" }).ClickAsync();

        await Expect(ledger).ToHaveCountAsync(1);
        await Expect(ledger.Locator("[data-test=ledger-name]")).ToHaveTextAsync("Bruno Costa");
        var href = await Page.Locator("[data-test=ledger-csv]").GetAttributeAsync("href");
        var csv = await (await Page.APIRequest.GetAsync(href!)).TextAsync();
        Assert.Contains("Bruno Costa", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("Ana Lima", csv, StringComparison.Ordinal);
    }
}
