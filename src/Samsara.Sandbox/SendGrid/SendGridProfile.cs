using System.Globalization;
using Microsoft.AspNetCore.Http;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Sandbox.SendGrid;

/// <summary>Bearer API key; errors as <c>{"errors":[{message, field, help}]}</c>; rate limits in X-RateLimit-*.</summary>
internal sealed class SendGridProfile : ProviderProfile
{
    public const string ProviderName = "sendgrid";
    public const int RateLimitPerSecond = 600;

    public override string Name => ProviderName;

    public override bool IsAuthorized(HttpRequest request, SandboxOptions options) =>
        BearerToken(request) == options.SendGridApiKey;

    public override IResult Error(int status, string message, int? code = null) => Errors(status, new SendGridError(message, null, null));

    public static IResult Errors(int status, params SendGridError[] errors) =>
        TypedResults.Json(new SendGridErrors(errors), SandboxJson.SnakeCase, statusCode: status);

    public override IResult Unauthorized() =>
        Error(StatusCodes.Status401Unauthorized, "The provided authorization grant is invalid, expired, or revoked");

    public override IResult RateLimited(HttpResponse response, TimeSpan retryAfter, DateTimeOffset now)
    {
        // SendGrid says when the window resets rather than sending Retry-After.
        response.Headers["X-RateLimit-Limit"] = RateLimitPerSecond.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Remaining"] = "0";
        response.Headers["X-RateLimit-Reset"] = (now + retryAfter).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return Error(StatusCodes.Status429TooManyRequests, "too many requests");
    }
}

/// <summary>One entry of SendGrid's error list; <c>help</c> is an object in the spec, so it is left out when there is none.</summary>
internal sealed record SendGridError(
    string Message,
    string? Field,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] object? Help);

internal sealed record SendGridErrors(IReadOnlyList<SendGridError> Errors);
