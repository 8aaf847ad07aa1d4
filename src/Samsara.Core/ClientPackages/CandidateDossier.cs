using Samsara.Core.CvIntake.Fields;

namespace Samsara.Core.ClientPackages;

/// <summary>One question of the AI screen and what the candidate said.</summary>
public sealed record ScreeningAnswer(string Question, string? Answer, string Verdict);

/// <summary>A moment of the screening call the client reads: the question asked and the candidate's words.</summary>
public sealed record TranscriptExcerpt(string? Asked, string Said);

/// <summary>
/// Everything a client package says about one candidate, read from Samsara's data (never the original file). The
/// anonymiser rewrites a whole dossier, so every PDF and the email are built from the redacted copy only.
/// </summary>
public sealed record CandidateDossier
{
    public Guid CandidateId { get; init; }
    public required string DisplayName { get; init; }
    public string? CurrentTitle { get; init; }
    public string? Location { get; init; }
    public double? YearsExperience { get; init; }
    public string? Summary { get; init; }
    public IReadOnlyList<string> Skills { get; init; } = [];
    public IReadOnlyList<WorkEntry> WorkHistory { get; init; } = [];
    public IReadOnlyList<EducationEntry> Education { get; init; } = [];

    /// <summary>Contact lines of a named (not anonymised) CV.</summary>
    public IReadOnlyList<string> Contact { get; init; } = [];
    public int? Score { get; init; }
    public IReadOnlyList<string> ScoreReasons { get; init; } = [];

    /// <summary>"Pass", "Fail", "Unclear" or null when no AI screen happened.</summary>
    public string? ScreeningOutcome { get; init; }
    public IReadOnlyList<string> ScreeningReasons { get; init; } = [];
    public IReadOnlyList<ScreeningAnswer> Answers { get; init; } = [];
    public string? RecruiterNotes { get; init; }
    public IReadOnlyList<TranscriptExcerpt> Excerpts { get; init; } = [];
    public string? Availability { get; init; }
    public string? SalaryExpectation { get; init; }
    public string? NoticePeriod { get; init; }
}
