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
/// Which step comes next for an enrolment. Steps are read from the definition only when they are queued, so edits
/// reach candidates for steps they have not had yet; a step (by id) they already had is never queued again, even
/// if an edit moved it later in the sequence. The outbox row keys on the step's index, which only ever grows.
/// </summary>
public static class OutreachSchedule
{
    public const int FirstStep = 0;

    /// <summary>With no sequence defined: one SMS from the project's first SMS template (else the first global one), due on enrolment.</summary>
    public static readonly PlannedStep BuiltIn = new(null, FirstStep, StepChannel.Sms, null, 0, StepCondition.Always);

    public static async Task<PlannedStep?> FirstAsync(SamsaraDbContext db, Guid? definitionId, CancellationToken ct) =>
        definitionId is null ? BuiltIn : await NextAsync(db, definitionId, Guid.Empty, afterIndex: -1, ct);

    /// <summary>The first step after <paramref name="afterIndex"/> the enrolment has not had; null when the sequence is done.</summary>
    public static async Task<PlannedStep?> NextAsync(SamsaraDbContext db, Guid? definitionId, Guid sequenceId, int afterIndex, CancellationToken ct)
    {
        if (definitionId is null)
        {
            return null;
        }

        var had = await db.OutreachSends.Where(s => s.SequenceId == sequenceId && s.StepId != null).Select(s => s.StepId!.Value).ToListAsync(ct);
        var step = await db.SequenceSteps.AsNoTracking()
            .Where(s => s.DefinitionId == definitionId && s.Index > afterIndex && !had.Contains(s.Id))
            .OrderBy(s => s.Index)
            .FirstOrDefaultAsync(ct);
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

    /// <summary>Whether another message step follows (so the reply window waits for the last one).</summary>
    public static async Task<bool> MessageStepFollowsAsync(SamsaraDbContext db, Guid? definitionId, Guid sequenceId, int afterIndex, CancellationToken ct)
    {
        if (definitionId is null)
        {
            return false;
        }

        var had = await db.OutreachSends.Where(s => s.SequenceId == sequenceId && s.StepId != null).Select(s => s.StepId!.Value).ToListAsync(ct);
        return await db.SequenceSteps.AnyAsync(
            s => s.DefinitionId == definitionId && s.Index > afterIndex && s.Channel != StepChannel.AiCall && !had.Contains(s.Id), ct);
    }
}
