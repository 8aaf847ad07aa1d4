using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Samsara.Core.Candidates;
using Samsara.Testing;
using Samsara.Testing.CvCorpus;
using Samsara.Tests.Matching;

namespace Samsara.Tests.CvIntake;

public sealed class JobDescriptionFileApiTests(SharedSamsaraApp app) : IClassFixture<SharedSamsaraApp>, IAsyncLifetime
{
    private HttpClient client = null!;
    private Guid projectId;

    public async ValueTask InitializeAsync()
    {
        client = app.CreateClient();
        projectId = (await app.CreateProjectAsync()).Id;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData(CvFormat.Docx, "job.docx")]
    [InlineData(CvFormat.Pdf, "job.pdf")]
    [InlineData(CvFormat.Txt, "job.txt")]
    public async Task PostJobDescriptionFile_Document_ParsedAndCandidatesRescored(CvFormat format, string fileName)
    {
        await app.ImportCvsAsync(projectId, ("alice.txt", Encoding.UTF8.GetBytes(RankingTests.PerfectCv)), ("carol.txt", Encoding.UTF8.GetBytes(RankingTests.UnrelatedCv)));
        var marketing = Document(format, "Marketing Executive\nRequirements: SEO, Salesforce, Excel\nLocation: New York");
        (await PostAsync(("marketing." + fileName.Split('.')[1], marketing))).EnsureSuccessStatusCode();
        Assert.Equal("Carol White", await WaitForTopAsync("Carol White"));

        var response = await PostAsync((fileName, Document(format, JobDescriptionParserTests.SeniorDotNet)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var saved = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains("Kubernetes", saved.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("Alice Martin", await WaitForTopAsync("Alice Martin"));
        var ranking = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/ranking", TestContext.Current.CancellationToken);
        var alice = ranking.GetProperty("items")[0].GetProperty("explanation");
        Assert.Contains("Kubernetes", alice.GetProperty("matchedSkills").EnumerateArray().Select(s => s.GetString()));
    }

    [Theory]
    [InlineData("job.pdf", "not a pdf at all", "is named .pdf but is not a PDF")]
    [InlineData("job.docx", "", "empty (0 bytes)")]
    public async Task PostJobDescriptionFile_BadFile_Returns400WithTheReasonAndKeepsTheOldText(string fileName, string content, string reason)
    {
        await app.Service<CandidateService>().SetJobDescriptionAsync(projectId, new JobDescriptionInput { Text = JobDescriptionParserTests.SeniorDotNet }, TestContext.Current.CancellationToken);

        var response = await PostAsync((fileName, Encoding.UTF8.GetBytes(content)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var jd = await app.Service<CandidateService>().GetJobDescriptionAsync(projectId, TestContext.Current.CancellationToken);
        Assert.Equal(JobDescriptionParserTests.SeniorDotNet, jd!.RawText);
    }

    [Fact]
    public async Task PostJobDescriptionFile_UnknownProject_Returns404()
    {
        using var form = Form(("job.txt", Encoding.UTF8.GetBytes(JobDescriptionParserTests.SeniorDotNet)));

        var response = await client.PostAsync(new Uri($"/api/v1/projects/{Guid.NewGuid()}/job-description/file", UriKind.Relative), form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PostJobDescriptionFile_NoFile_Returns400()
    {
        using var form = new MultipartFormDataContent { { new StringContent("Engineer"), "title" } };

        var response = await client.PostAsync(new Uri($"/api/v1/projects/{projectId}/job-description/file", UriKind.Relative), form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>The job advert as a document: one paragraph (or PDF line) per line of text.</summary>
    internal static byte[] Document(CvFormat format, string text)
    {
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).ToList();
        return CvWriters.Write(new CvBlocks(lines, [], [], [], null, null), format);
    }

    private async Task<HttpResponseMessage> PostAsync((string Name, byte[] Content) file)
    {
        using var form = Form(file);
        return await client.PostAsync(new Uri($"/api/v1/projects/{projectId}/job-description/file", UriKind.Relative), form, TestContext.Current.CancellationToken);
    }

    private static MultipartFormDataContent Form((string Name, byte[] Content) file)
    {
        var part = new ByteArrayContent(file.Content);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { part, "file", file.Name } };
    }

    private async Task<string?> WaitForTopAsync(string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string? top;
        do
        {
            var ranking = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/ranking", TestContext.Current.CancellationToken);
            top = ranking.GetProperty("items")[0].GetProperty("fullName").GetString();
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        while (top != expected && DateTime.UtcNow < deadline);
        return top;
    }
}
