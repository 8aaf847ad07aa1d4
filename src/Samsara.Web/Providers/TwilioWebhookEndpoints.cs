using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Samsara.Core.Channels.Accounts;
using Samsara.Core.Channels.Sms;

namespace Samsara.Web.Providers;

internal static class TwilioWebhookEndpoints
{
    /// <summary>
    /// Twilio's StatusCallback, mapped only when <c>Samsara:Sms:PublicBaseUrl</c> says Twilio can reach this app. Each
    /// request must carry a valid X-Twilio-Signature made with the active account's auth token; anything else gets 403.
    /// </summary>
    public static IEndpointRouteBuilder MapTwilioWebhooks(this IEndpointRouteBuilder app)
    {
        var callbackUrl = app.ServiceProvider.GetRequiredService<IOptions<SmsDeliveryOptions>>().Value.StatusCallbackUrl;
        if (callbackUrl is null)
        {
            return app;
        }

        // Twilio cannot sign in: the signature checked below is this endpoint's authentication, in team mode too.
        app.MapPost(SmsDeliveryOptions.StatusCallbackPath, async Task<Results<NoContent, ProblemHttpResult>> (
            HttpRequest request, ProviderSettings<TwilioOptions> twilio, SmsDeliveryTracker tracker, CancellationToken ct) =>
        {
            if (!request.HasFormContentType)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not a Twilio status callback.");
            }

            var form = await request.ReadFormAsync(ct);
            var token = (await twilio.CurrentAsync(ct)).AuthToken;
            var fields = form.SelectMany(f => f.Value.Select(v => KeyValuePair.Create(f.Key, v ?? "")));
            // Signed over the URL Twilio was given, which behind a proxy is not the one this request arrived on.
            if (string.IsNullOrEmpty(token) || !TwilioSignature.IsValid(callbackUrl.ToString(), fields, token, request.Headers["X-Twilio-Signature"].FirstOrDefault()))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Invalid X-Twilio-Signature.");
            }

            var errorCode = int.TryParse(form["ErrorCode"], System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : (int?)null;
            await tracker.ApplyAsync(form["MessageSid"].ToString(), form["MessageStatus"].ToString(), errorCode, null, ct);
            return TypedResults.NoContent();
        }).DisableAntiforgery().AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
