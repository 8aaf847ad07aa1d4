using System.Text.Json.Nodes;

namespace Samsara.Tests.Sandbox.Contract;

/// <summary>
/// Rewrites an OpenAPI (3.0 or 3.1) schema into plain JSON Schema for NJsonSchema: component refs
/// become <c>#/definitions/…</c> (collected transitively), <c>nullable</c> becomes a null type,
/// <c>const</c> becomes a one-value enum, and annotations that validators misread are dropped.
/// </summary>
internal sealed class SchemaConverter(JsonObject document)
{
    private const string ComponentPrefix = "#/components/schemas/";

    private static readonly HashSet<string> Dropped =
        ["description", "example", "examples", "discriminator", "deprecated", "xml", "externalDocs", "readOnly", "writeOnly", "title", "$schema", "nullable", "const"];

    private static readonly HashSet<string> SchemaMaps = ["properties", "patternProperties", "definitions", "$defs"];
    private static readonly HashSet<string> SchemaArrays = ["allOf", "anyOf", "oneOf", "prefixItems"];
    private static readonly HashSet<string> SingleSchemas = ["items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"];

    public JsonObject Standalone(JsonNode schema)
    {
        var needed = new Queue<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var root = Convert(schema, needed, seen) as JsonObject ?? new JsonObject { ["allOf"] = new JsonArray(Convert(schema, needed, seen)) };
        var definitions = new JsonObject();
        var components = document["components"]?["schemas"] as JsonObject
            ?? throw new InvalidOperationException("The spec has no components.schemas");
        while (needed.TryDequeue(out var name))
        {
            var component = components[name] ?? throw new InvalidOperationException($"Missing component schema {name}");
            definitions[name] = Convert(component, needed, seen);
        }

        root["definitions"] = definitions;
        return root;
    }

    private JsonNode? Convert(JsonNode? node, Queue<string> needed, HashSet<string> seen)
    {
        if (node is not JsonObject obj)
        {
            return node?.DeepClone();
        }

        if (obj["allOf"] is JsonArray parts && (IsClosed(obj) || parts.Any(p => IsClosed(Resolve(p)))))
        {
            return Convert(Flatten(obj), needed, seen);
        }

        var nullable = obj["nullable"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        JsonObject result;
        if (obj["$ref"]?.GetValue<string>() is { } reference)
        {
            if (!reference.StartsWith(ComponentPrefix, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Unsupported $ref {reference}");
            }

            var name = reference[ComponentPrefix.Length..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (seen.Add(name))
            {
                needed.Enqueue(name);
            }

            result = new JsonObject { ["$ref"] = "#/definitions/" + name };
        }
        else
        {
            result = [];
            foreach (var (key, value) in obj)
            {
                if (Dropped.Contains(key) || key.StartsWith("x-", StringComparison.Ordinal))
                {
                    continue;
                }

                result[key] = key switch
                {
                    _ when SchemaMaps.Contains(key) && value is JsonObject map =>
                        new JsonObject(map.Select(p => KeyValuePair.Create(p.Key, Convert(p.Value, needed, seen)))),
                    _ when SchemaArrays.Contains(key) && value is JsonArray list => new JsonArray([.. list.Select(s => Convert(s, needed, seen))]),
                    _ when SingleSchemas.Contains(key) => Convert(value, needed, seen),
                    _ => value?.DeepClone(),
                };
            }

            if (obj.TryGetPropertyValue("const", out var constant))
            {
                result["enum"] = new JsonArray(constant?.DeepClone());
            }
        }

        if (!nullable)
        {
            return result;
        }

        if (result["type"] is JsonValue type && result["$ref"] is null)
        {
            result["type"] = new JsonArray(type.GetValue<string>(), "null");
            if (result["enum"] is JsonArray values)
            {
                values.Add(null);
            }

            return result;
        }

        return new JsonObject { ["anyOf"] = new JsonArray(result, new JsonObject { ["type"] = "null" }) };
    }

    private static bool IsClosed(JsonNode? schema) =>
        schema?["additionalProperties"]?.GetValueKind() == System.Text.Json.JsonValueKind.False;

    private JsonNode? Resolve(JsonNode? schema) =>
        schema?["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith(ComponentPrefix, StringComparison.Ordinal)
            ? document["components"]?["schemas"]?[reference[ComponentPrefix.Length..]]
            : schema;

    /// <summary>
    /// Specs write "these properties and no others" as <c>allOf</c> of closed parts, which strict JSON
    /// Schema reads as "no properties at all" (each part rejects the others' fields). The intent
    /// (unevaluatedProperties) is restored by merging the parts into one closed object.
    /// </summary>
    private JsonObject Flatten(JsonObject schema)
    {
        var properties = new JsonObject();
        var required = new HashSet<string>(StringComparer.Ordinal);
        void Collect(JsonNode? part)
        {
            if (Resolve(part) is not JsonObject resolved)
            {
                return;
            }

            foreach (var (name, property) in resolved["properties"] as JsonObject ?? [])
            {
                properties[name] ??= property?.DeepClone();
            }

            foreach (var name in resolved["required"] as JsonArray ?? [])
            {
                required.Add(name!.GetValue<string>());
            }

            foreach (var nested in resolved["allOf"] as JsonArray ?? [])
            {
                Collect(nested);
            }
        }

        Collect(new JsonObject { ["properties"] = schema["properties"]?.DeepClone(), ["required"] = schema["required"]?.DeepClone() });
        foreach (var part in (JsonArray)schema["allOf"]!)
        {
            Collect(part);
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray([.. required.Select(r => (JsonNode?)JsonValue.Create(r))]),
            ["additionalProperties"] = false,
        };
    }
}
