using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Samsara.Sandbox.Infrastructure;

/// <summary>
/// The admin endpoints change what the simulated providers do (a forged inbound STOP opts a candidate out everywhere)
/// and reveal what was sent, so they answer only this computer and only a caller holding the per-start secret.
/// </summary>
internal sealed class AdminGuard : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        Refusal(context.HttpContext) is { } refused ? ValueTask.FromResult<object?>(refused) : next(context);

    internal static IResult? Refusal(HttpContext context)
    {
        if (!IsLoopback(context.Connection.RemoteIpAddress))
        {
            return TypedResults.Problem("The sandbox's admin endpoints only answer this computer.", statusCode: StatusCodes.Status403Forbidden);
        }

        var secret = context.RequestServices.GetRequiredService<SandboxAdminSecret>();
        return secret.Matches(context.Request.Headers[SandboxAdminSecret.HeaderName])
            ? null
            : TypedResults.Problem($"Send the sandbox's per-start secret in {SandboxAdminSecret.HeaderName}.", statusCode: StatusCodes.Status401Unauthorized);
    }

    private static bool IsLoopback(IPAddress? remote) =>
        remote is not null && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
}
