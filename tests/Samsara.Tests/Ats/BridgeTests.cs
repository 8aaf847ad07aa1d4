using System.Net;
using Samsara.Core.Ats.Bridge;
using Samsara.Testing;

namespace Samsara.Tests.Ats;

/// <summary>The bridge on a real loopback port: who may connect, and how a connection is kept and closed.</summary>
public sealed class BridgeTests : IAsyncLifetime
{
    private readonly SamsaraAppFactory app = new();
    private Uri baseAddress = null!;

    public ValueTask InitializeAsync()
    {
        baseAddress = app.StartBrowserServer();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Connect_PairedExtension_IsAcceptedAndGreeted()
    {
        var token = await app.PairExtensionAsync("Work laptop");

        var (client, status) = await BridgeClient.ConnectAsync(baseAddress, token);
        await using var _ = client;
        await client!.SendAsync(new { v = 1, type = "hello", extension = "0.1.0" });
        var paired = await client.ReceiveAsync();

        Assert.Equal(101, status);
        Assert.Equal("paired", (string?)paired!["type"]);
        Assert.Equal("Work laptop", (string?)paired["pairing"]!["label"]);
        var seen = Assert.Single(await app.Service<BridgePairingService>().ListAsync());
        Assert.NotNull(seen.LastSeenAt);
    }

    [Fact]
    public async Task Connect_FromAWebPageOrigin_IsRefused()
    {
        var token = await app.PairExtensionAsync();

        var (_, status) = await BridgeClient.ConnectAsync(baseAddress, token, origin: "https://evil.example");

        Assert.Equal(403, status);
    }

    [Fact]
    public async Task Connect_FromAnotherExtension_IsRefused()
    {
        var token = await app.PairExtensionAsync();

        var (_, status) = await BridgeClient.ConnectAsync(baseAddress, token, origin: "chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");

        Assert.Equal(403, status);
    }

    [Fact]
    public async Task Connect_WithNoOrigin_IsRefused()
    {
        var token = await app.PairExtensionAsync();

        var (_, status) = await BridgeClient.ConnectAsync(baseAddress, token, origin: null);

        Assert.Equal(403, status);
    }

    [Theory]
    [InlineData("evil.example")] // DNS rebinding: a name that resolves to 127.0.0.1
    [InlineData("127.0.0.1:1")] // loopback, but not this server's port
    public async Task Connect_WithWrongHost_IsRefused(string host)
    {
        var token = await app.PairExtensionAsync();

        var (_, status) = await BridgeClient.ConnectAsync(baseAddress, token, host: host);

        Assert.InRange(status, 400, 403);
    }

    [Fact]
    public async Task Connect_WithoutToken_IsRefused()
    {
        await app.PairExtensionAsync();

        var (_, status) = await BridgeClient.ConnectAsync(baseAddress, token: null);

        Assert.Equal(401, status);
    }

    [Fact]
    public async Task Connect_WithWrongToken_IsRefused()
    {
        var token = await app.PairExtensionAsync();

        var (_, status) = await BridgeClient.ConnectAsync(baseAddress, token[..^2] + "xx");

        Assert.Equal(401, status);
    }

    [Fact]
    public async Task Connect_WithRevokedToken_IsRefusedAndOpenSocketIsClosed()
    {
        var token = await app.PairExtensionAsync();
        var (open, _) = await BridgeClient.ConnectAsync(baseAddress, token);
        await using var _ = open;
        var pairing = Assert.Single(await app.Service<BridgePairingService>().ListAsync());

        using var http = app.CreateClient();
        var revoke = await http.PostAsync($"/api/v1/ats/pairings/{pairing.Id}/revoke", null, TestContext.Current.CancellationToken);
        var (_, status) = await BridgeClient.ConnectAsync(baseAddress, token);

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(401, status);
        Assert.Null(await open!.ReceiveAsync());
        Assert.NotNull((await app.Service<BridgePairingService>().ListAsync()).Single().RevokedAt);
    }

    [Fact]
    public async Task Pairings_Listed_NeverShowTheTokenOrItsHash()
    {
        var token = await app.PairExtensionAsync();
        using var http = app.CreateClient();

        var body = await http.GetStringAsync("/api/v1/ats/pairings", TestContext.Current.CancellationToken);

        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        Assert.DoesNotContain(token[..20], body, StringComparison.Ordinal);
        Assert.Contains(token[^4..], body, StringComparison.Ordinal);
        Assert.DoesNotContain("tokenHash", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Message_OfAnotherVersion_IsAnsweredWithAnErrorAndClosed()
    {
        var (client, _) = await BridgeClient.ConnectAsync(baseAddress, await app.PairExtensionAsync());
        await using var _ = client;

        await client!.SendAsync(new { v = 2, type = "hello" });
        var error = await client.ReceiveAsync();

        Assert.Equal("error", (string?)error!["type"]);
        Assert.Contains("version 2 is not supported", (string?)error["message"], StringComparison.Ordinal);
        Assert.Null(await client.ReceiveAsync());
    }
}
