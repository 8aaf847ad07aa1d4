using Microsoft.AspNetCore.Http;

namespace Samsara.Sandbox.Infrastructure;

/// <summary>How one simulated provider authenticates and what its error bodies look like.</summary>
internal abstract class ProviderProfile
{
    public abstract string Name { get; }

    public abstract bool IsAuthorized(HttpRequest request, SandboxOptions options);

    /// <summary>The provider's own error body for a status (and, for Twilio, an error code).</summary>
    public abstract IResult Error(int status, string message, int? code = null);

    public virtual IResult Unauthorized() => Error(StatusCodes.Status401Unauthorized, "Unauthorized");

    public virtual IResult RateLimited(HttpResponse response, TimeSpan retryAfter, DateTimeOffset now)
    {
        response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Error(StatusCodes.Status429TooManyRequests, "Too Many Requests");
    }

    public virtual IResult ServerError() => Error(StatusCodes.Status500InternalServerError, "Internal Server Error");

    /// <summary>The opted-out fault only means something for Twilio; elsewhere it is a plain 400.</summary>
    public virtual IResult OptedOut() => Error(StatusCodes.Status400BadRequest, "Recipient has opted out");

    protected static string BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
    }
}
