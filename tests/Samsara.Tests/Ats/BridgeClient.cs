using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Samsara.Tests.Ats;

/// <summary>Stands in for the extension's service worker: a WebSocket to /ats/bridge with the headers Chrome would send.</summary>
internal sealed class BridgeClient : IAsyncDisposable
{
    public const string ExtensionOrigin = "chrome-extension://hojlapgdeccfofcbcmghcdkihiepmkio";

    private readonly ClientWebSocket socket;

    private BridgeClient(ClientWebSocket socket) => this.socket = socket;

    /// <summary>Connects, or returns the HTTP status of the refused upgrade.</summary>
    public static async Task<(BridgeClient? Client, int Status)> ConnectAsync(Uri app, string? token, string? origin = ExtensionOrigin, string? host = null, string[]? protocols = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        if (host is not null)
        {
            socket.Options.SetRequestHeader("Host", host);
        }

        foreach (var p in protocols ?? (token is null ? ["samsara.ats.v1"] : ["samsara.ats.v1", "samsara.token." + token]))
        {
            socket.Options.AddSubProtocol(p);
        }

        var uri = new UriBuilder(app) { Scheme = "ws", Path = "/ats/bridge" }.Uri;
        try
        {
            await socket.ConnectAsync(uri, TestContext.Current.CancellationToken);
            return (new BridgeClient(socket), 101);
        }
        catch (WebSocketException)
        {
            var status = (int)socket.HttpStatusCode;
            socket.Dispose();
            return (null, status);
        }
    }

    public WebSocketState State => socket.State;

    public Task SendAsync(object message) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);

    /// <summary>The next message, or null when the server closed the socket.</summary>
    public async Task<JsonNode?> ReceiveAsync()
    {
        var buffer = new byte[1 << 20];
        var total = 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while (true)
        {
            var r = await socket.ReceiveAsync(buffer.AsMemory(total), timeout.Token);
            if (r.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            total += r.Count;
            if (r.EndOfMessage)
            {
                return JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, total));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }

        socket.Dispose();
    }
}
