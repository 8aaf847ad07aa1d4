using System.Text.Json;
using System.Text.Json.Serialization;

namespace Samsara.Web.Api;

/// <summary>
/// Enums in request bodies by name only (case-insensitive), written by name. A number (<c>"status": 99</c>) would bind
/// to a value no switch knows, and a misspelt name should be answered with the names that work, so both fail with a
/// message the caller can act on: <c>'Sms2' is not one of Sms, Email</c>.
/// </summary>
internal sealed class StrictEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        private static readonly string Choices = string.Join(", ", Enum.GetNames<T>());

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"Use one of {Choices} (a name in quotes, not a number).");
            }

            var text = reader.GetString() ?? "";
            // Enum.TryParse would also take "99" and "1, 2": only a defined name is a choice.
            if (Array.Find(Enum.GetNames<T>(), n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)) is { } name)
            {
                return Enum.Parse<T>(name);
            }

            var shown = text.Length > 40 ? text[..40] + "…" : text;
            throw new JsonException($"'{shown}' is not one of {Choices}.");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
