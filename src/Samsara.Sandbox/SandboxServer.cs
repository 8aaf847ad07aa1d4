using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Samsara.Sandbox.Infrastructure;
using Samsara.Sandbox.Mailbox;
using Samsara.Sandbox.SendGrid;
using Samsara.Sandbox.Twilio;
using Samsara.Sandbox.Voice;

namespace Samsara.Sandbox;

/// <summary>
/// The sandbox as its own Kestrel server on 127.0.0.1 (port 0 picks a free one): real sockets,
/// so tests and benchmarks see connection drops and timeouts as a client would.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SandboxServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Root of the server, ending in a slash.</summary>
    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;
    public SandboxOptions Options => Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SandboxOptions>>().Value;
    public RequestLog Log => Services.GetRequiredService<RequestLog>();
    public ScriptBook Scripts => Services.GetRequiredService<ScriptBook>();
    public FaultBook Faults => Services.GetRequiredService<FaultBook>();
    public TwilioMessageStore Sms => Services.GetRequiredService<TwilioMessageStore>();
    public SentMailStore Mail => Services.GetRequiredService<SentMailStore>();

    /// <summary>What scripted candidates mailed back (replies, auto-replies, DSNs, unsubscribes).</summary>
    public RepliesMailbox Replies => Services.GetRequiredService<RepliesMailbox>();
    public CallStore Calls => Services.GetRequiredService<CallStore>();

    /// <summary>The per-start secret the admin endpoints (<c>/sandbox/*</c>) require.</summary>
    public SandboxAdminSecret AdminSecret => Services.GetRequiredService<SandboxAdminSecret>();

    /// <summary>An HTTP client on the server's root that carries the admin secret, for <c>/sandbox/*</c> calls.</summary>
    public HttpClient AdminClient()
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
        http.DefaultRequestHeaders.Add(SandboxAdminSecret.HeaderName, AdminSecret.Value);
        return http;
    }

    /// <summary>Base URL for one simulator, e.g. <c>Url(SandboxRegistration.Paths.Twilio)</c>.</summary>
    public Uri Url(string providerPath) => new(BaseAddress, providerPath.TrimStart('/'));

    public static async Task<SandboxServer> StartAsync(
        TimeProvider? time = null, int port = 0, Action<SandboxOptions>? configure = null, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddSamsaraSandbox();
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        var app = builder.Build();
        app.MapSamsaraSandbox();
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new SandboxServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
