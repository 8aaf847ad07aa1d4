using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Samsara.Web.Security;

/// <summary>Settings under <c>Samsara:Security</c>.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Samsara:Security";

    /// <summary>Extra origins allowed to call the app (e.g. the Chrome extension's chrome-extension:// origin).</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Reverse proxies (IP addresses) whose X-Forwarded-For and X-Forwarded-Proto are believed. Empty: the headers are
    /// ignored, so nobody can claim HTTPS or another client address by sending them.
    /// </summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Failed sign-ins in a row before the account is locked (team mode).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1440)]
    public int LockoutMinutes { get; set; } = 15;
}

/// <summary>
/// Refuses cross-site requests that could change data or open the Blazor circuit: a page on another
/// origin must not drive a recruiter's local Samsara. Host filtering (AllowedHosts) guards against DNS rebinding.
/// </summary>
internal sealed class OriginCheckMiddleware(RequestDelegate next, IOptionsMonitor<SecurityOptions> options, ILogger<OriginCheckMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || IsSafeRead(context) || IsAllowed(context, origin))
        {
            return next(context);
        }

        logger.LogWarning("Refused {Method} {Path} from origin {Origin}", context.Request.Method, context.Request.Path, origin);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.Response.WriteAsync("Cross-origin request refused.");
    }

    // context.WebSockets.IsWebSocketRequest is always false here: the WebSocket feature is added later, inside the
    // endpoint's own pipeline (SignalR's MapHub, any MapGet that upgrades). So an upgrade is recognised from the request
    // itself: an Upgrade header (HTTP/1.1) or an extended CONNECT (HTTP/2 WebSockets). The Blazor circuit's other
    // transports (long polling, server-sent events) are GETs too, so nothing under /_blazor is a safe read.
    private static bool IsSafeRead(HttpContext context) =>
        (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method))
        && !IsUpgrade(context)
        && !context.Request.Path.StartsWithSegments("/_blazor", StringComparison.OrdinalIgnoreCase);

    private static bool IsUpgrade(HttpContext context) =>
        context.Request.Headers.Upgrade.Count > 0
        || context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
        || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;

    private bool IsAllowed(HttpContext context, string origin)
    {
        var sameOrigin = $"{context.Request.Scheme}://{context.Request.Host}";
        return string.Equals(origin, sameOrigin, StringComparison.OrdinalIgnoreCase)
            || options.CurrentValue.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);
    }
}
