using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Samsara.Testing;

namespace Samsara.Tests.Security;

/// <summary>
/// The Blazor circuit over a real Kestrel socket (the in-memory test server would fake the WebSocket feature and hide
/// the ordering bug of issue 10: the origin check ran before the feature existed).
/// </summary>
public sealed class BlazorOriginTests : IAsyncLifetime
{
    private SamsaraAppFactory app = null!;
    private Uri root = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        app = new SamsaraAppFactory();
        root = app.StartBrowserServer();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task BlazorWebSocket_FromAForeignOrigin_IsRefused()
    {
        var token = await NegotiateAsync();
        using var socket = Socket("https://evil.example");

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(CircuitUrl(token), Ct));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public async Task BlazorWebSocket_FromTheAppsOwnOrigin_Opens()
    {
        var token = await NegotiateAsync();

        using var socket = Socket(root.GetLeftPart(UriPartial.Authority));

        await socket.ConnectAsync(CircuitUrl(token), Ct);

        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task BlazorNegotiate_FromAForeignOrigin_IsRefused()
    {
        using var http = new HttpClient { BaseAddress = root };
        using var request = new HttpRequestMessage(HttpMethod.Post, "_blazor/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AnyWebSocketUpgrade_FromAForeignOrigin_IsRefusedBeforeRouting()
    {
        // Not only /_blazor: any endpoint that accepts an upgrade later (the ATS bridge) is covered by the same check.
        using var socket = Socket("https://evil.example");
        var url = new UriBuilder(root) { Scheme = "ws", Path = "/api/v1/projects" };

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(url.Uri, Ct));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    private async Task<string> NegotiateAsync()
    {
        using var http = new HttpClient { BaseAddress = root };
        using var response = await http.PostAsync(new Uri("_blazor/negotiate?negotiateVersion=1", UriKind.Relative), null, Ct);
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return json.GetProperty("connectionToken").GetString()!;
    }

    private static ClientWebSocket Socket(string origin)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", origin);
        socket.Options.CollectHttpResponseDetails = true;
        return socket;
    }

    private Uri CircuitUrl(string token) =>
        new UriBuilder(root) { Scheme = "ws", Path = "/_blazor", Query = $"id={Uri.EscapeDataString(token)}" }.Uri;
}
