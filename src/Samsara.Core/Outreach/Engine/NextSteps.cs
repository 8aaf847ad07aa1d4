using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Sequences;

namespace Samsara.Core.Outreach.Engine;

/// <summary>
/// What follows finished steps, for many enrolments at once: the next step to queue, whether a message step is still
/// to come, and whether the reply window already runs. Steps are read from the definition only when queued, so edits
/// reach candidates for steps they have not had yet; a step (by id) an enrolment already had is never queued again,
/// even if an edit moved it later in the sequence.
/// </summary>
internal sealed class NextSteps
{
    private readonly ILookup<Guid, SequenceStep> _steps;
    private readonly ILookup<Guid, Guid> _had;
    private readonly HashSet<Guid> _timed;

    private NextSteps(ILookup<Guid, SequenceStep> steps, ILookup<Guid, Guid> had, HashSet<Guid> timed) => (_steps, _had, _timed) = (steps, had, timed);

    /// <summary>Reads the definitions, steps had and reply timers of <paramref name="works"/>' enrolments (three queries).</summary>
    public static async Task<NextSteps> LoadAsync(SamsaraDbContext db, IReadOnlyCollection<StepWork> works, CancellationToken ct)
    {
        var definitions = works.Where(w => w.Sequence.DefinitionId != null).Select(w => w.Sequence.DefinitionId!.Value).Distinct().ToList();
        var sequences = works.Select(w => w.Sequence.Id).Distinct().ToList();
        var steps = definitions.Count == 0 ? [] : await db.SequenceSteps.AsNoTracking().Where(s => definitions.Contains(s.DefinitionId)).ToListAsync(ct);
        var had = definitions.Count == 0 ? [] : await db.OutreachSends
            .Where(s => sequences.Contains(s.SequenceId) && s.StepId != null)
            .Select(s => new { s.SequenceId, StepId = s.StepId!.Value }).ToListAsync(ct);
        var timed = await db.OutreachTimers.Where(t => sequences.Contains(t.SequenceId) && t.Kind == TimerKind.ReplyTimeout)
            .Select(t => t.SequenceId).Distinct().ToListAsync(ct);
        return new NextSteps(
            steps.OrderBy(s => s.Index).ToLookup(s => s.DefinitionId),
            had.ToLookup(h => h.SequenceId, h => h.StepId),
            [.. timed]);
    }

    /// <summary>
    /// Queues the step after <paramref name="w"/>'s (due its delay from now) and, when no message step follows and the
    /// candidate awaits a reply, starts the reply window. Inside the caller's transaction, so a step is never done without
    /// its successor being planned.
    /// </summary>
    public void Queue(SamsaraDbContext db, StepWork w, CandidateState stateNow, DateTimeOffset now)
    {
        var send = w.Send;
        var remaining = Remaining(w).ToList();
        if (remaining.FirstOrDefault() is { } next)
        {
            db.OutreachSends.Add(OutreachSchedule.Queue(send.SequenceId, send.ProjectId, PlannedStep.From(next), now, now));
        }

        if (stateNow == CandidateState.AwaitingReply && !_timed.Contains(send.SequenceId) && !remaining.Any(s => s.Channel != StepChannel.AiCall))
        {
            _timed.Add(send.SequenceId);
            db.OutreachTimers.Add(new OutreachTimer
            {
                Id = Guid.CreateVersion7(now),
                SequenceId = send.SequenceId,
                ProjectId = send.ProjectId,
                Kind = TimerKind.ReplyTimeout,
                StepIndex = send.StepIndex,
                DueAt = now + TimeSpan.FromMinutes(w.Project.ReplyWindowMinutes),
                CreatedAt = now,
            });
        }
    }

    /// <summary>The definition's steps after this one that the enrolment has not had, in order.</summary>
    private IEnumerable<SequenceStep> Remaining(StepWork w)
    {
        if (w.Sequence.DefinitionId is not { } definition)
        {
            return [];
        }

        var had = _had[w.Sequence.Id].ToHashSet();
        return _steps[definition].Where(s => s.Index > w.Send.StepIndex && !had.Contains(s.Id));
    }
}
