using System.Text.Json;
using System.Text.Json.Serialization;

namespace Samsara.Core.Matching;

/// <summary>One thing a job asks for, as the advert words it ("3 years in a busy kitchen", "HACCP").</summary>
public sealed record JobRequirement(string Text, bool Required);

/// <summary>What a job description asks for; stored as <c>JobDescription.ParsedJson</c>.</summary>
public sealed record JobRequirements(
    string? Title,
    IReadOnlyList<JobRequirement> Requirements,
    Seniority Seniority,
    double? MinYears,
    string? Location,
    bool Remote)
{
    [JsonIgnore]
    public IReadOnlyList<string> RequiredSkills => Requirements.Where(r => r.Required).Select(r => r.Text).ToList();

    [JsonIgnore]
    public IReadOnlyList<string> NiceToHaveSkills => Requirements.Where(r => !r.Required).Select(r => r.Text).ToList();

    public string ToJson() => JsonSerializer.Serialize(this, MatchJson.Options);

    /// <summary>Null also for JSON written before requirements were kept as text; the job is parsed again then.</summary>
    public static JobRequirements? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        var parsed = JsonSerializer.Deserialize<JobRequirements>(json, MatchJson.Options);
        return parsed?.Requirements is null ? null : parsed;
    }
}

internal static class MatchJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
