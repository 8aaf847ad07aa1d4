using System.Net;
using System.Net.Sockets;
using Samsara.Core.Channels;
using Samsara.Core.Channels.Sms;
using Samsara.Sandbox.Infrastructure;
using Samsara.Testing;
using Samsara.Web.Sandbox;

namespace Samsara.Tests.Sandbox;

public sealed class DemoModeTests
{
    [Fact]
    public async Task FreshInstall_NoProviderConfigured_SendsSmsToTheInProcessSandboxAndShowsTheBadge()
    {
        var port = FreePort();
        await using var app = new SamsaraAppFactory(settings: new Dictionary<string, string?> { ["Urls"] = $"http://127.0.0.1:{port}" });
        app.UseKestrel(port);
        app.StartServer();

        Assert.True(app.Service<DemoMode>().Enabled);
        var result = await app.Service<TwilioSmsClient>().SendAsync(new SmsToSend("+447700900123", "Hello from the demo"));

        Assert.Equal(ProviderOutcome.Succeeded, result.Outcome);
        var received = Assert.Single(app.Service<RequestLog>().Entries("twilio"), e => e.Method == "POST");
        Assert.Contains("Hello", Uri.UnescapeDataString(received.Body.Replace('+', ' ')), StringComparison.Ordinal);
        var html = await app.CreateClient().GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("data-test=\"sandbox-badge\"", html, StringComparison.Ordinal);

        // A template signed with the recruiter's name can be tried at once (a real install sets its own).
        Assert.Equal("Demo Recruiter", app.Service<Microsoft.Extensions.Options.IOptions<Samsara.Core.Templates.RecruiterOptions>>().Value.Name);
    }

    [Fact]
    public async Task RealTwilioConfigured_NoSandboxRoutesAndNoBadge()
    {
        await using var app = new SamsaraAppFactory(settings: new Dictionary<string, string?>
        {
            ["Samsara:Providers:Twilio:AccountSid"] = "AC" + new string('1', 32),
            ["Samsara:Providers:Twilio:AuthToken"] = "real-token",
            ["Samsara:Providers:Twilio:FromNumber"] = "+15005550006",
        });
        var client = app.CreateClient();

        Assert.False(app.Service<DemoMode>().Enabled);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/_sandbox/sandbox/log", UriKind.Relative))).StatusCode);
        Assert.DoesNotContain("sandbox-badge", await client.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5170", "http://127.0.0.1:5170")]
    [InlineData("http://*:8080;https://*:8443", "http://127.0.0.1:8080")]
    [InlineData(null, "http://127.0.0.1:5170")]
    [InlineData("http://127.0.0.1:5170", "http://127.0.0.1:5170")]
    public void OwnAddress_ListeningUrls_IsAnAddressTheAppCanCall(string? urls, string expected) =>
        Assert.Equal(expected, DemoModeRegistration.OwnAddress(urls));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
