using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Samsara.Core.Candidates;
using Samsara.Core.CvIntake.Fields;
using Samsara.Testing;
using Samsara.Testing.CvCorpus;
using Samsara.Tests.Matching;

namespace Samsara.Tests.CvIntake;

/// <summary>The candidate drawer's API: corrections to the parsed fields, and the original file served safely.</summary>
public sealed class CandidateCvApiTests(SharedSamsaraApp app) : IClassFixture<SharedSamsaraApp>, IAsyncLifetime
{
    private HttpClient client = null!;
    private Guid projectId;

    public async ValueTask InitializeAsync()
    {
        client = app.CreateClient();
        projectId = (await app.CreateProjectAsync()).Id;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task PutCv_Corrections_SavedAsConfirmedWithE164PhonesAndCandidateRescored()
    {
        await app.Service<CandidateService>().SetJobDescriptionAsync(projectId, new JobDescriptionInput { Text = JobDescriptionParserTests.SeniorDotNet }, TestContext.Current.CancellationToken);
        var bob = await ImportOneAsync("bob.txt", Encoding.UTF8.GetBytes(RankingTests.PartialCv));
        var before = await ScoreAsync(bob.Id, _ => true);

        var response = await client.PutAsJsonAsync($"/api/v1/projects/{projectId}/candidates/{bob.Id}/cv", new
        {
            fullName = "Robert Stone",
            emails = new[] { "Bob@Example.com", "robert@stone.example" },
            phones = new[] { "07400 123456", "+1 212 555 0100" },
            currentTitle = "Senior Software Engineer",
            location = "London, UK",
            skills = new[] { "C#", "SQL Server", "docker", "k8s" },
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var saved = await app.Service<CandidateService>().GetAsync(projectId, bob.Id, TestContext.Current.CancellationToken);
        Assert.Equal("Robert Stone", saved!.FullName);
        Assert.Equal("bob@example.com", saved.Email);
        Assert.Equal("+447400123456", saved.Phone);
        var cv = CvDocument.FromJson(saved.CvJson)!;
        Assert.Equal(["+447400123456", "+12125550100"], cv.Phones!.Value);
        Assert.Equal(["C#", "SQL Server", "Docker", "Kubernetes"], cv.Skills!.Value);
        Assert.Equal(1.0, cv.Skills.Confidence);
        var after = await ScoreAsync(bob.Id, e => !e.GetProperty("missingRequiredSkills").EnumerateArray().Any(s => s.GetString() == "Docker"));
        Assert.True(after > before, $"score should rise once Docker and Kubernetes are added: {before} -> {after}");
    }

    [Fact]
    public async Task PutCv_BadPhoneAndEmail_Returns400NamingEachAndSavesNothing()
    {
        var bob = await ImportOneAsync("bob.txt", Encoding.UTF8.GetBytes(RankingTests.PartialCv));

        var response = await client.PutAsJsonAsync($"/api/v1/projects/{projectId}/candidates/{bob.Id}/cv", new
        {
            fullName = "Robert Stone",
            emails = new[] { "not-an-email" },
            phones = new[] { "12345" },
            skills = Array.Empty<string>(),
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains("'12345' is not a valid phone number", problem.GetProperty("errors").GetProperty("phones")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("'not-an-email' is not an email address", problem.GetProperty("errors").GetProperty("emails")[0].GetString(), StringComparison.Ordinal);
        var unchanged = await app.Service<CandidateService>().GetAsync(projectId, bob.Id, TestContext.Current.CancellationToken);
        Assert.Equal("Bob Stone", unchanged!.FullName);
    }

    [Fact]
    public async Task PutCv_UnknownCandidate_Returns404()
    {
        var response = await client.PutAsJsonAsync($"/api/v1/projects/{projectId}/candidates/{Guid.NewGuid()}/cv", new { fullName = "X" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task GetCvFile_Pdf_ServedInlineAsPdfSandboxedAndNeverSniffed()
    {
        var pdf = CvCorpusBuilder.BuildPdfs(1).First();
        var candidate = await ImportOneAsync("cv <script>.pdf", pdf.Content);

        var response = await client.GetAsync(new Uri($"/api/v1/projects/{projectId}/candidates/{candidate.Id}/cv-file", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.StartsWith("sandbox;", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Equal(pdf.Content, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetCvFile_Docx_OfferedAsADownloadNotRendered()
    {
        var docx = CvWriters.Write(CvLayout.Compose(CvPersonas.Create(3), CvStyle.Classic, 0), CvFormat.Docx);
        var candidate = await ImportOneAsync("cv.docx", docx);

        var response = await client.GetAsync(new Uri($"/api/v1/projects/{projectId}/candidates/{candidate.Id}/cv-file", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task GetCvFile_CandidateTypedInByHand_Returns404()
    {
        var manual = await app.AddCandidateAsync(projectId, "Ann Lee", "ann@example.com");

        var response = await client.GetAsync(new Uri($"/api/v1/projects/{projectId}/candidates/{manual.Id}/cv-file", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<Candidate> ImportOneAsync(string name, byte[] content)
    {
        var status = await app.ImportCvsAsync(projectId, (name, content));
        var id = Assert.Single(status.Files).CandidateId ?? throw new InvalidOperationException(status.Files[0].Error);
        return (await app.Service<CandidateService>().GetAsync(projectId, id, TestContext.Current.CancellationToken))!;
    }

    /// <summary>The candidate's score once its explanation satisfies <paramref name="until"/> (scores refresh in the background).</summary>
    private async Task<int> ScoreAsync(Guid candidateId, Func<JsonElement, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var ranking = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/ranking", TestContext.Current.CancellationToken);
            var item = ranking.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == candidateId);
            if (item.GetProperty("score").ValueKind == JsonValueKind.Number && until(item.GetProperty("explanation")))
            {
                return item.GetProperty("score").GetInt32();
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The score did not refresh.");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
