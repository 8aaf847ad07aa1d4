using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Samsara.Testing;

namespace Samsara.Tests.Security;

/// <summary>Issue 10: a body the endpoint cannot bind answers 400 naming the field and what would be accepted.</summary>
public sealed class BadRequestBodyTests(SharedSamsaraApp app) : IClassFixture<SharedSamsaraApp>, IAsyncLifetime
{
    private HttpClient client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        client = app.CreateClient();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task PostTemplate_MisspeltChannel_400NamingTheFieldAndTheChoices()
    {
        var before = await client.GetStringAsync(new Uri("/api/v1/templates", UriKind.Relative), Ct);

        var response = await PostJsonAsync("/api/v1/templates", """{"name":"Intro","channel":"Sms2","body":"Hi"}""");

        Assert.Equal("'Sms2' is not one of Sms, Email.", await SingleErrorAsync(response, "$.channel"));
        Assert.Equal(before, await client.GetStringAsync(new Uri("/api/v1/templates", UriKind.Relative), Ct));
    }

    [Fact]
    public async Task PostTemplate_ChannelInAnotherCase_Accepted()
    {
        var response = await PostJsonAsync("/api/v1/templates", """{"name":"Intro","channel":"email","subject":"Hello","body":"Hi"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Email", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("channel").GetString());
    }

    [Theory]
    [InlineData("""{"name":"P","status":"Archivedd"}""", "$.status", "'Archivedd' is not one of Active, Archived.")]
    [InlineData("""{"name":"P","status":1}""", "$.status", "Use one of Active, Archived (a name in quotes, not a number).")]
    [InlineData("""{"name":42}""", "$.name", "Expected text.")]
    public async Task PostProject_BadValue_400NamingTheField(string body, string field, string message)
    {
        var before = await client.GetStringAsync(new Uri("/api/v1/projects", UriKind.Relative), Ct);

        var response = await PostJsonAsync("/api/v1/projects", body);

        Assert.Equal(message, await SingleErrorAsync(response, field));
        Assert.Equal(before, await client.GetStringAsync(new Uri("/api/v1/projects", UriKind.Relative), Ct));
    }

    [Fact]
    public async Task PostTemplate_ProjectIdNotAGuid_400SaysAnIdIsExpected()
    {
        var response = await PostJsonAsync("/api/v1/templates", """{"projectId":"abc","name":"Intro","channel":"Sms","body":"Hi"}""");

        Assert.Equal("Expected an id (a GUID).", await SingleErrorAsync(response, "$.projectId"));
    }

    private Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"), Ct);

    private static async Task<string?> SingleErrorAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        var property = Assert.Single(errors.EnumerateObject());
        Assert.Equal(field, property.Name);
        return Assert.Single(property.Value.EnumerateArray()).GetString();
    }
}
