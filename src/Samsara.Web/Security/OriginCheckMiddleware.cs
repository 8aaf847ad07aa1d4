using Microsoft.Extensions.Options;

namespace Samsara.Web.Security;

/// <summary>Settings under <c>Samsara:Security</c>.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Samsara:Security";

    /// <summary>Extra origins allowed to call the app (e.g. the Chrome extension's chrome-extension:// origin).</summary>
    public string[] AllowedOrigins { get; set; } = [];
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

    private static bool IsSafeRead(HttpContext context) =>
        (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method))
        && !context.WebSockets.IsWebSocketRequest;

    private bool IsAllowed(HttpContext context, string origin)
    {
        var sameOrigin = $"{context.Request.Scheme}://{context.Request.Host}";
        return string.Equals(origin, sameOrigin, StringComparison.OrdinalIgnoreCase)
            || options.CurrentValue.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);
    }
}
