using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Samsara.Testing;

namespace Samsara.Tests.Api;

/// <summary>Tests share one app, so each looks for its own project in lists rather than at the whole list.</summary>
public sealed class ProjectApiTests(SharedSamsaraApp app) : IClassFixture<SharedSamsaraApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task PostProject_ValidInput_CreatesAndListsIt()
    {
        var response = await client.PostAsJsonAsync("/api/v1/projects", new { name = "Data Engineer", clientName = "Globex", clientContactEmail = "hr@globex.example", owner = "Sam" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/projects/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Active", created.GetProperty("status").GetString());

        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/projects");
        var row = Assert.Single(list.EnumerateArray(), p => p.GetProperty("id").GetGuid() == id);
        Assert.Equal("Data Engineer", row.GetProperty("name").GetString());
        Assert.Equal("Globex", row.GetProperty("clientName").GetString());
        Assert.Equal(0, row.GetProperty("funnel").GetProperty("candidates").GetInt32());
    }

    [Fact]
    public async Task PostProject_MissingNameAndBadEmail_Returns400NamingBothFields()
    {
        var before = await client.GetStringAsync(new Uri("/api/v1/projects", UriKind.Relative));

        var response = await client.PostAsJsonAsync("/api/v1/projects", new { name = "  ", clientContactEmail = "not-an-email" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Contains("name", errors.GetProperty("name")[0].GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.True(errors.TryGetProperty("clientContactEmail", out _));
        Assert.Equal(before, await client.GetStringAsync(new Uri("/api/v1/projects", UriKind.Relative)));
    }

    [Fact]
    public async Task PostProject_MalformedJson_Returns400()
    {
        using var body = new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync(new Uri("/api/v1/projects", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PutProject_RenameAndArchive_HidesItFromDefaultList()
    {
        var project = await app.CreateProjectAsync("Old name");

        var response = await client.PutAsJsonAsync($"/api/v1/projects/{project.Id}", new { name = "New name", status = "Archived" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fetched = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project.Id}");
        Assert.Equal("New name", fetched.GetProperty("name").GetString());
        Assert.Equal("Archived", fetched.GetProperty("status").GetString());
        Assert.DoesNotContain(await client.GetFromJsonAsync<JsonElement[]>("/api/v1/projects") ?? [], p => p.GetProperty("id").GetGuid() == project.Id);
        Assert.Single(await client.GetFromJsonAsync<JsonElement[]>("/api/v1/projects?includeArchived=true") ?? [], p => p.GetProperty("id").GetGuid() == project.Id);
    }

    [Fact]
    public async Task Projects_UnknownId_Returns404ForEveryVerb()
    {
        var id = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/v1/projects/{id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync($"/api/v1/projects/{id}", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(new Uri($"/api/v1/projects/{id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/v1/projects/{id}/candidates", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/projects/{id}/candidates", new { fullName = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync($"/api/v1/projects/{id}/job-description", new { text = "x" })).StatusCode);
    }

    [Fact]
    public async Task DeleteProject_WithCandidates_RemovesEverything()
    {
        var project = await app.CreateProjectAsync();
        var candidate = await app.AddCandidateAsync(project.Id, "Ana Lima", "ana@example.com");

        var response = await client.DeleteAsync(new Uri($"/api/v1/projects/{project.Id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/v1/projects/{project.Id}/candidates/{candidate.Id}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task PutSettings_QuietHoursEndBeforeStart_Returns400()
    {
        var project = await app.CreateProjectAsync();

        var response = await client.PutAsJsonAsync($"/api/v1/projects/{project.Id}/settings",
            new { defaultPhoneRegion = "US", replyWindowMinutes = 45, quietHoursStartMinute = 20 * 60, quietHoursEndMinute = 9 * 60 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("quietHoursEndMinute", out _));
    }

    [Fact]
    public async Task PutSettings_Valid_RoundTrips()
    {
        var project = await app.CreateProjectAsync();

        var response = await client.PutAsJsonAsync($"/api/v1/projects/{project.Id}/settings",
            new { defaultPhoneRegion = "us", replyWindowMinutes = 45, quietHoursStartMinute = 9 * 60, quietHoursEndMinute = 18 * 60, retentionDays = 180 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var settings = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project.Id}/settings");
        Assert.Equal("US", settings.GetProperty("defaultPhoneRegion").GetString());
        Assert.Equal(45, settings.GetProperty("replyWindowMinutes").GetInt32());
        Assert.Equal(180, settings.GetProperty("retentionDays").GetInt32());
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheProjectAndCandidateRoutes()
    {
        var doc = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/projects", "/api/v1/projects/{id}", "/api/v1/projects/{id}/candidates", "/api/v1/projects/{id}/candidates/{candidateId}", "/api/v1/projects/{id}/job-description" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI document lacks {path}");
        }
    }

    [Fact]
    public async Task Health_DatabaseReachable_Returns200()
    {
        var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
