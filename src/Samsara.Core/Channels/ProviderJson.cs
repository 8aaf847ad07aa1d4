using System.Text.Json;

namespace Samsara.Core.Channels;

/// <summary>Serializer settings for the providers' wire formats.</summary>
internal static class ProviderJson
{
    public static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static readonly JsonSerializerOptions CamelCase = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Reads a string property of a JSON error body, or null when the body is not that shape.</summary>
    public static string? TryString(string body, string property)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                   && doc.RootElement.TryGetProperty(property, out var value)
                ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public const int MaxErrorMessageLength = 300;

    /// <summary>
    /// The provider's own error message from an error body (<c>message</c>, <c>error</c>, <c>detail</c>, <c>errors[0]</c>),
    /// clipped and free of control characters; null when the body carries none. Never the raw body: an HTML page or
    /// whatever else a host answers (echoed headers, reflected input) stays out of statuses and logs.
    /// </summary>
    public static string? ErrorMessage(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return Clip(Find(doc.RootElement, depth: 0));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A provider's message as safe to show: control characters dropped, at most <see cref="MaxErrorMessageLength"/> characters.</summary>
    public static string? Clip(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return null;
        }

        var clean = new string([.. message.Where(c => !char.IsControl(c))]).Trim();
        return clean.Length <= MaxErrorMessageLength ? clean : clean[..MaxErrorMessageLength] + "…";
    }

    private static string? Find(JsonElement element, int depth)
    {
        if (depth > 2)
        {
            return null;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Array:
                return element.GetArrayLength() > 0 ? Find(element[0], depth + 1) : null;
            case JsonValueKind.Object:
                foreach (var name in (string[])["message", "error_message", "error", "detail", "errors"])
                {
                    if (element.TryGetProperty(name, out var value) && Find(value, depth + 1) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
