using System.Security.Claims;
using Samsara.Core.Users;

namespace Samsara.Web.Security;

/// <summary>
/// A viewer reads and never writes: any request that could change data (not GET, HEAD or OPTIONS) is refused with 403,
/// except signing out and the Blazor circuit's own transport (its negotiation and long polling are POSTs).
/// Actions taken inside a live Blazor page are not HTTP requests and are not covered here.
/// </summary>
internal sealed class ViewerReadOnlyMiddleware(RequestDelegate next)
{
    private static readonly string ViewerRole = SamsaraClaimsFactory.RoleName(UserRole.Viewer);

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var writes = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
        if (!writes || !context.User.IsInRole(ViewerRole) || !context.User.HasClaim(c => c.Type == ClaimTypes.Role)
            || request.Path.StartsWithSegments("/account") || request.Path.StartsWithSegments("/_blazor"))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.Response.WriteAsJsonAsync(
            new { type = "about:blank", title = "Viewers cannot change anything.", status = 403 }, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }
}
