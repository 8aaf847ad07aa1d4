using System.Text.Json;
using System.Text.Json.Serialization;

namespace Samsara.Core.CvIntake.Fields;

/// <summary>A value read from a CV and how sure the extractor is about it (0-1).</summary>
public sealed record CvField<T>(T Value, double Confidence)
{
    /// <summary>Below this a recruiter should look at the field before relying on it.</summary>
    public const double ReviewThreshold = 0.6;

    [JsonIgnore]
    public bool NeedsReview => Confidence < ReviewThreshold;
}

public sealed record WorkEntry(string? Title, string? Company, string? Start, string? End, bool IsCurrent);

public sealed record EducationEntry(string Text, int? Year);

/// <summary>
/// The structured CV stored in <c>Candidate.CvJson</c>; templates and the ATS field mapping read it,
/// so renaming a property is a breaking change for saved data.
/// </summary>
public sealed class CvDocument
{
    public const int CurrentVersion = 1;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public int Version { get; set; } = CurrentVersion;
    public CvField<string>? FullName { get; set; }
    public CvField<IReadOnlyList<string>>? Emails { get; set; }

    /// <summary>E.164 numbers.</summary>
    public CvField<IReadOnlyList<string>>? Phones { get; set; }

    /// <summary>Numbers in <see cref="Phones"/> that fail validation: kept, and shown as "check this number".</summary>
    public IReadOnlyList<string>? PhonesToCheck { get; set; }
    public CvField<string>? Location { get; set; }
    public CvField<string>? CurrentTitle { get; set; }
    public CvField<double>? YearsExperience { get; set; }
    public CvField<IReadOnlyList<string>>? Skills { get; set; }
    public CvField<IReadOnlyList<EducationEntry>>? Education { get; set; }
    public CvField<IReadOnlyList<WorkEntry>>? WorkHistory { get; set; }
    public CvField<string>? LinkedIn { get; set; }
    public CvField<string>? GitHub { get; set; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static CvDocument? FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<CvDocument>(json, Json);
}
