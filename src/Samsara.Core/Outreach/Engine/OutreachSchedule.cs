using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Sequences;

namespace Samsara.Core.Outreach.Engine;

/// <summary>A step as the engine queues it: read from the definition when it is queued, then fixed on the outbox row.</summary>
public sealed record PlannedStep(Guid? StepId, int Index, StepChannel Channel, Guid? TemplateId, int DelayMinutes, StepCondition Condition)
{
    public static PlannedStep From(SequenceStep s) => new(s.Id, s.Index, s.Channel, s.TemplateId, s.DelayMinutes, s.Condition);
}

/// <summary>
/// The first step of an enrolment and the outbox row a step becomes. What follows a finished step is
/// <see cref="NextSteps"/>'s; the outbox row keys on the step's index, which only ever grows.
/// </summary>
public static class OutreachSchedule
{
    public const int FirstStep = 0;

    /// <summary>With no sequence defined: one SMS from the project's first SMS template (else the first global one), due on enrolment.</summary>
    public static readonly PlannedStep BuiltIn = new(null, FirstStep, StepChannel.Sms, null, 0, StepCondition.Always);

    /// <summary>The first step of <paramref name="definitionId"/> (the built-in step with none); null for a definition without steps.</summary>
    public static async Task<PlannedStep?> FirstAsync(SamsaraDbContext db, Guid? definitionId, CancellationToken ct)
    {
        if (definitionId is null)
        {
            return BuiltIn;
        }

        var step = await db.SequenceSteps.AsNoTracking().Where(s => s.DefinitionId == definitionId).OrderBy(s => s.Index).FirstOrDefaultAsync(ct);
        return step is null ? null : PlannedStep.From(step);
    }

    /// <summary>The outbox row for <paramref name="step"/>, due its delay after <paramref name="from"/>.</summary>
    public static OutreachSend Queue(Guid sequenceId, Guid projectId, PlannedStep step, DateTimeOffset from, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        SequenceId = sequenceId,
        ProjectId = projectId,
        StepIndex = step.Index,
        StepId = step.StepId,
        Channel = step.Channel,
        TemplateId = step.TemplateId,
        Condition = step.Condition,
        Status = SendStatus.Pending,
        DueAt = from + TimeSpan.FromMinutes(step.DelayMinutes),
        CreatedAt = now,
        UpdatedAt = now,
    };
}
