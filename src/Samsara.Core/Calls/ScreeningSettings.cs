using System.Text.Json;

namespace Samsara.Core.Calls;

/// <summary>A project's AI screening call: the script, the provider, and the rules for recording, voicemail and retries.</summary>
public sealed class ScreeningSettings
{
    public const string DefaultDisclosure = "This call is recorded so the recruiter can review your answers.";

    public Guid ProjectId { get; set; }
    public required string OpeningLine { get; set; }

    /// <summary>The questions (<see cref="ScreeningQuestion"/> list as JSON), in the order they are asked.</summary>
    public required string QuestionsJson { get; set; }

    /// <summary>"vapi", "bland" or "retell".</summary>
    public string Provider { get; set; } = "vapi";

    /// <summary>The provider's assistant (Vapi) or agent (Retell) id; empty uses the account's default.</summary>
    public string? AssistantId { get; set; }
    public int MaxCallMinutes { get; set; } = 10;
    public bool RecordingEnabled { get; set; } = true;
    public string RecordingDisclosure { get; set; } = DefaultDisclosure;
    public VoicemailPolicy VoicemailPolicy { get; set; } = VoicemailPolicy.HangUp;
    public string? VoicemailMessage { get; set; }

    /// <summary>More tries after no answer, busy or voicemail (the first call is not counted).</summary>
    public int MaxRetries { get; set; } = 2;
    public int RetryGapMinutes { get; set; } = 120;
    public DateTimeOffset UpdatedAt { get; set; }

    public IReadOnlyList<ScreeningQuestion> Questions() =>
        JsonSerializer.Deserialize<List<ScreeningQuestion>>(QuestionsJson, JsonSerializerOptions.Web) ?? [];

    /// <summary>What a project that never saved its screening settings uses.</summary>
    public static ScreeningSettings Default(Guid projectId) => new()
    {
        ProjectId = projectId,
        OpeningLine = "Hi {{ candidate.first_name }}, this is an assistant calling for {{ project.client_name }} about a role you may like.",
        QuestionsJson = JsonSerializer.Serialize(DefaultQuestions, JsonSerializerOptions.Web),
    };

    public static readonly IReadOnlyList<ScreeningQuestion> DefaultQuestions =
    [
        new("Are you open to a new role?", "no"),
        new("Are you available within a month?", null),
        new("Do you have the right to work here?", "no"),
    ];
}

/// <summary>One screening question; when <see cref="KnockOutAnswer"/> is set, a candidate answering that fails the screen.</summary>
public sealed record ScreeningQuestion(string Text, string? KnockOutAnswer);

public enum VoicemailPolicy
{
    HangUp,
    LeaveMessage,
}
