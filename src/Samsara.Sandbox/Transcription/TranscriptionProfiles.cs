using Microsoft.AspNetCore.Http;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Sandbox.Transcription;

/// <summary>Deepgram: <c>Authorization: Token &lt;key&gt;</c>; errors <c>{err_code, err_msg, request_id}</c>.</summary>
internal sealed class DeepgramProfile : ProviderProfile
{
    public const string ProviderName = "deepgram";

    public override string Name => ProviderName;

    public override bool IsAuthorized(HttpRequest request, SandboxOptions options) =>
        request.Headers.Authorization.ToString() == $"Token {options.DeepgramApiKey}";

    public override IResult Unauthorized() =>
        Error(StatusCodes.Status401Unauthorized, "Invalid credentials.", code: 0);

    public override IResult Error(int status, string message, int? code = null) =>
        TypedResults.Json(
            new { err_code = code is 0 ? "INVALID_AUTH" : status == 429 ? "TOO_MANY_REQUESTS" : "Bad Request", err_msg = message, request_id = Guid.NewGuid().ToString() },
            SandboxJson.SnakeCase, statusCode: status);
}

/// <summary>AssemblyAI: the bare key in <c>Authorization</c>; errors <c>{"error": "…"}</c>.</summary>
internal sealed class AssemblyAiProfile : ProviderProfile
{
    public const string ProviderName = "assemblyai";

    public override string Name => ProviderName;

    public override bool IsAuthorized(HttpRequest request, SandboxOptions options) =>
        request.Headers.Authorization.ToString() == options.AssemblyAiApiKey;

    public override IResult Unauthorized() => Error(StatusCodes.Status401Unauthorized, "Authentication error, API token missing/invalid");

    public override IResult Error(int status, string message, int? code = null) =>
        TypedResults.Json(new { error = message }, SandboxJson.SnakeCase, statusCode: status);
}
