using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Samsara.Tests.Sandbox.Contract;

/// <summary>
/// Checks an exchange against a provider's spec: the operation exists, query and form/JSON fields are
/// declared, the request body and the response body validate against their schemas, and the status is
/// declared. Error statuses a spec leaves out are checked against the shape in provider-apis.md.
/// </summary>
internal static class ContractChecker
{
    /// <summary>Twilio's error body (provider-apis.md §1); the spec documents no error responses.</summary>
    private static readonly JsonObject TwilioError = Object(
        ("code", "integer"), ("message", "string"), ("more_info", "string"), ("status", "integer"));

    /// <summary>Deepgram's error body (provider-apis.md §6).</summary>
    private static readonly JsonObject DeepgramError = Object(("err_code", "string"), ("err_msg", "string"), ("request_id", "string"));

    public static IReadOnlyList<string> Problems(ProviderSpec spec, string mountPath, HttpExchange exchange)
    {
        var problems = new List<string>();
        var path = exchange.Uri.AbsolutePath;
        if (!path.StartsWith(mountPath, StringComparison.Ordinal))
        {
            return [$"{exchange.Uri} is not under {mountPath}"];
        }

        var relative = path[mountPath.Length..];
        var operation = spec.Find(exchange.Method, relative);
        if (operation is null)
        {
            return [$"{spec.Name}: no operation {exchange.Method} {relative}"];
        }

        var label = $"{spec.Name} {exchange.Method} {operation.Template}";
        CheckQuery(operation, exchange, label, problems);
        CheckRequestBody(operation, exchange, label, problems);
        if (exchange.Status != 0)
        {
            CheckResponse(operation, exchange, label, problems);
        }

        return problems;
    }

    private static void CheckQuery(Operation operation, HttpExchange exchange, string label, List<string> problems)
    {
        var declared = operation.Parameters("query").Select(p => p["name"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        foreach (var name in QueryHelpers.ParseQuery(exchange.Uri.Query).Keys.Where(k => !declared.Contains(k)))
        {
            problems.Add($"{label}: query parameter '{name}' is not in the spec");
        }
    }

    private static void CheckRequestBody(Operation operation, HttpExchange exchange, string label, List<string> problems)
    {
        if (exchange.RequestBody.Length == 0 || exchange.RequestMediaType is null)
        {
            return;
        }

        var media = exchange.RequestMediaType;
        var content = operation.RequestContent(media);
        if (content is null)
        {
            // Raw audio is documented for Deepgram and AssemblyAI uploads even where the spec lists one type.
            if (!media.StartsWith("audio/", StringComparison.Ordinal))
            {
                problems.Add($"{label}: request media type {media} not in the spec ({string.Join(", ", operation.RequestMediaTypes())})");
            }

            return;
        }

        if (content["schema"] is not JsonObject schemaNode || media == "application/octet-stream")
        {
            return;
        }

        var schema = operation.Spec.Schema(schemaNode);
        JsonNode? body = media == "application/x-www-form-urlencoded"
            ? FormAsJson(exchange.RequestBody, schema)
            : JsonNode.Parse(exchange.RequestBody);
        foreach (var name in (body as JsonObject)?.Select(p => p.Key) ?? [])
        {
            if (!DeclaresProperty(schema, name))
            {
                problems.Add($"{label}: request field '{name}' is not in the spec");
            }
        }

        problems.AddRange(Validate(schema, body?.ToJsonString() ?? "null").Select(e => $"{label}: request {e}"));
    }

    private static void CheckResponse(Operation operation, HttpExchange exchange, string label, List<string> problems)
    {
        var response = operation.Response(exchange.Status);
        JsonSchema? schema = null;
        if (response is null)
        {
            var documented = operation.Spec.Name switch
            {
                "twilio" when exchange.Status >= 400 => TwilioError,
                "deepgram" when exchange.Status >= 400 => DeepgramError,
                _ => null,
            };
            if (documented is null)
            {
                problems.Add($"{label}: status {exchange.Status} is not declared in the spec");
                return;
            }

            schema = JsonSchema.FromJsonAsync(documented.ToJsonString()).GetAwaiter().GetResult();
        }
        else if (response["content"] is JsonObject content)
        {
            var json = content.FirstOrDefault(c => c.Key.Contains("json", StringComparison.Ordinal)).Value as JsonObject;
            if (json?["schema"] is JsonObject schemaNode)
            {
                schema = operation.Spec.Schema(schemaNode);
            }
        }

        if (schema is null)
        {
            if (exchange.ResponseBody.Length > 0 && response?["content"] is null)
            {
                problems.Add($"{label}: status {exchange.Status} has no body in the spec but one was returned");
            }

            return;
        }

        if (exchange.ResponseMediaType?.Contains("json", StringComparison.Ordinal) != true)
        {
            problems.Add($"{label}: response media type {exchange.ResponseMediaType} is not JSON");
            return;
        }

        problems.AddRange(Validate(schema, exchange.ResponseBody).Select(e => $"{label}: response {exchange.Status} {e}"));
    }

    private static IEnumerable<string> Validate(JsonSchema schema, string json) =>
        schema.Validate(json).SelectMany(Describe);

    private static IEnumerable<string> Describe(ValidationError error)
    {
        yield return $"{error.Kind} at {error.Path}";
        if (error is ChildSchemaValidationError child)
        {
            foreach (var nested in child.Errors.SelectMany(e => e.Value).SelectMany(Describe))
            {
                yield return "  " + nested;
            }
        }
    }

    /// <summary>Form fields as JSON, typed by the schema (forms carry only strings; repeated fields make arrays).</summary>
    private static JsonObject FormAsJson(string form, JsonSchema schema)
    {
        var result = new JsonObject();
        foreach (var (key, values) in QueryHelpers.ParseQuery(form))
        {
            var property = FindProperty(schema, key);
            var type = property?.ActualSchema.Type ?? JsonObjectType.String;
            result[key] = type.HasFlag(JsonObjectType.Array)
                ? new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))])
                : Typed(values.ToString(), type);
        }

        return result;
    }

    private static JsonValue? Typed(string value, JsonObjectType type) =>
        type.HasFlag(JsonObjectType.Integer) && long.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var i) ? JsonValue.Create(i)
        : type.HasFlag(JsonObjectType.Number) && double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d)
        : type.HasFlag(JsonObjectType.Boolean) && bool.TryParse(value, out var b) ? JsonValue.Create(b)
        : JsonValue.Create(value);

    private static bool DeclaresProperty(JsonSchema schema, string name) => FindProperty(schema, name) is not null
        || !AllParts(schema.ActualSchema).Any(s => s.Properties.Count > 0);

    private static JsonSchemaProperty? FindProperty(JsonSchema schema, string name) =>
        AllParts(schema.ActualSchema).Select(s => s.Properties.TryGetValue(name, out var p) ? p : null).FirstOrDefault(p => p is not null);

    private static IEnumerable<JsonSchema> AllParts(JsonSchema schema)
    {
        yield return schema;
        foreach (var part in schema.AllOf.Concat(schema.AnyOf).Concat(schema.OneOf).SelectMany(s => AllParts(s.ActualSchema)))
        {
            yield return part;
        }
    }

    private static JsonObject Object(params (string Name, string Type)[] properties) => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray([.. properties.Select(p => (JsonNode?)JsonValue.Create(p.Name))]),
        ["properties"] = new JsonObject(properties.Select(p => KeyValuePair.Create(p.Name, (JsonNode?)new JsonObject { ["type"] = p.Type }))),
    };
}
