using System.Text.Json;
using System.Text.Json.Serialization;

namespace Samsara.Core.Matching;

public enum RequirementStatus
{
    /// <summary>Most of its words are on one CV line, which is quoted.</summary>
    Found,

    /// <summary>No word match, but a CV passage close in meaning, which is quoted.</summary>
    Related,

    Missing,
}

/// <summary>One JD requirement and the CV's evidence for it.</summary>
/// <param name="Marks">Start and length of each matching word inside <paramref name="Quote"/>, for highlighting.</param>
public sealed record RequirementEvidence(string Requirement, bool Required, RequirementStatus Status, string? Quote, IReadOnlyList<int[]>? Marks);

/// <summary>Why a candidate scored what they did, in terms a recruiter can check against the CV.</summary>
/// <param name="SemanticReady">False until the CV's passages are embedded; the score then counts words only ("scoring…").</param>
/// <param name="SemanticNote">Why meaning is not scored and will not be (the CV failed to embed, or has no text); null otherwise.</param>
public sealed record MatchExplanation(
    IReadOnlyList<RequirementEvidence> Requirements,
    string? BestPassage,
    bool SemanticReady,
    string SeniorityFit,
    string LocationFit,
    int CoveragePoints,
    int SemanticPoints,
    int SeniorityPoints,
    int LocationPoints,
    string? SemanticNote = null)
{
    /// <summary>Required items found in words (kept under its old name for API clients).</summary>
    [JsonPropertyOrder(100)]
    public IReadOnlyList<string> MatchedSkills => Pick(true, RequirementStatus.Found);

    [JsonPropertyOrder(101)]
    public IReadOnlyList<string> MissingRequiredSkills => Pick(true, RequirementStatus.Missing);

    [JsonPropertyOrder(102)]
    public IReadOnlyList<string> MatchedNiceToHave => Pick(false, RequirementStatus.Found);

    public string ToJson() => JsonSerializer.Serialize(this, MatchJson.Options);

    /// <summary>Null also for explanations stored by the old dictionary scorer; they are recomputed.</summary>
    public static MatchExplanation? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        var parsed = JsonSerializer.Deserialize<MatchExplanation>(json, MatchJson.Options);
        return parsed?.Requirements is null ? null : parsed;
    }

    private List<string> Pick(bool required, RequirementStatus status) =>
        Requirements.Where(r => r.Required == required && r.Status == status).Select(r => r.Requirement).ToList();
}

public sealed record MatchResult(int Score, MatchExplanation Explanation);
