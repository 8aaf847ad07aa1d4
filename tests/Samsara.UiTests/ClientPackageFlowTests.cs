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

    /// <summary>MudBlazor puts a form control's attributes on the input itself; this finds it either way.</summary>
    private static ILocator Input(IPage page, string test) => page.Locator($"input[data-test={test}], [data-test={test}] input");

    private static ILocator Input(ILocator within, string test) => within.Locator($"input[data-test={test}], [data-test={test}] input");

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
        await Assertions.Expect(Input(Page, "anonymise")).Not.ToBeCheckedAsync();
        await ShotAsync("client-1366-start");

        await Input(Candidate("Ada Lovelace-Byron"), "pick-candidate").CheckAsync();
        await Input(Candidate("王小明"), "pick-candidate").CheckAsync();
        // Ada's answers to quote: the CSCS card and the notice period (the candidate's turns 3 and 5).
        var adaExcerpts = Input(Candidate("Ada Lovelace-Byron"), "pick-excerpt");
        await Assertions.Expect(adaExcerpts).ToHaveCountAsync(3);
        await Candidate("Ada Lovelace-Byron").GetByLabel("Yes, a gold card.").CheckAsync();
        await Candidate("Ada Lovelace-Byron").GetByLabel("One month at").CheckAsync();
        await Input(Page, "anonymise").CheckAsync();
        await Input(Page, "redact-terms").FillAsync("Babbage Engines, Pearl River Tooling");
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
        await PdfViewerShowsAsync("00-comparison.pdf");
        await ShotAsync("client-1366-preview-comparison");

        var year = DateTimeOffset.UtcNow.Year;
        await Page.Locator("[data-test=preview-file]").Filter(new() { HasText = $"Screening · Candidate {year}-001" }).ClickAsync();
        var frame = Page.Locator("[data-test=pdf-preview]");
        await Assertions.Expect(frame).ToHaveAttributeAsync("src", new Regex($"01-candidate-{year}-001-screening\\.pdf$"));
        await PdfViewerShowsAsync($"01-candidate-{year}-001-screening.pdf");
        // The bytes the frame shows, read as a client's PDF reader would.
        var summary = Text(await (await Page.APIRequest.GetAsync((await frame.GetAttributeAsync("src"))!)).BodyAsync());
        Assert.Contains("Yes, a gold card.", summary);
        Assert.Contains("Asked: What notice period do you have?", summary);
        foreach (var secret in new[] { "Ada", "Lovelace", "ada.lb@candidates.test", "Babbage", "+447700900123" })
        {
            Assert.DoesNotContain(secret, summary, StringComparison.OrdinalIgnoreCase);
        }

        await ShotAsync("client-1366-preview-summary");

        await Assertions.Expect(Input(Page, "send-to")).ToHaveValueAsync(client);
        await Input(Page, "send-cc").FillAsync(cc);
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
        await Assertions.Expect(Candidate("Ada Lovelace-Byron")).ToContainTextAsync("Sent to the client");
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
        // Saving a file leaves the page (and its breadcrumb) where it was.
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex($"/project/{project}/client$"));
        await Assertions.Expect(Page.Locator(".mud-breadcrumbs")).ToContainTextAsync("Client");
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
        await Input(Page, "anonymise-default").CheckAsync();
        await Page.Locator(".mud-paper").Filter(new() { HasText = "Outreach and compliance" }).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(Page.GetByText("Settings saved.")).ToBeVisibleAsync();
        Assert.True((await App.Service<ProjectService>().GetAsync(project, Ct))!.AnonymiseClientPackages);

        await GotoAsync($"/project/{project}/client");
        await Assertions.Expect(Input(Page, "anonymise")).ToBeCheckedAsync();
        await Input(Candidate("Ada Lovelace-Byron"), "pick-candidate").CheckAsync();
        await Page.Locator("[data-test=build-package]").ClickAsync();
        await Assertions.Expect(Page.Locator("[data-test=preview-file]").First).ToContainTextAsync("Comparison");
        await Assertions.Expect(Page.Locator("[data-test=preview-file]").Nth(1)).ToContainTextAsync($"CV · Candidate {DateTimeOffset.UtcNow.Year}-001");

        // This one package goes out named.
        await Input(Page, "anonymise").UncheckAsync();
        await Page.Locator("[data-test=build-package]").ClickAsync();
        await Assertions.Expect(Page.Locator("[data-test=preview-file]").Nth(1)).ToContainTextAsync("CV · Ada Lovelace-Byron");
        var built = await App.Service<ClientPackageService>().ListAsync(project, Ct);
        Assert.Equal([false, true], built.Take(2).Select(p => p.Anonymised));
    }

    /// <summary>
    /// Chromium's own PDF viewer has opened the file inside the preview frame (its pages are drawn out of process, so a
    /// headless screenshot shows the frame dark; the PDFs' pages are looked at with pdftoppm instead).
    /// </summary>
    private async Task PdfViewerShowsAsync(string file)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Page.Frames.Any(f => f.Url.StartsWith("chrome-extension://", StringComparison.Ordinal) && f.ParentFrame?.Url.EndsWith(file, StringComparison.Ordinal) == true))
        {
            Assert.True(DateTime.UtcNow < deadline, $"No PDF viewer opened {file} in the preview frame; frames: {string.Join(", ", Page.Frames.Select(f => f.Url))}");
            await Task.Delay(100, Ct);
        }
    }

    private static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }
}
