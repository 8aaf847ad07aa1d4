using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Samsara.Core.Channels.Accounts;

namespace Samsara.Core.Channels.SendGrid;

/// <summary>
/// SendGrid v3 Mail Send. Mail Send has no read-back API, so an unknown outcome cannot be reconciled
/// here: the caller correlates later events or inbound mail by the per-send custom arg instead.
/// </summary>
public sealed class SendGridClient(HttpClient http, ProviderSettings<SendGridOptions> settings, TimeProvider time)
{
    public async Task<ProviderResult<SendGridAccepted>> SendAsync(SendGridMail mail, CancellationToken ct = default)
    {
        var o = await settings.CurrentAsync(ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{o.BaseUrl.ToString().TrimEnd('/')}/v3/mail/send");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.ApiKey);
        request.Content = JsonContent.Create(Body(mail), options: ProviderJson.SnakeCase);
        return await ProviderCall.SendAsync(http, request, RequestKind.Create,
            (_, response) => new SendGridAccepted(response.Headers.TryGetValues("X-Message-Id", out var ids) ? ids.FirstOrDefault() : null),
            ReadError, time, ct);
    }

    private static Dictionary<string, object?> Body(SendGridMail mail)
    {
        var personalization = new Dictionary<string, object?> { ["to"] = new[] { mail.To } };
        if (mail.CustomArgs is { Count: > 0 })
        {
            personalization["custom_args"] = mail.CustomArgs;
        }

        if (mail.Cc is { Count: > 0 })
        {
            personalization["cc"] = mail.Cc;
        }

        var content = new List<object> { new { type = "text/plain", value = mail.TextBody } };
        if (mail.HtmlBody is not null)
        {
            content.Add(new { type = "text/html", value = mail.HtmlBody });
        }

        var body = new Dictionary<string, object?>
        {
            ["personalizations"] = new[] { personalization },
            ["from"] = mail.From,
            ["subject"] = mail.Subject,
            ["content"] = content,
        };
        if (mail.ReplyTo is not null)
        {
            body["reply_to"] = mail.ReplyTo;
        }

        if (mail.Headers is { Count: > 0 })
        {
            body["headers"] = mail.Headers;
        }

        if (mail.Categories is { Count: > 0 })
        {
            body["categories"] = mail.Categories;
        }

        if (mail.Attachments is { Count: > 0 })
        {
            body["attachments"] = mail.Attachments.Select(a => new { content = Convert.ToBase64String(a.Content), filename = a.FileName, type = a.ContentType, disposition = "attachment" }).ToList();
        }

        return body;
    }

    private static ProviderFailure? ReadError(HttpStatusCode status, string body, TimeSpan? retryAfter)
    {
        string? message;
        try
        {
            using var doc = JsonDocument.Parse(body);
            message = doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
                ? string.Join("; ", errors.EnumerateArray().Select(e =>
                    e.TryGetProperty("field", out var f) && f.ValueKind == JsonValueKind.String
                        ? $"{f.GetString()}: {e.GetProperty("message").GetString()}"
                        : e.GetProperty("message").GetString()))
                : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }

        if (message is null)
        {
            return null;
        }

        var generic = ProviderCall.ByStatus(status, body, retryAfter, RequestKind.Create);
        return generic with { Reason = $"SendGrid {(int)status}: {message}" };
    }
}
