using System.Text;
using Microsoft.AspNetCore.Http;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Sandbox.Twilio;

/// <summary>HTTP Basic with AccountSid:AuthToken; errors as <c>{code, message, more_info, status}</c>.</summary>
internal sealed class TwilioProfile : ProviderProfile
{
    public const string ProviderName = "twilio";

    public override string Name => ProviderName;

    public override bool IsAuthorized(HttpRequest request, SandboxOptions options)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            return pair == $"{options.TwilioAccountSid}:{options.TwilioAuthToken}";
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public override IResult Error(int status, string message, int? code = null) =>
        TypedResults.Json(new TwilioError(code ?? DefaultCode(status), message, status), SandboxJson.SnakeCase, statusCode: status);

    public override IResult Unauthorized() => Error(StatusCodes.Status401Unauthorized, "Authenticate", TwilioErrorCodes.Authenticate);

    public override IResult OptedOut() =>
        Error(StatusCodes.Status400BadRequest, "Attempt to send to unsubscribed recipient", TwilioErrorCodes.UnsubscribedRecipient);

    private static int DefaultCode(int status) => status switch
    {
        StatusCodes.Status404NotFound => TwilioErrorCodes.NotFound,
        StatusCodes.Status429TooManyRequests => TwilioErrorCodes.TooManyRequests,
        _ => TwilioErrorCodes.InternalServerError,
    };
}

internal sealed record TwilioError(int Code, string Message, int Status)
{
    public string MoreInfo => $"https://www.twilio.com/docs/errors/{Code}";
}

internal static class TwilioErrorCodes
{
    public const int Authenticate = 20003;
    public const int NotFound = 20404;
    public const int TooManyRequests = 20429;
    public const int InternalServerError = 20500;
    public const int BodyRequired = 21602;
    public const int FromRequired = 21603;
    public const int ToRequired = 21604;
    public const int InvalidTo = 21211;
    public const int InvalidFrom = 21212;
    public const int UnsubscribedRecipient = 21610;
    public const int BodyTooLong = 21617;
    public const int UnreachableHandset = 30003;
}
