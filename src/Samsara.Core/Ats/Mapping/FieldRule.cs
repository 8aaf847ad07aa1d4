using System.Text.Json;
using System.Text.Json.Serialization;

namespace Samsara.Core.Ats.Mapping;

/// <summary>The ATS products Samsara knows; <see cref="Generic"/> is any other, mapped by pointing at its form.</summary>
public enum AtsVendor
{
    Bullhorn,
    JobAdder,
    Vincere,
    Generic,
}

/// <summary>What happens to a source value on its way into an ATS field.</summary>
public enum AtsTransform
{
    /// <summary>The value as it is (several values joined with ", ").</summary>
    None,
    FirstName,
    LastName,
    PhoneE164,
    PhoneNational,
    FirstEmail,
    Join,
    Date,
    Trim,
    Upper,
    Lower,
    Fixed,
    Lookup,
}

/// <summary>
/// One ATS field's rule: where the value comes from and how it is shaped. Options apply to the transform that
/// reads them (Region for phones, Separator for Join, Format for Date, Value for Fixed, Table/Fallback for Lookup).
/// </summary>
public sealed record FieldRule
{
    public string? Source { get; init; }
    public AtsTransform Transform { get; init; }
    public string? Region { get; init; }
    public string? Separator { get; init; }
    public string? Format { get; init; }
    public string? Value { get; init; }
    public IReadOnlyDictionary<string, string>? Table { get; init; }
    public string? Fallback { get; init; }

    /// <summary>A CSS selector saved by the extension's "Pick fields" mode (generic mappings).</summary>
    public string? Selector { get; init; }

    /// <summary>The field's label as the page shows it, the first thing the extension looks for.</summary>
    public string? Label { get; init; }
}

/// <summary>The stored form of a mapping's rules, in the order the recruiter arranged them.</summary>
public static class FieldMap
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string ToJson(IReadOnlyDictionary<string, FieldRule> rules) => JsonSerializer.Serialize(rules, Json);

    public static Dictionary<string, FieldRule> FromJson(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, FieldRule>>(json, Json) ?? [];
}
