using System.Text.Json;

namespace Samsara.Core.Matching;

/// <summary>What a job description asks for; stored as <c>JobDescription.ParsedJson</c>.</summary>
public sealed record JobRequirements(
    string? Title,
    IReadOnlyList<string> RequiredSkills,
    IReadOnlyList<string> NiceToHaveSkills,
    Seniority Seniority,
    double? MinYears,
    string? Location,
    bool Remote)
{
    public string ToJson() => JsonSerializer.Serialize(this, MatchJson.Options);

    public static JobRequirements? FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<JobRequirements>(json, MatchJson.Options);
}

internal static class MatchJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
