using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Samsara.Testing;
using Samsara.Tests.Matching;

namespace Samsara.Tests.CvIntake;

public sealed class CvImportApiTests(SharedSamsaraApp app) : IClassFixture<SharedSamsaraApp>, IAsyncLifetime
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
    public async Task PostCvs_ThreeCvsAndAFake_ImportsThreeReportsTheFakeAndRanksThem()
    {
        var put = await client.PutAsJsonAsync($"/api/v1/projects/{projectId}/job-description", new { text = JobDescriptionParserTests.SeniorDotNet }, TestContext.Current.CancellationToken);
        put.EnsureSuccessStatusCode();

        using var form = Multipart(("carol.txt", UnrelatedCvBytes()), ("alice.txt", Encoding.UTF8.GetBytes(RankingTests.PerfectCv)), ("bob.txt", Encoding.UTF8.GetBytes(RankingTests.PartialCv)), ("photo.pdf", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]));
        var post = await client.PostAsync(new Uri($"/api/v1/projects/{projectId}/cvs", UriKind.Relative), form, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        var importUrl = post.Headers.Location!.ToString();

        var status = await WaitUntilFinishedAsync(importUrl);
        Assert.Equal(4, status.GetProperty("total").GetInt32());
        Assert.Equal(4, status.GetProperty("done").GetInt32());
        Assert.Equal(1, status.GetProperty("failed").GetInt32());
        var fake = status.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("fileName").GetString() == "photo.pdf");
        Assert.Equal("Failed", fake.GetProperty("status").GetString());
        Assert.Contains("not a PDF", fake.GetProperty("error").GetString(), StringComparison.Ordinal);

        var ranking = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/ranking", TestContext.Current.CancellationToken);
        var items = ranking.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["Alice Martin", "Bob Stone", "Carol White"], items.Select(i => i.GetProperty("fullName").GetString()));
        var bob = items[1];
        Assert.Contains("Docker", bob.GetProperty("explanation").GetProperty("missingRequiredSkills").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("+447400123456", bob.GetProperty("phone").GetString());
    }

    [Fact]
    public async Task PutJobDescription_AfterImport_ScoresRefreshForTheNewJob()
    {
        using var form = Multipart(("alice.txt", Encoding.UTF8.GetBytes(RankingTests.PerfectCv)), ("carol.txt", UnrelatedCvBytes()));
        var post = await client.PostAsync(new Uri($"/api/v1/projects/{projectId}/cvs", UriKind.Relative), form, TestContext.Current.CancellationToken);
        await WaitUntilFinishedAsync(post.Headers.Location!.ToString());

        await client.PutAsJsonAsync($"/api/v1/projects/{projectId}/job-description", new { text = "Marketing Executive\nRequirements: SEO, Salesforce, Excel\nLocation: New York" }, TestContext.Current.CancellationToken);
        var first = await WaitForTopAsync("Carol White");
        await client.PutAsJsonAsync($"/api/v1/projects/{projectId}/job-description", new { text = JobDescriptionParserTests.SeniorDotNet }, TestContext.Current.CancellationToken);
        var second = await WaitForTopAsync("Alice Martin");

        Assert.Equal("Carol White", first);
        Assert.Equal("Alice Martin", second);
    }

    [Fact]
    public async Task PostCvs_UnknownProject_Returns404()
    {
        using var form = Multipart(("alice.txt", Encoding.UTF8.GetBytes(RankingTests.PerfectCv)));

        var post = await client.PostAsync(new Uri($"/api/v1/projects/{Guid.NewGuid()}/cvs", UriKind.Relative), form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task GetImport_UnknownImport_Returns404()
    {
        var get = await client.GetAsync(new Uri($"/api/v1/projects/{projectId}/imports/{Guid.NewGuid()}", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    private static byte[] UnrelatedCvBytes() => Encoding.UTF8.GetBytes(RankingTests.UnrelatedCv);

    private static MultipartFormDataContent Multipart(params (string Name, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "files", name);
        }

        return form;
    }

    private async Task<JsonElement> WaitUntilFinishedAsync(string importUrl)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var status = await client.GetFromJsonAsync<JsonElement>(importUrl, TestContext.Current.CancellationToken);
            if (status.GetProperty("finished").GetBoolean() || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
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
