using System.Net;
using Microsoft.Extensions.Options;
using Samsara.Core.Ats.Bridge;

namespace Samsara.Web.Ats;

/// <summary>
/// <c>/ats/bridge</c>: the WebSocket the paired Chrome extension holds. The upgrade is refused unless the
/// request comes over loopback, names this server by a loopback Host and port (DNS rebinding), carries one of
/// the configured <c>chrome-extension://</c> origins (a web page or another extension cannot connect: the
/// Zoom 2019 and Ollama CVE-2024-28224 class of attack) and offers an active pairing token.
/// </summary>
internal static class BridgeEndpoint
{
    public const string Path = "/ats/bridge";

    private static readonly string[] LoopbackHosts = ["127.0.0.1", "localhost", "[::1]"];

    /// <summary>Ahead of the app-wide origin check: the bridge has its own, stricter one.</summary>
    public static WebApplication UseAtsBridge(this WebApplication app)
    {
        app.Map(Path, bridge =>
        {
            bridge.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
            bridge.Run(AcceptAsync);
        });
        return app;
    }

    private static async Task AcceptAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BridgeEndpoint));
        var (status, reason, pairing) = await RefusalAsync(context, services.GetRequiredService<IOptionsMonitor<BridgeOptions>>().CurrentValue);
        if (pairing is null)
        {
            // The reason is safe to log and to answer: it never contains the token.
            logger.LogWarning("ATS bridge refused: {Reason} (origin {Origin}, host {Host})", reason, context.Request.Headers.Origin.ToString(), context.Request.Host.ToString());
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(reason, context.RequestAborted);
            return;
        }

        var socket = await context.WebSockets.AcceptWebSocketAsync(BridgeProtocol.SubProtocol);
        await services.GetRequiredService<BridgeHub>().RunAsync(socket, pairing, context.RequestAborted);
    }

    private static async Task<(int Status, string Reason, PairingView? Pairing)> RefusalAsync(HttpContext context, BridgeOptions options)
    {
        // The bridge is not an endpoint (it is mapped before authorization), so team mode's sign-in is checked here.
        if (context.RequestServices.GetRequiredService<Security.TeamMode>().On && !Security.TeamAuthRegistration.IsSignedIn(context.User))
        {
            return (StatusCodes.Status401Unauthorized, "Sign in to Samsara first.", null);
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            return (StatusCodes.Status400BadRequest, "The ATS bridge speaks WebSocket only.", null);
        }

        if (context.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
        {
            return (StatusCodes.Status403Forbidden, "The ATS bridge only answers this computer.", null);
        }

        var host = context.Request.Host;
        if (!LoopbackHosts.Contains(host.Host, StringComparer.OrdinalIgnoreCase) || host.Port != context.Connection.LocalPort)
        {
            return (StatusCodes.Status403Forbidden, "Wrong Host: connect to 127.0.0.1 or localhost on Samsara's own port.", null);
        }

        var origin = context.Request.Headers.Origin.ToString();
        if (!options.AllowedExtensionOrigins.Contains(origin, StringComparer.Ordinal))
        {
            return (StatusCodes.Status403Forbidden, "Origin not allowed: only the Samsara extension may connect.", null);
        }

        var offered = context.WebSockets.WebSocketRequestedProtocols;
        var token = offered.FirstOrDefault(p => p.StartsWith(BridgeProtocol.TokenPrefix, StringComparison.Ordinal))?[BridgeProtocol.TokenPrefix.Length..];
        if (!offered.Contains(BridgeProtocol.SubProtocol) || string.IsNullOrEmpty(token))
        {
            return (StatusCodes.Status401Unauthorized, "Pair the extension first: paste the pairing token from Samsara's ATS page.", null);
        }

        var pairing = await context.RequestServices.GetRequiredService<BridgePairingService>().AuthenticateAsync(token, context.RequestAborted);
        return pairing is null
            ? (StatusCodes.Status401Unauthorized, "This pairing token is unknown or was revoked: pair again from Samsara.", null)
            : (0, "", pairing);
    }
}
