using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Samsara.Testing;

namespace Samsara.Tests.Templates;

public sealed class TemplateApiTests(SharedSamsaraApp app) : IClassFixture<SharedSamsaraApp>, IAsyncLifetime
{
    private HttpClient client = null!;
    private Guid projectId;

    public async ValueTask InitializeAsync()
    {
        client = app.CreateClient();
        projectId = (await app.CreateProjectAsync("Platform Engineer")).Id;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task PostTemplate_ThenPreview_RendersForTheCandidate()
    {
        var candidate = await app.AddCandidateAsync(projectId, "Ana Lima", phone: "+447700900123");
        var created = await client.PostAsJsonAsync("/api/v1/templates",
            new { projectId, name = "Intro", channel = "Sms", body = "Hi {{ candidate.first_name }}, about the {{ project.name }} role?" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var preview = await (await client.PostAsJsonAsync($"/api/v1/templates/{id}/preview", new { candidateId = candidate.Id })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(preview.GetProperty("canSend").GetBoolean());
        Assert.Equal("Hi Ana, about the Platform Engineer role?", preview.GetProperty("text").GetString());
        Assert.Equal(1, preview.GetProperty("sms").GetProperty("segments").GetInt32());
        var listed = await client.GetFromJsonAsync<JsonElement[]>($"/api/v1/templates?projectId={projectId}");
        Assert.Contains(listed!, t => t.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task PostTemplate_UnknownVariable_Returns400WithLineAndName()
    {
        var response = await client.PostAsJsonAsync("/api/v1/templates",
            new { projectId, name = "Typo", channel = "Sms", body = "Hello\nHi {{ candidate.frist_name }}" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var message = string.Join(" ", problem.GetProperty("errors").EnumerateObject().SelectMany(e => e.Value.EnumerateArray()).Select(v => v.GetString()));
        Assert.Contains("candidate.frist_name", message, StringComparison.Ordinal);
        Assert.Contains("line 2", message, StringComparison.Ordinal);
        Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>($"/api/v1/templates?projectId={projectId}") ?? []);
    }

    [Fact]
    public async Task Preview_CandidateWithoutTheValue_IsBlockedWithTheReason()
    {
        var candidate = await app.AddCandidateAsync(projectId, "Bruno Costa");
        var created = await (await client.PostAsJsonAsync("/api/v1/templates",
            new { projectId, name = "Where", channel = "Sms", body = "Hi {{ candidate.first_name }}, still in {{ candidate.location }}?" })).Content.ReadFromJsonAsync<JsonElement>();

        var preview = await (await client.PostAsJsonAsync($"/api/v1/templates/{created.GetProperty("id").GetGuid()}/preview", new { candidateId = candidate.Id })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.False(preview.GetProperty("canSend").GetBoolean());
        Assert.Contains("candidate.location", preview.GetProperty("blockedReason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Templates_UnknownId_Returns404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/v1/templates/{Guid.NewGuid()}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/templates/{Guid.NewGuid()}/preview", new { candidateId = Guid.NewGuid() })).StatusCode);
    }

    [Fact]
    public async Task PostDraftPreview_UnsavedEmail_RendersSubjectAndBodyAndSavesNothing()
    {
        var candidate = await app.AddCandidateAsync(projectId, "Ana Lima", email: "ana@example.com");

        var response = await client.PostAsJsonAsync("/api/v1/templates/preview", new
        {
            candidateId = candidate.Id,
            channel = "Email",
            subject = "{{ project.name }} for {{ candidate.first_name }}",
            body = "<p>Hi {{ candidate.first_name }}</p>",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Platform Engineer for Ana", preview.GetProperty("subject").GetString());
        Assert.Contains("Hi Ana", preview.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>($"/api/v1/templates?projectId={projectId}") ?? []);
    }

    [Fact]
    public async Task PostDraftPreview_UnknownVariable_Returns400WithLineAndName()
    {
        var candidate = await app.AddCandidateAsync(projectId, "Ana Lima", phone: "+447700900123");

        var response = await client.PostAsJsonAsync("/api/v1/templates/preview", new { candidateId = candidate.Id, channel = "Sms", body = "Hi\n{{ candidate.frist_name }}" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("body")[0].GetString();
        Assert.Contains("candidate.frist_name", problem, StringComparison.Ordinal);
        Assert.Contains("line 2", problem, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PostDraftPreview_UnknownCandidate_Returns404()
    {
        var response = await client.PostAsJsonAsync("/api/v1/templates/preview", new { candidateId = Guid.NewGuid(), channel = "Sms", body = "Hi" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
