using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Samsara.Core.Candidates;
using Samsara.Core.Projects;
using Samsara.Core.Templates;
using Samsara.Testing;

namespace Samsara.Tests.Templates;

/// <summary>
/// Issue 10: hostile Liquid, as an attacker (or a careless recruiter) would type it. No timings are asserted: each render
/// must end by a limit, which these tests see as a refusal or a blocked message rather than a hang.
/// </summary>
public sealed class TemplateLimitsTests(SharedSamsaraApp app) : IClassFixture<SharedSamsaraApp>, IAsyncLifetime
{
    private HttpClient client = null!;
    private Guid projectId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        client = app.CreateClient();
        projectId = (await app.CreateProjectAsync("Platform Engineer")).Id;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData("{% for i in (1..2000000000) %}x{% endfor %}", "(1..2000000000)")]
    [InlineData("{% for i in (1..100000000) %}x{% endfor %}", "at most 1,000")]
    [InlineData("{% for i in (1..candidate.first_name) %}x{% endfor %}", "numbers written in the template")]
    [InlineData("{% for i in (1..1000) %}{% for j in (1..1000) %}{% endfor %}{% endfor %}", "1,000,000 rounds")]
    [InlineData("{% for s in candidate.cv.skills %}{% for t in candidate.cv.skills %}{% for u in candidate.cv.skills %}{% endfor %}{% endfor %}{% endfor %}", "at most 100,000")]
    [InlineData("{% assign s = 'xxxxxxxxxxxxxxxx' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}", "more than 100,000 characters")]
    [InlineData("{% capture s %}x{% endcapture %}{{ s }}", "'capture' tag is not supported")]
    [InlineData("{% assign s = 'xxxxxxxxxxxxxxxx' %}{% for i in (1..12) %}{% assign s = s | append: s %}{% endfor %}{% assign a = s | split: '' %}{{ a | join: s }}", "'join' filter")]
    [InlineData("{% assign s = 'xxxxxxxxxxxxxxxx' %}{% for i in (1..12) %}{% assign s = s | append: s %}{% endfor %}{{ s | replace: 'x', s }}", "'replace' filter")]
    [InlineData("{% for i in (1..1000) %}{% for j in (1..90) %}{{ 'xxxxxxxxxxxxxxxxxxxx' }}{% endfor %}{% endfor %}", "longer than 100,000 characters")]
    public async Task PostTemplate_CannotRenderWithinLimits_Returns400WithAClearMessageAndSavesNothing(string body, string expected)
    {
        var response = await client.PostAsJsonAsync("/api/v1/templates", new { projectId, name = "Hostile", channel = "Sms", body }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var messages = await MessagesAsync(response);
        Assert.True(messages.Contains(expected, StringComparison.Ordinal), messages);
        Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>($"/api/v1/templates?projectId={projectId}", Ct) ?? []);
    }

    [Fact]
    public async Task PreviewDraft_RunawayLoop_ReportsTheProblemAndTheAppStillAnswers()
    {
        var candidate = await app.AddCandidateAsync(projectId, "Ana Lima", phone: "+447700900123");

        var response = await client.PostAsJsonAsync("/api/v1/templates/preview",
            new { projectId, channel = "Sms", body = "{% for i in (1..100000000) %}x{% endfor %}", candidateId = candidate.Id }, Ct);

        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 1,000", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task PostTemplate_LoopWithinLimits_IsSaved()
    {
        var response = await client.PostAsJsonAsync("/api/v1/templates",
            new { projectId, name = "Countdown", channel = "Sms", body = "Hi {{ candidate.first_name }}: {% for i in (1..3) %}{{ i }} {% endfor %}go" }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Render_HostileRowWrittenAroundTheService_IsBlockedWithTheReason()
    {
        var template = new MessageTemplate { Name = "Old row", Channel = MessageChannel.Sms, Body = "{% for i in (1..2000000000) %}x{% endfor %}" };
        var variables = TemplateVariables.For(new Candidate { FullName = "Ana Lima" }, new Project { Name = "P" }, null, null);

        var rendered = await app.Service<TemplateService>().RenderAsync(template, variables);

        Assert.False(rendered.CanSend);
        Assert.Contains("cannot be rendered within limits", rendered.BlockedReason, StringComparison.Ordinal);
        Assert.Contains("(1..2000000000)", rendered.BlockedReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_ManyDistinctDrafts_ParseCacheStaysBounded()
    {
        var liquid = new LiquidTemplates();
        var variables = TemplateVariables.For(new Candidate { FullName = "Ana Lima" }, null, null, null);

        for (var i = 0; i < TemplateLimits.MaxCachedTemplates + 200; i++)
        {
            await liquid.RenderAsync($"Hi {{{{ candidate.first_name }}}} #{i}", variables, System.Text.Encodings.Web.HtmlEncoder.Default);
        }

        Assert.InRange(liquid.CachedTemplates, 1, TemplateLimits.MaxCachedTemplates);
        Assert.Equal("Hi Ana #7", (await liquid.RenderAsync("Hi {{ candidate.first_name }} #7", variables, System.Text.Encodings.Web.HtmlEncoder.Default)).Text);
    }

    private static async Task<string> MessagesAsync(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return string.Join(" ", problem.GetProperty("errors").EnumerateObject().SelectMany(e => e.Value.EnumerateArray()).Select(v => v.GetString()));
    }
}
