using System.ComponentModel.DataAnnotations;

namespace Samsara.Core.Outreach.Sequences;

/// <summary>A sequence as the builder or the API submits it; steps in order.</summary>
public sealed class SequenceInput
{
    [Required, StringLength(200, MinimumLength = 1)]
    public string? Name { get; set; }

    public bool IsDefault { get; set; }

    public List<SequenceStepInput>? Steps { get; set; }
}

public sealed class SequenceStepInput
{
    /// <summary>
    /// The step's id when editing (from the sequence as read): an existing step keeps its identity wherever it moves,
    /// so candidates who already had it do not get it again. Null for a new step.
    /// </summary>
    public Guid? Id { get; set; }

    public StepChannel Channel { get; set; }
    public Guid? TemplateId { get; set; }
    public int DelayMinutes { get; set; }
    public StepCondition Condition { get; set; }
}

public sealed record SequenceStepDto(Guid Id, int Index, StepChannel Channel, Guid? TemplateId, int DelayMinutes, StepCondition Condition);

public sealed record SequenceDto(Guid Id, Guid ProjectId, string Name, bool IsDefault, IReadOnlyList<SequenceStepDto> Steps, DateTimeOffset UpdatedAt)
{
    public static SequenceDto From(SequenceDefinition d) => new(
        d.Id, d.ProjectId, d.Name, d.IsDefault,
        [.. d.Steps.OrderBy(s => s.Index).Select(s => new SequenceStepDto(s.Id, s.Index, s.Channel, s.TemplateId, s.DelayMinutes, s.Condition))],
        d.UpdatedAt);
}
