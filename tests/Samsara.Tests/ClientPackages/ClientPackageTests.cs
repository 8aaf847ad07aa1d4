using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Samsara.Core;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Providers;
using Samsara.Testing;
using Samsara.Tests.Email;

namespace Samsara.Tests.ClientPackages;

/// <summary>
/// Client packages over the HTTP API on each database: built from screened candidates, read back with PdfPig, and sent
/// through the real Postfix to a Dovecot mailbox the test reads over IMAP.
/// </summary>
public abstract class ClientPackageTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = SamsaraAppFactory.Json;
    private SamsaraAppFactory _app = null!;
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = new SamsaraAppFactory(await TestDatabase.CreateAsync(provider));
        _client = _app.CreateClient();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<(Guid Project, Guid Ada, Guid Wang)> ShortlistAsync()
    {
        var project = await _app.CreateProjectAsync("Site Supervisor, Leeds", "Northern Build Ltd");
        var ada = await PackageRig.AddScreenedAsync(_app, project.Id, PackageRig.Ada);
        var wang = await PackageRig.AddScreenedAsync(_app, project.Id, PackageRig.Wang);
        return (project.Id, ada, wang);
    }

    private async Task<JsonElement> CreateAsync(Guid project, object request)
    {
        var response = await _client.PostAsJsonAsync($"/api/v1/projects/{project}/packages", request, Json, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json, Ct);
    }

    private async Task<Dictionary<string, PdfReadBack>> FilesAsync(Guid project, JsonElement package)
    {
        var files = new Dictionary<string, PdfReadBack>();
        foreach (var file in package.GetProperty("files").EnumerateArray())
        {
            var name = file.GetProperty("name").GetString()!;
            var bytes = await _client.GetByteArrayAsync($"/api/v1/projects/{project}/packages/{package.GetProperty("id")}/files/{name}", Ct);
            files[name] = PdfReadBack.Of(bytes);
        }

        return files;
    }

    [Fact]
    public async Task Create_Named_ComparisonFirstThenCvAndSummaryWithNameSkillsOutcomeAndPickedExcerpts()
    {
        var (project, ada, wang) = await ShortlistAsync();

        var package = await CreateAsync(project, new { candidateIds = new[] { ada, wang }, excerpts = new Dictionary<Guid, int[]> { [ada] = [3, 5] } });
        var files = await FilesAsync(project, package);

        Assert.Equal(["00-comparison.pdf", "01-ada-lovelace-byron-cv.pdf", "01-ada-lovelace-byron-screening.pdf", "02-candidate-2-cv.pdf", "02-candidate-2-screening.pdf"], files.Keys);
        var summary = files["01-ada-lovelace-byron-screening.pdf"];
        Assert.All(new[] { "Ada Lovelace-Byron", "85 / 100", "AI screen: Pass", "Yes, a gold card.", "One month at Babbage Engines", "Asked: What notice period do you have?" },
            s => Assert.Contains(s, summary.Text));
        Assert.All(new[] { "NEBOSH", "SMSTS", "Programme planning", "Ada Lovelace-Byron" }, s => Assert.Contains(s, files["01-ada-lovelace-byron-cv.pdf"].Text));
        Assert.Contains("王小明", files["02-candidate-2-cv.pdf"].Squeezed);
        // Wang's excerpts were not picked: the knock-out question's answer stands in.
        Assert.Contains("Asked: Do you hold a valid CSCS card?", files["02-candidate-2-screening.pdf"].Text);
        Assert.DoesNotContain("What notice period", files["02-candidate-2-screening.pdf"].Text.Replace("Q: What notice period", "", StringComparison.Ordinal));
        Assert.Contains("month", files["00-comparison.pdf"].Text);
    }

    [Fact]
    public async Task Create_Anonymised_NoEmailPhoneNamePartUrlAddressOrRedactedTermAnywhereInTextOrMetadata()
    {
        var (project, ada, wang) = await ShortlistAsync();

        var package = await CreateAsync(project, new
        {
            candidateIds = new[] { ada, wang },
            anonymise = true,
            redactTerms = new[] { "Babbage Engines", "Pearl River Tooling" },
            excerpts = new Dictionary<Guid, int[]> { [ada] = [1, 3, 5], [wang] = [3, 5] },
        });
        var files = await FilesAsync(project, package);

        Assert.Equal(5, files.Count);
        Assert.DoesNotContain(files.Keys, n => n.Contains("ada", StringComparison.OrdinalIgnoreCase));
        foreach (var (name, pdf) in files)
        {
            foreach (var secret in PackageRig.Identifying(PackageRig.Ada).Concat(PackageRig.Identifying(PackageRig.Wang)))
            {
                Assert.True(Leak(pdf, secret) is null, $"'{secret}' found in {name}: …{Leak(pdf, secret)}…");
            }

            Assert.DoesNotContain("@", pdf.Text);
            Assert.DoesNotContain("http", pdf.Text, StringComparison.OrdinalIgnoreCase);
        }

        var year = DateTimeOffset.UtcNow.Year;
        Assert.Contains($"Candidate {year}-001", files["01-candidate-" + year + "-001-cv.pdf"].Text);
        Assert.Contains($"{year}-002", files["00-comparison.pdf"].Text);
        // The facts the client needs are still there.
        Assert.All(new[] { "NEBOSH", "AI screen: Pass", "Yes, a gold card." }, s => Assert.Contains(s, files["01-candidate-" + year + "-001-screening.pdf"].Text + files["01-candidate-" + year + "-001-cv.pdf"].Text));
    }

    [Fact]
    public async Task Create_ProjectAnonymisesByDefault_AnonymisedUnlessThePackageSaysOtherwise()
    {
        var (project, ada, _) = await ShortlistAsync();
        var put = await _client.PutAsJsonAsync($"/api/v1/projects/{project}/settings", new
        {
            defaultPhoneRegion = "GB",
            replyWindowMinutes = 30,
            quietHoursStartMinute = 480,
            quietHoursEndMinute = 1260,
            overdueReplanMinutes = 120,
            anonymiseClientPackages = true,
        }, Json, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var settings = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/settings", Json, Ct);
        Assert.True(settings.GetProperty("anonymiseClientPackages").GetBoolean());

        var byDefault = await CreateAsync(project, new { candidateIds = new[] { ada } });
        var named = await CreateAsync(project, new { candidateIds = new[] { ada }, anonymise = false });
        var original = await _client.PostAsJsonAsync($"/api/v1/projects/{project}/packages", new { candidateIds = new[] { ada }, includeOriginalCv = true }, Json, Ct);

        Assert.True(byDefault.GetProperty("anonymised").GetBoolean());
        var anonymous = await FilesAsync(project, byDefault);
        Assert.All(anonymous.Values, pdf => Assert.DoesNotContain("Lovelace", pdf.Everything, StringComparison.OrdinalIgnoreCase));
        Assert.Contains($"Candidate {DateTimeOffset.UtcNow.Year}-001", anonymous.Values.First(p => p.Text.Contains("Work history", StringComparison.Ordinal)).Text);
        Assert.False(named.GetProperty("anonymised").GetBoolean());
        Assert.Contains("Ada Lovelace-Byron", (await FilesAsync(project, named))["01-ada-lovelace-byron-cv.pdf"].Text);
        // The default counts as asking to anonymise: the original CV (name and contact details) is refused.
        Assert.Equal(HttpStatusCode.BadRequest, original.StatusCode);
        Assert.Contains("includeOriginalCv", await original.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Create_AnonymisedWithOriginalCvOrCandidateNotReady_400NamingTheField()
    {
        var project = await _app.CreateProjectAsync();
        var ada = await PackageRig.AddScreenedAsync(_app, project.Id, PackageRig.Ada);
        var pending = await _app.AddCandidateAsync(project.Id, "Not Yet", "not.yet@candidates.test");
        await _app.Service<OutreachService>().EnrolAsync(project.Id, new EnrolRequest([pending.Id]), "test", Ct);

        var original = await _client.PostAsJsonAsync($"/api/v1/projects/{project.Id}/packages", new { candidateIds = new[] { ada }, anonymise = true, includeOriginalCv = true }, Json, Ct);
        var notReady = await _client.PostAsJsonAsync($"/api/v1/projects/{project.Id}/packages", new { candidateIds = new[] { ada, pending.Id } }, Json, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, original.StatusCode);
        Assert.Contains("includeOriginalCv", await original.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, notReady.StatusCode);
        Assert.Contains("Not Yet is Pending", await notReady.Content.ReadAsStringAsync(Ct));
        await using var db = await _app.Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(Ct);
        Assert.Empty(await db.ClientPackages.ToListAsync(Ct));
    }

    [Fact]
    public async Task Send_ThroughPostfix_MailWithPdfsArrivesCandidatesSentToClientLedgerAndResendAsksFirst()
    {
        var server = MailServer.FromEnvironment();
        await _app.Service<CredentialStore>().AddAsync(new ProviderAccountInput
        {
            ProviderType = ProviderType.Smtp,
            ProviderName = "Agency mail",
            SettingsJson = $$"""
                {"host":"{{MailServer.Host}}","port":{{server.SmtpAuthPort}},"security":"None","username":"rita@agency.test",
                 "fromAddress":"rita@agency.test","fromName":"Rita Recruiter","replyAddress":"{{MailServer.Unique("replies", "agency.test")}}"}
                """,
            Secrets = new() { ["password"] = server.Password },
        }, Ct);
        var (project, ada, wang) = await ShortlistAsync();
        var package = await CreateAsync(project, new { candidateIds = new[] { ada, wang }, anonymise = true, redactTerms = new[] { "Babbage Engines" } });
        var packageId = package.GetProperty("id").GetGuid();
        var client = MailServer.Unique("client", "agency.test");
        var cc = MailServer.Unique("hiring-manager", "agency.test");

        var send = await _client.PostAsJsonAsync($"/api/v1/projects/{project}/packages/{packageId}/send", new
        {
            to = client,
            cc = new[] { cc },
            message = "Dear {{ client_name }},\n\nHere are {{ count }} for {{ project }}:\n{{ candidates }}\n\n(Ada Lovelace-Byron is the strongest; ada.lb@candidates.test)\n\n{{ signature }}",
        }, Json, Ct);

        Assert.True(send.StatusCode == HttpStatusCode.OK, await send.Content.ReadAsStringAsync(Ct));
        var mail = await server.WaitForMessageAsync(client, m => m.Subject?.StartsWith("Shortlist: Site Supervisor, Leeds", StringComparison.Ordinal) == true, Ct, timeoutSeconds: 90);
        var attachments = mail.Attachments.OfType<MimePart>().ToList();
        Assert.Equal(5, attachments.Count);
        Assert.All(attachments, a => Assert.Equal("application/pdf", a.ContentType.MimeType));
        using (var comparison = new MemoryStream())
        {
            await attachments.Single(a => a.FileName == "00-comparison.pdf").Content!.DecodeToAsync(comparison, Ct);
            Assert.Contains($"{DateTimeOffset.UtcNow.Year}-002", PdfReadBack.Of(comparison.ToArray()).Text);
        }

        Assert.Contains(cc, mail.Cc.Mailboxes.Select(m => m.Address));
        Assert.Contains("Dear Northern Build Ltd", mail.TextBody);
        foreach (var secret in new[] { "Ada", "Lovelace", "ada.lb@candidates.test", "王小明" })
        {
            Assert.DoesNotContain(secret, mail.TextBody + mail.HtmlBody + mail.Subject);
        }

        await server.WaitForMessageAsync(cc, m => m.Subject?.StartsWith("Shortlist:", StringComparison.Ordinal) == true, Ct, timeoutSeconds: 90);
        Assert.Equal(CandidateState.SentToClient, await _app.CandidateStateAsync(project, ada));
        Assert.Equal(CandidateState.SentToClient, await _app.CandidateStateAsync(project, wang));
        var ledger = await _app.Service<OutreachLedger>().ListAsync(project, new LedgerFilter(Kind: LedgerKind.Sent), Ct);
        Assert.Equal(2, ledger!.Count(l => l.Detail.StartsWith($"Client package {packageId} sent to {client} (cc {cc})", StringComparison.Ordinal)));

        var again = await _client.PostAsJsonAsync($"/api/v1/projects/{project}/packages/{packageId}/send", new { to = client }, Json, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("Send it again?", await again.Content.ReadAsStringAsync(Ct));
        var confirmed = await _client.PostAsJsonAsync($"/api/v1/projects/{project}/packages/{packageId}/send", new { to = client, confirm = true }, Json, Ct);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(2, (await confirmed.Content.ReadFromJsonAsync<JsonElement>(Json, Ct)).GetProperty("sendCount").GetInt32());
    }

    /// <summary>
    /// Where a secret shows in the PDF's text or metadata, or null. A name part is a whole word ("Ada" is not in
    /// "Canada"); contact details are also looked for with the spaces squeezed out ("+44 7700 900 123").
    /// </summary>
    private static string? Leak(PdfReadBack pdf, string secret)
    {
        var word = secret.All(char.IsLetter);

        // A whole word: not inside a longer word, nor inside a hex id of the PDF's metadata ("…-ada6-…" is not Ada).
        var found = word
            ? System.Text.RegularExpressions.Regex.Match(pdf.Everything, $@"(?<![\p{{L}}\p{{N}}]){System.Text.RegularExpressions.Regex.Escape(secret)}(?![\p{{L}}\p{{N}}])", System.Text.RegularExpressions.RegexOptions.IgnoreCase)
            : System.Text.RegularExpressions.Regex.Match(pdf.Everything, System.Text.RegularExpressions.Regex.Escape(secret), System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        if (found.Success)
        {
            return pdf.Everything.Substring(Math.Max(0, found.Index - 30), Math.Min(pdf.Everything.Length - Math.Max(0, found.Index - 30), secret.Length + 60));
        }

        var squeezed = secret.Replace(" ", "", StringComparison.Ordinal);
        // CJK names have no spaces between words, and a reader may put some between the characters.
        var latinWord = word && secret.All(c => c < '\u2E80');
        var at = latinWord ? -1 : pdf.Squeezed.IndexOf(squeezed, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? null : pdf.Squeezed.Substring(Math.Max(0, at - 30), Math.Min(pdf.Squeezed.Length - Math.Max(0, at - 30), squeezed.Length + 60));
    }
}

public sealed class ClientPackageSqliteTests() : ClientPackageTests(DatabaseProvider.Sqlite);

public sealed class ClientPackagePostgresTests() : ClientPackageTests(DatabaseProvider.Postgres);
