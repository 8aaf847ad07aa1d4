using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Sandbox.SendGrid;

/// <summary>SendGrid v3 Mail Send: 202 with X-Message-Id, or the provider's error list.</summary>
internal static class SendGridEndpoints
{
    private const int MaxRecipients = 1000;

    private static readonly HashSet<string> ReservedHeaders = new(
        ["x-sg-id", "x-sg-eid", "received", "dkim-signature", "Content-Type", "Content-Transfer-Encoding", "To", "From", "Subject", "Reply-To", "CC", "BCC"],
        StringComparer.OrdinalIgnoreCase);

    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost("/v3/mail/send", Send).AddEndpointFilter(new ProviderFilter(new SendGridProfile()));

    private static IResult Send(HttpContext context, SentMailStore store, TimeProvider time)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(ProviderFilter.BodyOf(context)).RootElement.Clone();
        }
        catch (JsonException)
        {
            return SendGridProfile.Errors(400, new SendGridError("Bad Request", null, null));
        }

        var errors = Validate(root);
        if (errors.Count > 0)
        {
            return SendGridProfile.Errors(400, [.. errors]);
        }

        var recipients = root.GetProperty("personalizations").EnumerateArray()
            .SelectMany(p => p.TryGetProperty("to", out var to) ? to.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Select(r => r.GetProperty("email").GetString()!)
            .ToList();
        var id = store.Add(recipients, root, time.GetUtcNow());
        context.Response.Headers["X-Message-Id"] = id;
        return TypedResults.Accepted((string?)null);
    }

    private static List<SendGridError> Validate(JsonElement root)
    {
        var errors = new List<SendGridError>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("Bad Request", null, null));
            return errors;
        }

        if (!root.TryGetProperty("personalizations", out var personalizations)
            || personalizations.ValueKind != JsonValueKind.Array
            || personalizations.GetArrayLength() == 0)
        {
            errors.Add(new("The personalizations field is required and must have at least one personalization.", "personalizations", null));
        }
        else
        {
            var count = 0;
            foreach (var p in personalizations.EnumerateArray())
            {
                if (!p.TryGetProperty("to", out var to) || to.ValueKind != JsonValueKind.Array || to.GetArrayLength() == 0)
                {
                    errors.Add(new("The to array is required for all personalization objects, and must have at least one email object with a valid email address.",
                        "personalizations.0.to", null));
                    continue;
                }

                count += to.GetArrayLength();
                if (to.EnumerateArray().Any(r => !r.TryGetProperty("email", out var e) || !(e.GetString() ?? "").Contains('@', StringComparison.Ordinal)))
                {
                    errors.Add(new("Does not contain a valid address.", "personalizations.0.to", null));
                }
            }

            if (count > MaxRecipients)
            {
                errors.Add(new("The total number of recipients must be no more than 1000.", "personalizations", null));
            }
        }

        if (!root.TryGetProperty("from", out var from) || !from.TryGetProperty("email", out var fromEmail)
            || !(fromEmail.GetString() ?? "").Contains('@', StringComparison.Ordinal))
        {
            errors.Add(new("The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.",
                "from.email", null));
        }

        // The spec's list of headers SendGrid sets itself and refuses to take from `headers`.
        if (root.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in headers.EnumerateObject().Where(h => ReservedHeaders.Contains(h.Name)))
            {
                errors.Add(new($"The header '{header.Name}' is reserved and cannot be set in headers; use the dedicated field.", "headers", null));
            }
        }

        var hasTemplate = root.TryGetProperty("template_id", out _);
        if (!hasTemplate && (!root.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array || content.GetArrayLength() == 0))
        {
            errors.Add(new("Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block.",
                "content", null));
        }

        var hasSubject = root.TryGetProperty("subject", out _)
            || (personalizations.ValueKind == JsonValueKind.Array && personalizations.EnumerateArray().All(p => p.TryGetProperty("subject", out _)));
        if (!hasTemplate && !hasSubject)
        {
            errors.Add(new("The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.",
                "subject", null));
        }

        ValidateCopies(personalizations, errors);
        ValidateAttachments(root, errors);
        return errors;
    }

    /// <summary>SendGrid refuses an address that appears twice across to, cc and bcc of one personalization.</summary>
    private static void ValidateCopies(JsonElement personalizations, List<SendGridError> errors)
    {
        if (personalizations.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var p in personalizations.EnumerateArray())
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var field in new[] { "to", "cc", "bcc" })
            {
                if (!p.TryGetProperty(field, out var list) || list.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var r in list.EnumerateArray())
                {
                    var email = r.TryGetProperty("email", out var e) ? e.GetString() ?? "" : "";
                    if (!email.Contains('@', StringComparison.Ordinal))
                    {
                        errors.Add(new("Does not contain a valid address.", $"personalizations.0.{field}", null));
                    }
                    else if (!seen.Add(email))
                    {
                        errors.Add(new("Each email address in the personalization block should be unique between to, cc, and bcc. We found the first duplicate instance of [" +
                            email + "] in the personalizations.0." + field + " field.", $"personalizations.0.{field}", null));
                    }
                }
            }
        }
    }

    /// <summary>Each attachment needs base64 content and a file name; the whole message stays under 30 MB.</summary>
    private static void ValidateAttachments(JsonElement root, List<SendGridError> errors)
    {
        if (!root.TryGetProperty("attachments", out var attachments) || attachments.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        long total = 0;
        var i = 0;
        foreach (var a in attachments.EnumerateArray())
        {
            var content = a.TryGetProperty("content", out var c) ? c.GetString() : null;
            var buffer = new byte[((content?.Length ?? 0) * 3 / 4) + 3];
            if (string.IsNullOrEmpty(content) || !Convert.TryFromBase64String(content, buffer, out var length))
            {
                errors.Add(new("The attachment content must be base64 encoded.", $"attachments.{i}.content", null));
            }
            else
            {
                total += length;
            }

            if (!a.TryGetProperty("filename", out var name) || string.IsNullOrEmpty(name.GetString()))
            {
                errors.Add(new("The attachment filename parameter is required.", $"attachments.{i}.filename", null));
            }

            i++;
        }

        if (total > 30L * 1024 * 1024)
        {
            errors.Add(new("The attachments exceed the maximum total message size of 30 MB.", "attachments", null));
        }
    }
}
