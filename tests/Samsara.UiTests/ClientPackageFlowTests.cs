using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MimeKit;
using Samsara.Core.ClientPackages;
using Samsara.Core.Outreach;
using Samsara.Core.Projects;
using Samsara.Core.Providers;
using Samsara.Testing;
using Samsara.Tests.Email;
using UglyToad.PdfPig;

namespace Samsara.UiTests;

/// <summary>
/// The Client screen with a realistic project (30 ATS-ready candidates, earlier packages): pick candidates and
/// excerpts, anonymise, preview the PDFs inline, send through the real Postfix to Dovecot, download again, re-send.
/// </summary>
public sealed class ClientPackageFlowTests(BrowserFixture browser) : BrowserTest(browser)
{
    private const int Crowd = 28;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Ada, Wang and 28 more at ATS_READY, two earlier packages; the client contact is a fresh Dovecot mailbox.</summary>
    private async Task<(Guid Project, Guid Ada, Guid Wang, string Client)> ProjectAsync(MailServer server, bool anonymiseByDefault = false)
    {
        await App.Service<CredentialStore>().AddAsync(new ProviderAccountInput
        {
            ProviderType = ProviderType.Smtp,
            ProviderName = "Agency mail",
            SettingsJson = $$"""
                {"host":"{{MailServer.Host}}","port":{{server.SmtpAuthPort}},"security":"None","username":"rita@agency.test",
                 "fromAddress":"rita@agency.test","fromName":"Rita Recruiter","replyAddress":"{{MailServer.Unique("replies", "agency.test")}}"}
                """,
            Secrets = new() { ["password"] = server.Password },
        }, Ct);
        var client = MailServer.Unique("client", "agency.test");
        var projects = App.Service<ProjectService>();
        var project = await App.CreateProjectAsync("Site Supervisor, Leeds", "Northern Build Ltd");
        await projects.UpdateAsync(project.Id, new ProjectInput { Name = project.Name, ClientName = "Northern Build Ltd", ClientContactEmail = client }, Ct);
        await projects.UpdateSettingsAsync(project.Id, new ProjectSettingsInput { AnonymiseClientPackages = anonymiseByDefault }, Ct);
        var ada = await PackageRig.AddScreenedAsync(App, project.Id, PackageRig.Ada, score: 91);
        var wang = await PackageRig.AddScreenedAsync(App, project.Id, PackageRig.Wang, score: 78);
        var crowd = new List<Guid>();
        for (var i = 0; i < Crowd; i++)
        {
            crowd.Add(await PackageRig.AddScreenedAsync(App, project.Id, PackageRig.Generated(i), score: 40 + (i * 13 % 55)));
        }

        var packages = App.Service<ClientPackageService>();
        await packages.CreateAsync(project.Id, new PackageRequest([crowd[0], crowd[1], crowd[2], crowd[3]], Anonymise: true), Ct);
        await packages.CreateAsync(project.Id, new PackageRequest([crowd[4]], Anonymise: false), Ct);
        return (project.Id, ada, wang, client);
    }

    private ILocator Candidate(string name) => Page.Locator("[data-test=package-candidate]").Filter(new() { HasText = name });

    [Fact]
    public async Task ClientPage_PickAnonymisePreviewSend_MailArrivesSentToClientDownloadAgainResendAsks()
    {
        var server = MailServer.FromEnvironment();
        var (project, ada, wang, client) = await ProjectAsync(server);
        var cc = MailServer.Unique("hiring-manager", "agency.test");

        await GotoAsync($"/project/{project}/client");
        await Assertions.Expect(Page.Locator("[data-test=package-candidate]")).ToHaveCountAsync(Crowd + 2);
        await Assertions.Expect(Page.Locator("[data-test=history-row]")).ToHaveCountAsync(2);
        await Assertions.Expect(Page.Locator("[data-test=anonymise] input")).Not.ToBeCheckedAsync();
        await ShotAsync("client-1366-start");

        await Candidate("Ada Lovelace-Byron").Locator("[data-test=pick-candidate] input").CheckAsync();
        await Candidate("王小明").Locator("[data-test=pick-candidate] input").CheckAsync();
        // Ada's answers to quote: the CSCS card and the notice period (the candidate's turns 3 and 5).
        var adaExcerpts = Candidate("Ada Lovelace-Byron").Locator("[data-test=pick-excerpt]");
        await Assertions.Expect(adaExcerpts).ToHaveCountAsync(3);
        await adaExcerpts.Filter(new() { HasText = "Yes, a gold card." }).Locator("input").CheckAsync();
        await adaExcerpts.Filter(new() { HasText = "One month at" }).Locator("input").CheckAsync();
        await Page.Locator("[data-test=anonymise] input").CheckAsync();
        await Page.Locator("[data-test=redact-terms] input").FillAsync("Babbage Engines, Pearl River Tooling");
        await ShotAsync("client-1366-picked");

        var firstPreview = Page.WaitForResponseAsync(r => r.Url.Contains("00-comparison.pdf", StringComparison.Ordinal));
        await Page.Locator("[data-test=build-package]").ClickAsync();
        await Assertions.Expect(Page.Locator("[data-test=preview-file]")).ToHaveCountAsync(5);
        var shown = await firstPreview;
        // Inline: the browser's own PDF viewer shows it in the frame, nothing is downloaded.
        Assert.Equal("application/pdf", (await shown.AllHeadersAsync())["content-type"]);
        Assert.False((await shown.AllHeadersAsync()).ContainsKey("content-disposition"));
        await Assertions.Expect(Page.Locator("[data-test=pdf-preview]")).ToHaveAttributeAsync("src", new Regex("00-comparison\\.pdf$"));
        await Assertions.Expect(Page.Locator("[data-test=package-history] [data-test=history-row]")).ToHaveCountAsync(3);
        await ShotAsync("client-1366-preview-comparison");

        var year = DateTimeOffset.UtcNow.Year;
        var summaryPreview = Page.WaitForResponseAsync(r => r.Url.Contains("-screening.pdf", StringComparison.Ordinal));
        await Page.Locator("[data-test=preview-file]").Filter(new() { HasText = $"Screening · Candidate {year}-001" }).ClickAsync();
        var summary = Text(await (await summaryPreview).BodyAsync());
        Assert.Contains("Yes, a gold card.", summary);
        Assert.Contains("Asked: What notice period do you have?", summary);
        foreach (var secret in new[] { "Ada", "Lovelace", "ada.lb@candidates.test", "Babbage", "+447700900123" })
        {
            Assert.DoesNotContain(secret, summary, StringComparison.OrdinalIgnoreCase);
        }

        await ShotAsync("client-1366-preview-summary");

        await Assertions.Expect(Page.Locator("[data-test=send-to] input")).ToHaveValueAsync(client);
        await Page.Locator("[data-test=send-cc] input").FillAsync(cc);
        await Page.Locator("[data-test=send-package]").ClickAsync();
        await Assertions.Expect(Page.Locator("[data-test=package-status]")).ToContainTextAsync($"sent to {client}");

        var mail = await server.WaitForMessageAsync(client, m => m.Subject?.StartsWith("Shortlist: Site Supervisor, Leeds", StringComparison.Ordinal) == true, Ct, timeoutSeconds: 90);
        var attachments = mail.Attachments.OfType<MimePart>().ToList();
        Assert.Equal(["00-comparison.pdf", $"01-candidate-{year}-001-cv.pdf", $"01-candidate-{year}-001-screening.pdf", $"02-candidate-{year}-002-cv.pdf", $"02-candidate-{year}-002-screening.pdf"],
            attachments.Select(a => a.FileName));
        Assert.Contains(cc, mail.Cc.Mailboxes.Select(m => m.Address));
        Assert.DoesNotContain("Ada", mail.TextBody);
        Assert.Equal(CandidateState.SentToClient, await App.CandidateStateAsync(project, ada));
        Assert.Equal(CandidateState.SentToClient, await App.CandidateStateAsync(project, wang));
        await Assertions.Expect(Candidate("Ada Lovelace-Byron")).ToContainTextAsync("Sent to client");
        await ShotAsync("client-1366-sent");

        // Come back later: the package is listed, opens, and every file downloads again.
        await GotoAsync($"/project/{project}/client");
        var sentRow = Page.Locator("[data-test=history-row]").Filter(new() { HasText = $"sent to {client}" });
        await Assertions.Expect(sentRow).ToHaveCountAsync(1);
        await sentRow.Locator("[data-test=open-package]").ClickAsync();
        var download = Page.WaitForDownloadAsync();
        await Page.Locator("[data-test=download-file]").Filter(new() { HasText = $"01-candidate-{year}-001-cv.pdf" }).ClickAsync();
        var saved = await download;
        Assert.Equal($"01-candidate-{year}-001-cv.pdf", saved.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".pdf");
        await saved.SaveAsAsync(path);
        try
        {
            Assert.Contains("NEBOSH", Text(await File.ReadAllBytesAsync(path, Ct)));
        }
        finally
        {
            File.Delete(path);
        }

        // Re-sending asks first; Cancel sends nothing, confirming sends once more.
        await Page.Locator("[data-test=send-package]").ClickAsync();
        var dialog = Page.Locator(".mud-dialog");
        await Assertions.Expect(dialog).ToContainTextAsync($"already sent to {client}");
        await ShotAsync("client-1366-resend-asks");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        Assert.Equal(1, (await App.Service<ClientPackageService>().ListAsync(project, Ct)).Single(p => p.SentTo == client).SendCount);
        await Page.Locator("[data-test=send-package]").ClickAsync();
        await Page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Send again" }).ClickAsync();
        await Assertions.Expect(Page.Locator("[data-test=package-status]")).ToContainTextAsync($"sent 2× to {client}");

        await Page.SetViewportSizeAsync(390, 844);
        await ShotAsync("client-390-sent");
        await Page.Locator("[data-test=preview-file]").Filter(new() { HasText = "Comparison" }).ClickAsync();
        await ShotAsync("client-390-preview");
    }

    [Fact]
    public async Task ClientPage_ProjectAnonymisesByDefault_SwitchStartsOnAndCanBeTurnedOffForOnePackage()
    {
        var server = MailServer.FromEnvironment();
        var (project, _, _, _) = await ProjectAsync(server);

        // The recruiter sets the default on the project's settings page.
        await GotoAsync($"/project/{project}/settings");
        await Page.Locator("[data-test=anonymise-default] input").CheckAsync();
        await Page.Locator(".mud-paper").Filter(new() { HasText = "Outreach and compliance" }).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(Page.GetByText("Settings saved.")).ToBeVisibleAsync();
        Assert.True((await App.Service<ProjectService>().GetAsync(project, Ct))!.AnonymiseClientPackages);

        await GotoAsync($"/project/{project}/client");
        await Assertions.Expect(Page.Locator("[data-test=anonymise] input")).ToBeCheckedAsync();
        await Candidate("Ada Lovelace-Byron").Locator("[data-test=pick-candidate] input").CheckAsync();
        await Page.Locator("[data-test=build-package]").ClickAsync();
        await Assertions.Expect(Page.Locator("[data-test=preview-file]").First).ToContainTextAsync("Comparison");
        await Assertions.Expect(Page.Locator("[data-test=preview-file]").Nth(1)).ToContainTextAsync($"CV · Candidate {DateTimeOffset.UtcNow.Year}-001");

        // This one package goes out named.
        await Page.Locator("[data-test=anonymise] input").UncheckAsync();
        await Page.Locator("[data-test=build-package]").ClickAsync();
        await Assertions.Expect(Page.Locator("[data-test=preview-file]").Nth(1)).ToContainTextAsync("CV · Ada Lovelace-Byron");
        var built = await App.Service<ClientPackageService>().ListAsync(project, Ct);
        Assert.Equal([false, true], built.Take(2).Select(p => p.Anonymised));
    }

    private static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }
}
