namespace Samsara.Core.Outreach.Sequences;

/// <summary>
/// A project's outreach sequence as the recruiter built it: ordered steps. Enrolments point at it and read the
/// next step from it when the previous one is done, so editing it changes only steps not yet queued.
/// </summary>
public sealed class SequenceDefinition
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public required string Name { get; set; }

    /// <summary>Enrolments that name no sequence use the project's default one.</summary>
    public bool IsDefault { get; set; }
    public List<SequenceStep> Steps { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One step of a <see cref="SequenceDefinition"/>; <see cref="Index"/> is its place, from 0.</summary>
public sealed class SequenceStep
{
    public Guid Id { get; set; }
    public Guid DefinitionId { get; set; }
    public int Index { get; set; }
    public StepChannel Channel { get; set; }

    /// <summary>The SMS or email template; null for an AI call step.</summary>
    public Guid? TemplateId { get; set; }

    /// <summary>How long after the previous step (or the enrolment, for the first) this step is due.</summary>
    public int DelayMinutes { get; set; }
    public StepCondition Condition { get; set; }
}

public enum StepChannel
{
    Sms,
    Email,

    /// <summary>Hands the candidate to the AI screening call (AI_CALLING); the call itself belongs to the voice engine.</summary>
    AiCall,
}

public enum StepCondition
{
    Always,

    /// <summary>Skipped once the candidate has answered on any channel.</summary>
    OnlyIfNoReply,
    OnlyIfHasEmail,
    OnlyIfHasPhone,
}
