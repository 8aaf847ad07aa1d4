using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Samsara.Testing;

namespace Samsara.Tests.Api;

public sealed class CandidateApiTests(SharedSamsaraApp app) : IClassFixture<SharedSamsaraApp>, IAsyncLifetime
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
    public async Task PostCandidate_Valid_CanBeReadEditedAndDeleted()
    {
        var post = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/candidates",
            new { fullName = "  Zoë Müller ", email = "zoe@example.com", phone = "+49 30 1234567", location = "Berlin", notes = "Met at meetup" });
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        var id = (await post.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var read = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/candidates/{id}");
        Assert.Equal("Zoë Müller", read.GetProperty("fullName").GetString());
        Assert.Equal("Manual", read.GetProperty("source").GetString());

        var put = await client.PutAsJsonAsync($"/api/v1/projects/{projectId}/candidates/{id}", new { fullName = "Zoë Müller-Lang", email = "zoe@example.com" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var edited = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/candidates/{id}");
        Assert.Equal("Zoë Müller-Lang", edited.GetProperty("fullName").GetString());
        Assert.Equal(JsonValueKind.Null, edited.GetProperty("location").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(new Uri($"/api/v1/projects/{projectId}/candidates/{id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/v1/projects/{projectId}/candidates/{id}", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData("{\"fullName\":\"\"}", "fullName")]
    [InlineData("{\"fullName\":\"A\",\"email\":\"nope\"}", "email")]
    [InlineData("{\"fullName\":\"A\",\"phone\":\"call me maybe\"}", "phone")]
    public async Task PostCandidate_InvalidField_Returns400NamingIt(string json, string field)
    {
        using var body = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync(new Uri($"/api/v1/projects/{projectId}/candidates", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {problem}");
    }

    [Fact]
    public async Task GetCandidates_PagedAndSortedByName_ReturnsTheRightSlice()
    {
        foreach (var name in new[] { "Eve", "Bob", "Dan", "Ann", "Cat" })
        {
            await app.AddCandidateAsync(projectId, name);
        }

        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/candidates?page=2&pageSize=2&sort=Name");
        Assert.Equal(5, page.GetProperty("total").GetInt32());
        Assert.Equal(["Cat", "Dan"], page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("fullName").GetString()));

        var desc = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/candidates?pageSize=2&sort=Name&descending=true");
        Assert.Equal(["Eve", "Dan"], desc.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("fullName").GetString()));
    }

    [Fact]
    public async Task GetCandidates_UnknownSortColumn_Returns400()
    {
        var response = await client.GetAsync(new Uri($"/api/v1/projects/{projectId}/candidates?sort=Salary", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PutJobDescription_Twice_KeepsOneAndUpdatesIt()
    {
        var first = await client.PutAsJsonAsync($"/api/v1/projects/{projectId}/job-description", new { title = "Backend", text = "C# and PostgreSQL" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var second = await client.PutAsJsonAsync($"/api/v1/projects/{projectId}/job-description", new { title = "Backend", text = "C#, PostgreSQL and Kubernetes" });
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        var jd = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/job-description");
        Assert.Equal("C#, PostgreSQL and Kubernetes", jd.GetProperty("text").GetString());
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), jd.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task PutJobDescription_EmptyText_Returns400()
    {
        var response = await client.PutAsJsonAsync($"/api/v1/projects/{projectId}/job-description", new { title = "Backend", text = "" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
