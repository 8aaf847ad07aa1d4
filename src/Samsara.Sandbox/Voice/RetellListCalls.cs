using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Samsara.Sandbox.Infrastructure;

namespace Samsara.Sandbox.Voice;

/// <summary>
/// Retell <c>POST /v3/list-calls</c> (the legacy v2 list is deprecated since 2026-06-15): typed filter
/// criteria, <c>{ items, has_more, pagination_key }</c>, items without transcripts or recordings (read
/// those per call). Filters the sandbox does not implement are refused with a 400 naming them, so a
/// client relying on one finds out here rather than in production.
/// </summary>
internal static class RetellListCalls
{
    private const int MaxLimit = 1000;

    // v3 list items carry no transcript or recording; a client that needs them must fetch the call.
    private static readonly string[] OmittedFields = ["transcript", "transcript_object", "recording_url"];

    public static IResult List(HttpContext context, CallStore calls, IOptions<SandboxOptions> options, TimeProvider time, RetellProfile profile)
    {
        Query query;
        try
        {
            using var doc = JsonDocument.Parse(ProviderFilter.BodyOf(context) is { Length: > 0 } b ? b : "{}");
            query = Query.Parse(doc.RootElement);
        }
        catch (JsonException)
        {
            return profile.Error(400, "Invalid JSON body");
        }
        catch (FormatException e)
        {
            return profile.Error(400, e.Message);
        }

        var ordered = calls.All(RetellProfile.ProviderName).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
        if (query.Descending)
        {
            ordered.Reverse();
        }

        var matching = ordered.Where(query.Matches).ToList();
        var start = 0;
        if (query.PaginationKey is { } key)
        {
            var at = matching.FindIndex(c => c.Id == key);
            if (at < 0)
            {
                return profile.Error(400, "Invalid pagination_key");
            }

            start = at + 1;
        }

        start += query.Skip;
        var page = matching.Skip(start).Take(query.Limit).ToList();
        var hasMore = start + page.Count < matching.Count;
        var now = time.GetUtcNow();
        var items = page.Select(c =>
        {
            var item = RetellEndpoints.ToCall(c, options.Value, now, context);
            foreach (var field in OmittedFields)
            {
                item.Remove(field);
            }

            return item;
        }).ToList();
        var body = new Dictionary<string, object?> { ["items"] = items, ["has_more"] = hasMore };
        if (hasMore)
        {
            body["pagination_key"] = page[^1].Id;
        }

        if (query.IncludeTotal)
        {
            body["total"] = matching.Count;
        }

        return TypedResults.Json(body, SandboxJson.SnakeCase);
    }

    private sealed record Query(bool Descending, int Limit, int Skip, string? PaginationKey, bool IncludeTotal, List<Func<SimulatedCall, bool>> Filters)
    {
        public bool Matches(SimulatedCall call) => Filters.All(f => f(call));

        public static Query Parse(JsonElement root)
        {
            var descending = !(root.TryGetProperty("sort_order", out var order) && order.GetString() == "ascending");
            var limit = root.TryGetProperty("limit", out var l) && l.TryGetInt32(out var n) ? n : 50;
            if (limit is < 1 or > MaxLimit)
            {
                throw new FormatException($"limit must be between 1 and {MaxLimit}");
            }

            var skip = root.TryGetProperty("skip", out var s) && s.TryGetInt32(out var k) && k > 0 ? k : 0;
            var paginationKey = root.TryGetProperty("pagination_key", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            var includeTotal = root.TryGetProperty("include_total", out var t) && t.ValueKind == JsonValueKind.True;
            var filters = new List<Func<SimulatedCall, bool>>();
            if (root.TryGetProperty("filter_criteria", out var criteria) && criteria.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in criteria.EnumerateObject())
                {
                    filters.Add(field.Name switch
                    {
                        "to_number" => Text(field.Value, c => c.To),
                        "from_number" => Text(field.Value, c => c.From),
                        "call_id" => Text(field.Value, c => c.Id),
                        "metadata" => Metadata(field.Value),
                        _ => throw new FormatException($"filter_criteria.{field.Name} is not supported by the Retell sandbox"),
                    });
                }
            }

            return new Query(descending, limit, skip, paginationKey, includeTotal, filters);
        }

        private static Func<SimulatedCall, bool> Text(JsonElement filter, Func<SimulatedCall, string?> field)
        {
            var type = filter.TryGetProperty("type", out var t) ? t.GetString() : null;
            var op = filter.TryGetProperty("op", out var o) ? o.GetString() : null;
            if (type == "enum" && op == "in" && filter.TryGetProperty("value", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                var values = list.EnumerateArray().Select(v => v.GetString()).ToHashSet(StringComparer.Ordinal);
                return c => values.Contains(field(c));
            }

            if (type != "string" || !filter.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.String)
            {
                throw new FormatException("A string filter needs { type: 'string', op, value }");
            }

            var value = v.GetString()!;
            Func<string, bool> test = op switch
            {
                "eq" => x => x == value,
                "ne" => x => x != value,
                "sw" => x => x.StartsWith(value, StringComparison.Ordinal),
                "ew" => x => x.EndsWith(value, StringComparison.Ordinal),
                "co" => x => x.Contains(value, StringComparison.Ordinal),
                _ => throw new FormatException($"String filter op '{op}' is not one of eq, ne, sw, ew, co"),
            };
            return c => field(c) is { } x && test(x);
        }

        private static Func<SimulatedCall, bool> Metadata(JsonElement filters)
        {
            if (filters.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("filter_criteria.metadata is a list of { key, type, op, value }");
            }

            var tests = filters.EnumerateArray().Select(f =>
            {
                var key = f.TryGetProperty("key", out var k) ? k.GetString() : null;
                if (string.IsNullOrEmpty(key))
                {
                    throw new FormatException("A metadata filter needs a key");
                }

                return Text(f, c => c.Extra["metadata"] is JsonElement { ValueKind: JsonValueKind.Object } m && m.TryGetProperty(key, out var x) ? x.ToString() : null);
            }).ToList();
            return c => tests.All(t => t(c));
        }
    }
}
