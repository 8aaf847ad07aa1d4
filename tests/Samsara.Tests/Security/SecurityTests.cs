using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Samsara.Testing;

namespace Samsara.Tests.Security;

public sealed class SecurityTests(SharedSamsaraApp app) : IClassFixture<SharedSamsaraApp>
{
    [Theory]
    [InlineData("evil.example")]
    [InlineData("samsara.attacker.test:5170")]
    public async Task Request_ForeignHostHeader_IsRefused(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/projects");
        request.Headers.Host = host;

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1:5170")]
    public async Task Request_LoopbackHostHeader_IsServed(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/projects");
        request.Headers.Host = host;

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_FromAnotherOrigin_IsRefusedAndChangesNothing()
    {
        var client = app.CreateClient();
        var before = await client.GetStringAsync(new Uri("/api/v1/projects", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/projects") { Content = JsonContent.Create(new { name = "Planted" }) };
        request.Headers.Add("Origin", "https://evil.example");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await client.GetStringAsync(new Uri("/api/v1/projects", UriKind.Relative)));
    }

    [Fact]
    public async Task Post_FromSameOrigin_IsAccepted()
    {
        var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/projects") { Content = JsonContent.Create(new { name = "Mine" }) };
        request.Headers.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_ProjectNamedWithScriptTag_IsRenderedEscaped()
    {
        await app.CreateProjectAsync("<script>alert('x')</script>Evil", "<img src=x onerror=alert(1)>");

        var html = await app.CreateClient().GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.DoesNotContain("<script>alert('x')</script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x onerror", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;Evil", html, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultConfiguration_BindsToLoopbackOnly()
    {
        var config = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json")
            .Build();

        Assert.Equal("http://127.0.0.1:5170", config["Urls"]);
        Assert.DoesNotContain("*", config["AllowedHosts"], StringComparison.Ordinal);
    }
}
