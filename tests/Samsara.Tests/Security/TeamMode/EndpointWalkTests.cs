using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Samsara.Testing;

namespace Samsara.Tests.Security.TeamMode;

/// <summary>
/// Issue 18's proof: in team mode, every endpoint in the route table, the Blazor hub's WebSocket and the ATS bridge's
/// refuse a caller without credentials (a page redirects to sign-in; everything else is 401), on a real Kestrel port.
/// The only open doors are listed here, and the list is checked against the route table so a new one cannot slip in.
/// </summary>
public sealed class EndpointWalkTests : IAsyncLifetime
{
    private SamsaraAppFactory app = null!;
    private Uri root = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        app = new SamsaraAppFactory(settings: new Dictionary<string, string?> { ["Samsara:TeamMode"] = "On" });
        await app.AddUserBeforeStartAsync("boss@agency.test", "the admin's passphrase", Samsara.Core.Users.UserRole.Admin);
        root = app.StartBrowserServer();
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task EveryEndpoint_TeamModeWithoutCredentials_RedirectsToSignInOrAnswers401()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var open = endpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null).ToList();
        var guarded = endpoints.Except(open).ToList();

        Assert.All(open, e => Assert.True(IsAllowedOpen(e.RoutePattern.RawText ?? ""), $"{e.DisplayName} ({e.RoutePattern.RawText}) is open without sign-in."));
        Assert.True(guarded.Count > 100, $"Only {guarded.Count} guarded endpoints: the walk is not seeing the route table.");

        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = root, Timeout = TimeSpan.FromSeconds(60) };
        var failures = new List<string>();
        var walked = 0;
        foreach (var endpoint in guarded)
        {
            var path = Fill(endpoint.RoutePattern);
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
                if (method is not ("GET" or "HEAD" or "DELETE" or "OPTIONS"))
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request, Ct);
                walked++;
                var ok = response.StatusCode == HttpStatusCode.Unauthorized
                    || (response.StatusCode == HttpStatusCode.Redirect && method == "GET" && IsSignIn(response.Headers.Location));
                if (!ok)
                {
                    failures.Add($"{method} {path} ({endpoint.DisplayName}): {(int)response.StatusCode} {response.Headers.Location}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {walked} requests were not refused:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task BlazorHubAndBridgeWebSockets_TeamModeWithoutCredentials_Answer401()
    {
        var ws = new UriBuilder(root) { Scheme = "ws" };
        foreach (var path in new[] { "/_blazor?id=walk", Samsara.Web.Ats.BridgeEndpoint.Path })
        {
            using var socket = new ClientWebSocket();
            socket.Options.CollectHttpResponseDetails = true;
            socket.Options.SetRequestHeader("Origin", root.GetLeftPart(UriPartial.Authority));
            ws.Path = path.Split('?')[0];
            ws.Query = path.Contains('?', StringComparison.Ordinal) ? path.Split('?')[1] : "";

            await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(ws.Uri, Ct));

            Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
        }
    }

    [Fact]
    public async Task Health_TeamModeWithoutCredentials_Answers()
    {
        using var client = new HttpClient { BaseAddress = root };

        var health = await client.GetAsync(new Uri("/health", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static bool IsSignIn(Uri? location) =>
        location is not null && (location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0]) == "/account/sign-in";

    // /health for probes, the sign-in form, the files a signed-out browser needs to draw it, Twilio's signed callback and
    // the in-process provider sandbox (it checks the providers' credentials itself).
    private static bool IsAllowedOpen(string pattern) =>
        pattern is "/health" or "/account/sign-in" or "/api/v1/webhooks/twilio/status"
        || pattern.StartsWith("/_sandbox/", StringComparison.Ordinal)
        || IsStaticFile(pattern);

    private static bool IsStaticFile(string pattern) =>
        !pattern.Contains('{', StringComparison.Ordinal) && Path.HasExtension(pattern.Split('/')[^1]);

    /// <summary>A concrete path for a route: ids as GUIDs or numbers as the constraints want, other values "x".</summary>
    private static string Fill(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => Value(parameter),
            _ => "x",
        })));
        return "/" + string.Join('/', segments);
    }

    private static string Value(RoutePatternParameterPart parameter)
    {
        var constraints = parameter.ParameterPolicies.Select(p => p.Content ?? p.ParameterPolicy?.GetType().Name ?? "").ToList();
        if (constraints.Any(c => c.Contains("guid", StringComparison.OrdinalIgnoreCase)))
        {
            return Guid.NewGuid().ToString();
        }

        return constraints.Any(c => c.Contains("int", StringComparison.OrdinalIgnoreCase) || c.Contains("long", StringComparison.OrdinalIgnoreCase)) ? "1" : "x";
    }
}
