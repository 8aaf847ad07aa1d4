using System.Text.Json;

namespace Samsara.Sandbox.Mailbox;

/// <summary>
/// What a candidate's mail client sees of one accepted Mail Send request: the fields a reply, an auto-reply, a bounce
/// or an unsubscribe needs. Read from the request as SendGrid would build the message (personalization values win).
/// </summary>
internal sealed record OurMail(
    string FromAddress,
    string? FromName,
    string ReplyAddress,
    string Subject,
    string Text,
    IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>Our Message-ID without angle brackets, when the request set one.</summary>
    public string? MessageId => Headers.TryGetValue("Message-ID", out var id) ? id.Trim().Trim('<', '>') : null;

    public static OurMail From(JsonElement request, JsonElement personalization)
    {
        var from = request.GetProperty("from");
        var fromAddress = from.GetProperty("email").GetString()!;
        var replyTo = request.TryGetProperty("reply_to", out var r) && r.TryGetProperty("email", out var re) ? re.GetString() : null;
        var subject = personalization.TryGetProperty("subject", out var ps) ? ps.GetString()
            : request.TryGetProperty("subject", out var s) ? s.GetString() : null;
        var text = request.TryGetProperty("content", out var content)
            ? content.EnumerateArray().FirstOrDefault(c => c.GetProperty("type").GetString() == "text/plain") is { ValueKind: JsonValueKind.Object } plain
                ? plain.GetProperty("value").GetString()
                : null
            : null;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        AddHeaders(headers, request);
        AddHeaders(headers, personalization);
        return new OurMail(fromAddress, from.TryGetProperty("name", out var n) ? n.GetString() : null, replyTo ?? fromAddress, subject ?? "", text ?? "", headers);
    }

    private static void AddHeaders(Dictionary<string, string> headers, JsonElement holder)
    {
        if (holder.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in h.EnumerateObject())
            {
                headers[header.Name] = header.Value.GetString() ?? "";
            }
        }
    }
}
