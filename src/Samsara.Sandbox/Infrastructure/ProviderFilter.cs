using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Samsara.Sandbox.Infrastructure;

/// <summary>
/// Runs in front of every simulator endpoint: records the request in the <see cref="RequestLog"/>,
/// checks the credential as the provider does, then applies any pending fault.
/// </summary>
internal sealed class ProviderFilter(ProviderProfile profile) : IEndpointFilter
{
    private const string BodyKey = "samsara.sandbox.body";

    public static string BodyOf(HttpContext context) =>
        context.Items.TryGetValue(BodyKey, out var body) && body is string text ? text : "";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var time = services.GetRequiredService<TimeProvider>();
        var options = services.GetRequiredService<IOptions<SandboxOptions>>().Value;
        var ct = http.RequestAborted;

        var body = await ReadBodyAsync(http.Request, ct);
        http.Items[BodyKey] = body;
        var path = http.Request.Path.Value ?? "";
        var fault = services.GetRequiredService<FaultBook>().Take(profile.Name, http.Request.Method, path);
        services.GetRequiredService<RequestLog>().Add(
            time.GetUtcNow(), profile.Name, http.Request.Method, path, http.Request.QueryString.Value ?? "",
            http.Request.ContentType, body, fault?.Kind.ToString());

        if (!profile.IsAuthorized(http.Request, options))
        {
            return profile.Unauthorized();
        }

        switch (fault?.Kind)
        {
            case null:
                return await next(context);
            case FaultKind.RateLimited:
                return profile.RateLimited(http.Response, fault.RetryAfter ?? TimeSpan.FromSeconds(1), time.GetUtcNow());
            case FaultKind.ServerError:
                return profile.ServerError();
            case FaultKind.OptedOut:
                return profile.OptedOut();
            case FaultKind.Slow:
                // A real provider goes on with a request its client gave up on: the work is done late, unseen.
                await Task.Delay(fault.Delay ?? TimeSpan.FromSeconds(2), time, CancellationToken.None);
                return await next(context);
            case FaultKind.Timeout:
                // Hold the connection until the client gives up, like a provider that stopped answering.
                await WaitForAbortAsync(time, ct);
                return Results.Empty;
            case FaultKind.DropBeforeProcessing:
                http.Abort();
                return Results.Empty;
            case FaultKind.DropAfterProcessing:
                // The work is done (and stored) but the client never hears about it: the unknown-outcome case.
                await next(context);
                http.Abort();
                return Results.Empty;
            default:
                throw new InvalidOperationException($"Unhandled fault {fault.Kind}");
        }
    }

    private static async Task WaitForAbortAsync(TimeProvider time, CancellationToken ct)
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static bool IsBinary(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("video/", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase));

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength is 0 || HttpMethods.IsGet(request.Method))
        {
            return "";
        }

        request.EnableBuffering();
        string text;
        if (IsBinary(request.ContentType))
        {
            // Audio is kept out of the log; its size is what a test can usefully check.
            using var sink = new MemoryStream();
            await request.Body.CopyToAsync(sink, ct);
            text = $"<{sink.Length} bytes>";
        }
        else
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
            text = await reader.ReadToEndAsync(ct);
        }

        request.Body.Position = 0;
        return text;
    }
}
