using Microsoft.AspNetCore.Http;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Sandbox.Voice;

/// <summary>Vapi: Bearer key; NestJS-style errors <c>{message, error, statusCode}</c>.</summary>
internal sealed class VapiProfile : ProviderProfile
{
    public const string ProviderName = "vapi";

    public override string Name => ProviderName;

    public override bool IsAuthorized(HttpRequest request, SandboxOptions options) => BearerToken(request) == options.VapiApiKey;

    public override IResult Error(int status, string message, int? code = null) =>
        TypedResults.Json(new { message, error = ReasonPhrase(status), statusCode = status }, SandboxJson.CamelCase, statusCode: status);

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}

/// <summary>Bland: the raw key in the <c>authorization</c> header; errors <c>{status:"error", message, errors}</c>.</summary>
internal sealed class BlandProfile : ProviderProfile
{
    public const string ProviderName = "bland";

    public override string Name => ProviderName;

    // Bland documents the bare key; its spec also declares Bearer, so both spellings are accepted.
    public override bool IsAuthorized(HttpRequest request, SandboxOptions options) =>
        request.Headers.Authorization.ToString() == options.BlandApiKey || BearerToken(request) == options.BlandApiKey;

    public override IResult Error(int status, string message, int? code = null) =>
        TypedResults.Json(new { status = "error", message, errors = new[] { message } }, SandboxJson.SnakeCase, statusCode: status);
}

/// <summary>Retell: Bearer key; errors <c>{status:"error", message}</c>.</summary>
internal sealed class RetellProfile : ProviderProfile
{
    public const string ProviderName = "retell";

    public override string Name => ProviderName;

    public override bool IsAuthorized(HttpRequest request, SandboxOptions options) => BearerToken(request) == options.RetellApiKey;

    public override IResult Unauthorized() => Error(StatusCodes.Status401Unauthorized, "API key is missing or invalid.");

    public override IResult Error(int status, string message, int? code = null) =>
        TypedResults.Json(new { status = "error", message }, SandboxJson.SnakeCase, statusCode: status);
}
