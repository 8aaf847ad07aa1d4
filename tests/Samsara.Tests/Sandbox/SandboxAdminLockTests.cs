using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Http;
using Samsara.Sandbox;
using Samsara.Sandbox.Infrastructure;
using Samsara.Testing;

namespace Samsara.Tests.Sandbox;

/// <summary>Issue 10: the sandbox's admin endpoints answer only loopback callers holding the per-start secret.</summary>
public sealed class SandboxAdminLockTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-secret")]
    public async Task AdminEndpoints_MissingOrWrongSecret_401AndNothingChanges(string? secret)
    {
        await using var server = await SandboxServer.StartAsync(ct: Ct);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        if (secret is not null)
        {
            http.DefaultRequestHeaders.Add(SandboxAdminSecret.HeaderName, secret);
        }

        var inbound = await http.PostAsJsonAsync("sandbox/twilio/inbound", new { from = "+447700900123", to = "+15005550006", body = "STOP" }, Ct);
        var fault = await http.PostAsJsonAsync("sandbox/faults", new { provider = "twilio", kind = "ServerError", times = 1 }, Ct);
        var script = await http.PutAsJsonAsync("sandbox/scripts", new { address = "+447700900123", behaviour = "NeverReply" }, Ct);
        var log = await http.GetAsync(new Uri("sandbox/log", UriKind.Relative), Ct);
        var reset = await http.PostAsync(new Uri("sandbox/reset", UriKind.Relative), null, Ct);

        Assert.All([inbound, fault, script, log, reset], r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Contains(SandboxAdminSecret.HeaderName, await log.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(server.Sms.Snapshot());
        Assert.Empty(server.Faults.Pending());
        Assert.Empty(server.Scripts.All());
    }

    [Fact]
    public async Task AdminEndpoints_RightSecret_Served()
    {
        await using var server = await SandboxServer.StartAsync(ct: Ct);
        using var http = server.AdminClient();

        var inbound = await http.PostAsJsonAsync("sandbox/twilio/inbound", new { from = "+447700900123", to = "+15005550006", body = "Hello" }, Ct);

        Assert.Equal(HttpStatusCode.OK, inbound.StatusCode);
        Assert.Single(server.Sms.Snapshot());
    }

    [Fact]
    public async Task AppSandbox_ForeignCallerWithTheRightSecret_403AndNoForgedStop()
    {
        await using var app = new SamsaraAppFactory();
        _ = app.CreateClient(); // builds the host
        var secret = app.Service<SandboxAdminSecret>().Value;

        var foreign = await PostInboundStopAsync(app, IPAddress.Parse("192.0.2.50"), secret);
        var mappedForeign = await PostInboundStopAsync(app, IPAddress.Parse("192.0.2.50").MapToIPv6(), secret);
        Assert.Empty(app.Service<Samsara.Sandbox.Twilio.TwilioMessageStore>().Snapshot());
        var local = await PostInboundStopAsync(app, IPAddress.Loopback, secret);

        Assert.Equal(StatusCodes.Status403Forbidden, foreign.Response.StatusCode);
        Assert.Equal(StatusCodes.Status403Forbidden, mappedForeign.Response.StatusCode);
        Assert.Equal(StatusCodes.Status200OK, local.Response.StatusCode);
        Assert.Single(app.Service<Samsara.Sandbox.Twilio.TwilioMessageStore>().Snapshot());
    }

    [Fact]
    public async Task AppSandbox_MailboxReadWithTheSecret_SecretNeverLogged()
    {
        var logs = new CapturedLogs();
        await using var app = SamsaraAppFactory.StartWithSandbox(logs: logs);
        var secret = app.Service<SandboxAdminSecret>().Value;
        var mailbox = app.Service<Samsara.Web.Sandbox.SandboxReplyMailbox>();

        // The app's own reader calls the locked /sandbox/mailbox with the secret it holds in-process.
        var read = await mailbox.ProcessNewAsync((_, _) => Task.CompletedTask, Ct);

        Assert.Equal(0, read);
        Assert.DoesNotContain(secret, logs.AllText, StringComparison.Ordinal);
    }

    private static Task<HttpContext> PostInboundStopAsync(SamsaraAppFactory app, IPAddress remote, string secret) =>
        app.Server.SendAsync(context =>
        {
            context.Connection.RemoteIpAddress = remote;
            context.Request.Method = HttpMethods.Post;
            context.Request.Path = "/_sandbox/sandbox/twilio/inbound";
            context.Request.Headers.Host = "127.0.0.1";
            context.Request.Headers[SandboxAdminSecret.HeaderName] = secret;
            context.Request.ContentType = "application/json";
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("""{"from":"+447700900123","to":"+15005550006","body":"STOP"}"""));
        }, Ct);
}
