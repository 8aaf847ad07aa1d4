using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Samsara.Core.Templates;
using Samsara.Testing;

namespace Samsara.Tests.Outreach;

public sealed class SequenceApiTests(SharedSamsaraApp app) : IClassFixture<SharedSamsaraApp>, IAsyncLifetime
{
    private HttpClient client = null!;
    private Guid projectId;
    private Guid sms;
    private Guid email;

    public async ValueTask InitializeAsync()
    {
        client = app.CreateClient();
        projectId = (await app.CreateProjectAsync()).Id;
        var templates = app.Service<TemplateService>();
        sms = (await templates.CreateAsync(new TemplateInput { ProjectId = projectId, Name = "SMS", Channel = MessageChannel.Sms, Body = "Hi {{ candidate.first_name }}" })).Id;
        email = (await templates.CreateAsync(new TemplateInput { ProjectId = projectId, Name = "Mail", Channel = MessageChannel.Email, Subject = "Hi", Body = "Hi {{ candidate.first_name }}" })).Id;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private string Url(string rest = "") => $"/api/v1/projects/{projectId}/sequences{rest}";

    [Fact]
    public async Task Create_WrongChannelTemplateNegativeDelayUnknownTemplate_ProblemNamesEachStep()
    {
        var response = await client.PostAsJsonAsync(Url(), new
        {
            name = "Bad",
            steps = new object[]
            {
                new { channel = "Sms", templateId = email, delayMinutes = 0 },
                new { channel = "Email", templateId = email, delayMinutes = -1 },
                new { channel = "Email", templateId = Guid.NewGuid(), delayMinutes = 0 },
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("is an Email template; this step sends Sms", errors.GetProperty("steps[0].templateId")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("The delay cannot be negative.", errors.GetProperty("steps[1].delayMinutes")[0].GetString());
        Assert.Contains("does not exist", errors.GetProperty("steps[2].templateId")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement[]>(Url()))!);
    }

    [Fact]
    public async Task Create_GlobalTemplateAllowedOtherProjectsTemplateRefused_ProblemNamesTheStep()
    {
        var templates = app.Service<TemplateService>();
        var global = (await templates.CreateAsync(new TemplateInput { Name = "Global mail", Channel = MessageChannel.Email, Subject = "Hi", Body = "Hi {{ candidate.first_name }}" })).Id;
        var other = await app.CreateProjectAsync("Another role");
        var foreign = (await templates.CreateAsync(new TemplateInput { ProjectId = other.Id, Name = "Theirs", Channel = MessageChannel.Email, Subject = "Hi", Body = "Hi" })).Id;

        var refused = await client.PostAsJsonAsync(Url(), new { name = "Borrowed", steps = new[] { new { channel = "Email", templateId = foreign } } });
        var created = await client.PostAsJsonAsync(Url(), new { name = "Shared", steps = new[] { new { channel = "Email", templateId = global } } });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("does not exist in this project or among the global templates", errors.GetProperty("steps[0].templateId")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var step = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("steps")[0];
        Assert.Equal(global, step.GetProperty("templateId").GetGuid());
    }

    [Fact]
    public async Task Create_NoSteps_ProblemAndNothingSaved()
    {
        var response = await client.PostAsJsonAsync(Url(), new { name = "Empty", steps = Array.Empty<object>() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("A sequence needs at least one step.", errors.GetProperty("steps")[0].GetString());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement[]>(Url()))!);
    }

    [Fact]
    public async Task CreateUpdateDelete_SecondBecomesDefault_EnrolUsesChosenSequence()
    {
        var first = await (await client.PostAsJsonAsync(Url(), new { name = "SMS only", steps = new[] { new { channel = "Sms", templateId = sms } } })).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await client.PostAsJsonAsync(Url(), new
        {
            name = "Mail then call",
            steps = new object[] { new { channel = "Email", templateId = email }, new { channel = "AiCall", delayMinutes = 60 } },
        })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(first.GetProperty("isDefault").GetBoolean());
        Assert.False(second.GetProperty("isDefault").GetBoolean());

        var secondId = second.GetProperty("id").GetGuid();
        var updated = await client.PutAsJsonAsync(Url($"/{secondId}"), new
        {
            name = "Mail then call",
            isDefault = true,
            steps = new object[] { new { channel = "Email", templateId = email, condition = "OnlyIfHasEmail" }, new { channel = "AiCall", delayMinutes = 120 } },
        });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var list = await client.GetFromJsonAsync<JsonElement[]>(Url()) ?? [];
        Assert.Equal(["SMS only", "Mail then call"], list.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal([false, true], list.Select(s => s.GetProperty("isDefault").GetBoolean()));
        Assert.Equal(120, list[1].GetProperty("steps")[1].GetProperty("delayMinutes").GetInt32());

        var ana = (await app.AddCandidateAsync(projectId, "Ana Lima", "ana@example.com")).Id;
        await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/outreach/enrol", new { candidateIds = new[] { ana } });
        var steps = await client.GetFromJsonAsync<JsonElement[]>($"/api/v1/projects/{projectId}/outreach/{ana}/steps") ?? [];
        Assert.Equal(["Email", "AiCall"], steps.Select(s => s.GetProperty("channel").GetString()));
        Assert.Equal(["Queued", "Planned"], steps.Select(s => s.GetProperty("status").GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Url($"/{secondId}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url($"/{secondId}"))).StatusCode);
        Assert.True((await client.GetFromJsonAsync<JsonElement[]>(Url()))!.Single().GetProperty("isDefault").GetBoolean());
    }

    [Fact]
    public async Task Enrol_SequenceOfAnotherProject_ProblemAndNobodyEnrolled()
    {
        var other = (await app.CreateProjectAsync("Other")).Id;
        var foreign = await (await client.PostAsJsonAsync($"/api/v1/projects/{other}/sequences", new
        {
            name = "Theirs",
            steps = new[] { new { channel = "AiCall" } },
        })).Content.ReadFromJsonAsync<JsonElement>();
        var ana = (await app.AddCandidateAsync(projectId, "Ana Lima", "ana@example.com")).Id;

        var response = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/outreach/enrol", new { candidateIds = new[] { ana }, sequenceId = foreign.GetProperty("id").GetGuid() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("No such sequence in this project.", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("sequenceId")[0].GetString());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/outreach")).GetProperty("items").EnumerateArray());
    }
}
