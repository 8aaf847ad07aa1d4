using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Samsara.Core.Channels;
using Samsara.Core.Channels.Sms;
using Samsara.Sandbox;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Tests.Sandbox;

public sealed class SandboxHostingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MapSamsaraSandbox_UnderPrefixInAnApp_ClientsFromAddChannelsSendThroughIt()
    {
        // As the web app does in demo mode: the simulators inside the app, the clients configured to call them.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSamsaraSandbox();
        var app = builder.Build();
        app.MapSamsaraSandbox("/_sandbox");
        await app.StartAsync(Ct);
        try
        {
            var root = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var clientHost = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            clientHost.Configuration.AddInMemoryCollection(SandboxRegistration.ProviderSettings(new Uri(root, "/_sandbox/")));
            clientHost.AddChannels();
            using var clients = clientHost.Build();
            await clients.StartAsync(Ct);

            var sent = await clients.Services.GetRequiredService<TwilioSmsClient>().SendAsync(new SmsToSend("+15551230001", "Demo"), Ct);

            Assert.True(sent.Succeeded, sent.ToString());
            var logged = Assert.Single(app.Services.GetRequiredService<RequestLog>().Entries("twilio"));
            Assert.StartsWith("/_sandbox/twilio/2010-04-01/", logged.Path, StringComparison.Ordinal);
            await clients.StopAsync(Ct);
        }
        finally
        {
            await app.StopAsync(Ct);
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task AddChannels_FromNumberNotE164_FailsAtStart()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("Samsara:Providers:Twilio:FromNumber", "07700 900123")]);
        builder.AddChannels();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));
        Assert.Contains("E.164", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminEndpoints_ScriptFaultAndLog_WorkOverHttp()
    {
        await using var server = await SandboxServer.StartAsync(ct: Ct);
        using var http = server.AdminClient();

        var put = await http.PutAsJsonAsync("sandbox/scripts",
            new { address = "+15551230001", behaviour = "ReplyAfterDelay", replyDelay = "00:00:30", replyText = "Sure" }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal(CandidateBehaviour.ReplyAfterDelay, server.Scripts.For("+15551230001").Behaviour);
        Assert.Equal(TimeSpan.FromSeconds(30), server.Scripts.For("+15551230001").ReplyDelay);

        var fault = await http.PostAsJsonAsync("sandbox/faults", new { provider = "twilio", kind = "ServerError", times = 2 }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, fault.StatusCode);
        var pending = Assert.Single(server.Faults.Pending());
        Assert.Equal(2, pending.Times);

        await http.GetAsync(new Uri(server.Url(SandboxRegistration.Paths.Twilio) + "/2010-04-01/Accounts/x/Messages.json"), Ct);
        var log = await http.GetStringAsync("sandbox/log?provider=twilio", Ct);
        Assert.Contains("\"fault\":\"ServerError\"", log, StringComparison.Ordinal);

        var badScript = await http.PutAsJsonAsync("sandbox/scripts", new { behaviour = "NeverReply" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badScript.StatusCode);
    }
}
