using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NJsonSchema;

namespace Samsara.Tests.Sandbox.Contract;

/// <summary>One provider's OpenAPI document, with its operations matched by method and path.</summary>
internal sealed class ProviderSpec
{
    private readonly JsonObject _document;
    private readonly SchemaConverter _converter;
    private readonly List<(string Template, Regex Pattern, int Literals)> _paths;
    private readonly ConcurrentDictionary<string, Lazy<JsonSchema>> _schemas = new(StringComparer.Ordinal);

    public ProviderSpec(string name, JsonObject document)
    {
        Name = name;
        _document = document;
        _converter = new SchemaConverter(document);
        _paths = [.. ((JsonObject)document["paths"]!).Select(p => (p.Key, PathPattern(p.Key), p.Key.Count(c => c != '{')))];
    }

    public string Name { get; }

    /// <summary>The operation for a request path (relative to the provider's API root), or null.</summary>
    public Operation? Find(string method, string path)
    {
        var match = _paths.Where(p => p.Pattern.IsMatch(path)).OrderByDescending(p => p.Literals).FirstOrDefault();
        if (match.Template is null)
        {
            return null;
        }

        var item = (JsonObject)_document["paths"]![match.Template]!;
        return item[method.ToLowerInvariant()] is JsonObject op ? new Operation(this, match.Template, item, op) : null;
    }

    /// <summary>Follows a local <c>$ref</c> (responses, parameters, request bodies) to its target.</summary>
    public JsonNode? Deref(JsonNode? node)
    {
        for (var hops = 0; node is JsonObject obj && obj["$ref"]?.GetValue<string>() is { } reference && hops < 10; hops++)
        {
            node = Pointer(reference);
        }

        return node;
    }

    /// <summary>A validator for a schema node of this document, built once and cached.</summary>
    public JsonSchema Schema(JsonNode schema) =>
        _schemas.GetOrAdd(schema.GetPath(), _ => new Lazy<JsonSchema>(() =>
            JsonSchema.FromJsonAsync(_converter.Standalone(schema).ToJsonString()).GetAwaiter().GetResult())).Value;

    private JsonNode? Pointer(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Only local refs are supported: {reference}");
        }

        JsonNode? node = _document;
        foreach (var raw in reference[2..].Split('/'))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node?[segment];
        }

        return node;
    }

    private static Regex PathPattern(string template) =>
        new("^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+}", "[^/]+") + "$", RegexOptions.CultureInvariant);
}

/// <summary>An operation of a spec: its parameters, request body and responses.</summary>
internal sealed record Operation(ProviderSpec Spec, string Template, JsonObject PathItem, JsonObject Definition)
{
    public IEnumerable<JsonObject> Parameters(string location) =>
        new[] { PathItem["parameters"], Definition["parameters"] }
            .OfType<JsonArray>()
            .SelectMany(list => list)
            .Select(p => Spec.Deref(p))
            .OfType<JsonObject>()
            .Where(p => p["in"]?.GetValue<string>() == location);

    public JsonObject? RequestContent(string mediaType) =>
        Spec.Deref(Definition["requestBody"])?["content"]?[mediaType] as JsonObject;

    public IEnumerable<string> RequestMediaTypes() =>
        (Spec.Deref(Definition["requestBody"])?["content"] as JsonObject)?.Select(c => c.Key) ?? [];

    /// <summary>The declared response for a status: exact code, then <c>4XX</c>-style ranges, then <c>default</c>.</summary>
    public JsonObject? Response(int status)
    {
        var responses = Definition["responses"] as JsonObject;
        var declared = responses?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            ?? responses?[$"{status / 100}XX"]
            ?? responses?["default"];
        return Spec.Deref(declared) as JsonObject;
    }
}
