using Microsoft.EntityFrameworkCore;
using Samsara.Core.Common;
using Samsara.Core.Data;
using Samsara.Core.Projects;

namespace Samsara.Core.Outreach;

/// <summary>Enrolment and the candidate state machine: every move validated and written with its event row.</summary>
public sealed class OutreachService(IDbContextFactory<SamsaraDbContext> dbFactory, TimeProvider clock, ChangeFeed changes)
{
    public Task<EnrolResult?> EnrolAsync(Guid projectId, EnrolRequest request, string actor, CancellationToken ct = default) =>
        EnrolAsync(projectId, request, actor, attempt: 1, ct);

    private async Task<EnrolResult?> EnrolAsync(Guid projectId, EnrolRequest request, string actor, int attempt, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct))
        {
            return null;
        }

        var candidates = db.Candidates.Where(c => c.ProjectId == projectId);
        if (request.All != true)
        {
            var ids = request.CandidateIds ?? [];
            candidates = candidates.Where(c => ids.Contains(c.Id));
        }

        if (request.MinScore is int minScore)
        {
            candidates = candidates.Where(c => db.CvJdMatches.Any(m => m.CandidateId == c.Id && m.Score >= minScore));
        }

        var definitionId = request.SequenceId;
        if (definitionId is { } wanted)
        {
            if (!await db.SequenceDefinitions.AnyAsync(d => d.Id == wanted && d.ProjectId == projectId, ct))
            {
                throw new InputValidationException(new Dictionary<string, string[]> { ["sequenceId"] = ["No such sequence in this project."] });
            }
        }
        else
        {
            definitionId = await db.SequenceDefinitions.Where(d => d.ProjectId == projectId && d.IsDefault).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(ct);
        }

        var first = await Engine.OutreachSchedule.FirstAsync(db, definitionId, ct) ?? Engine.OutreachSchedule.BuiltIn;
        var found = await candidates.Select(c => c.Id).ToListAsync(ct);
        var already = await db.OutreachSequences.Where(s => s.ProjectId == projectId && found.Contains(s.CandidateId)).Select(s => s.CandidateId).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var fresh = found.Except(already).ToList();
        foreach (var candidateId in fresh)
        {
            var sequence = new OutreachSequence
            {
                Id = Guid.CreateVersion7(now),
                ProjectId = projectId,
                CandidateId = candidateId,
                DefinitionId = definitionId,
                Status = CandidateState.Pending,
                StartedAt = now,
                StateChangedAt = now,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.OutreachSequences.Add(sequence);
            db.OutreachEvents.Add(NewEvent(sequence.Id, null, CandidateState.Pending, "Enrolled in outreach", actor, now));
            // The sequence's first step is queued with the enrolment, so the engine finds it even after a crash here.
            db.OutreachSends.Add(Engine.OutreachSchedule.Queue(sequence.Id, projectId, first, now, now));
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (attempt < 3)
        {
            // Another request enrolled some of them in the meantime; the unique key kept one sequence each.
            return await EnrolAsync(projectId, request, actor, attempt + 1, ct);
        }

        await ProjectService.TouchAsync(db, projectId, now, ct);
        var missing = request.All == true ? [] : (request.CandidateIds ?? []).Except(found).ToList();
        changes.Publish(projectId, "outreach");
        return new EnrolResult(fresh.Count, already.Count, missing);
    }

    /// <summary>Moves a candidate to <paramref name="to"/> if the state machine allows it from where they are now.</summary>
    public async Task<TransitionResult> TransitionAsync(Guid projectId, Guid candidateId, CandidateState to, string reason, string actor, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new InputValidationException(new Dictionary<string, string[]> { ["reason"] = ["Say why the candidate moves."] });
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sequence = await db.OutreachSequences.AsNoTracking().SingleOrDefaultAsync(s => s.ProjectId == projectId && s.CandidateId == candidateId, ct);
        if (sequence is null)
        {
            return TransitionResult.NotEnrolled;
        }

        var from = sequence.Status;
        if (!CandidateStateMachine.CanMove(from, to))
        {
            return TransitionResult.Illegal(from, to);
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await MoveInAsync(db, sequence.Id, from, to, reason.Trim(), actor, now, ct))
        {
            return TransitionResult.Conflict;
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await ProjectService.TouchAsync(db, projectId, now, ct);
        changes.Publish(projectId, "outreach");
        return TransitionResult.Moved(from, to);
    }

    /// <summary>Pauses, resumes, stops or restarts one candidate, or every candidate of the project when none is given.</summary>
    public async Task<int> ControlAsync(Guid projectId, Guid? candidateId, OutreachControl control, string actor, CancellationToken ct = default) =>
        (await ControlManyAsync(projectId, candidateId is { } one ? new Listing.OutreachSelection([one]) : Listing.OutreachSelection.Everyone, control, actor, ct)).Changed;

    /// <summary>
    /// Applies <paramref name="control"/> to the selected candidates it changes, each with an event row; returns exactly
    /// which enrolments changed, so a stop can be undone for those and no others.
    /// </summary>
    public async Task<Listing.BulkResult> ControlManyAsync(Guid projectId, Listing.OutreachSelection selection, OutreachControl control, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var targets = await Listing.OutreachListing.Applicable(Listing.OutreachListing.Selected(db, projectId, selection), control).ToListAsync(ct);
        var reason = control switch
        {
            OutreachControl.Pause => "Paused",
            OutreachControl.Resume => "Resumed",
            OutreachControl.Stop => "Stopped by recruiter",
            OutreachControl.Restart => "Restarted by recruiter",
        };
        var stoppedSince = targets.ToDictionary(s => s.Id, s => s.StoppedAt);
        foreach (var s in targets)
        {
            s.IsPaused = control == OutreachControl.Pause;
            s.StoppedAt = control == OutreachControl.Stop ? now : null;
            s.UpdatedAt = now;
            db.OutreachEvents.Add(NewEvent(s.Id, s.Status, s.Status, reason, actor, now));
        }

        var changed = targets.Select(s => s.Id).ToList();
        if (control == OutreachControl.Restart)
        {
            await ReopenReplyWindowsAsync(db, [.. targets.Where(s => s.Status == CandidateState.AwaitingReply).Select(s => s.Id)], stoppedSince, now, ct);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (control == OutreachControl.Stop && changed.Count > 0)
        {
            // A stopped sequence's queued send is skipped when claimed, before pacing: the slot it reserved goes back now.
            await Engine.Pacing.SlotRelease.ReleaseAsync(db, db.OutreachSends
                .Where(x => changed.Contains(x.SequenceId) && x.Status == Engine.SendStatus.Pending)
                .Select(x => x.Id), ct);
        }

        if (control == OutreachControl.Restart && changed.Count > 0)
        {
            // A step the engine skipped because of the stop goes out again; the gate re-checks everything else.
            await db.OutreachSends
                .Where(x => changed.Contains(x.SequenceId) && x.Status == Engine.SendStatus.Skipped && x.Reason == Engine.StepGate.StoppedReason && x.AttemptedAt == null)
                .ExecuteUpdateAsync(x => x
                    .SetProperty(p => p.Status, Engine.SendStatus.Pending)
                    .SetProperty(p => p.DueAt, now)
                    .SetProperty(p => p.ClaimedBy, (string?)null)
                    .SetProperty(p => p.LeaseExpiresAt, (DateTimeOffset?)null)
                    .SetProperty(p => p.Reason, (string?)null)
                    .SetProperty(p => p.UpdatedAt, now), ct);
        }

        await tx.CommitAsync(ct);
        if (changed.Count > 0)
        {
            changes.Publish(projectId, "outreach");
        }

        return new Listing.BulkResult(changed.Count, changed);
    }

    /// <summary>
    /// A reply window that ran out while the candidate was stopped was cancelled by the timer pass (nothing to time out
    /// for a stopped candidate); restarted, they would wait for a reply for ever. Their last window timer opens again,
    /// due now at the earliest, and the next pass decides as for any timer (state, pause, quiet hours).
    /// </summary>
    private static async Task ReopenReplyWindowsAsync(SamsaraDbContext db, List<Guid> awaiting, Dictionary<Guid, DateTimeOffset?> stoppedSince, DateTimeOffset now, CancellationToken ct)
    {
        if (awaiting.Count == 0)
        {
            return;
        }

        var timers = await db.OutreachTimers.Where(t => awaiting.Contains(t.SequenceId) && t.Kind == Engine.TimerKind.ReplyTimeout && t.FiredAt == null).ToListAsync(ct);
        foreach (var group in timers.GroupBy(t => t.SequenceId))
        {
            var last = group.MaxBy(t => t.StepIndex)!;
            if (group.All(t => t.CancelledAt is not null) && stoppedSince[group.Key] is { } stopped && last.CancelledAt >= stopped)
            {
                last.CancelledAt = null;
                last.DueAt = last.DueAt > now ? last.DueAt : now;
                Engine.EngineLedger.Add(db, last.ProjectId, last.SequenceId, last.StepIndex, Engine.LedgerKind.Deferred, "Reply window ran out while stopped; timed out again on restart", now);
            }
        }
    }

    public async Task<IReadOnlyList<OutreachRow>?> ListAsync(Guid projectId, CandidateState? state = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct))
        {
            return null;
        }

        var rows = await (
            from s in db.OutreachSequences
            join c in db.Candidates on s.CandidateId equals c.Id
            where s.ProjectId == projectId && (state == null || s.Status == state)
            select new { s.Id, s.CandidateId, c.FullName, c.Email, c.Phone, s.Status, s.IsPaused, s.StoppedAt, s.StateChangedAt, s.UpdatedAt })
            .ToListAsync(ct);
        var next = await OutreachRowDetails.NextByEnrolmentAsync(db, projectId, ct);
        var last = await OutreachRowDetails.LastMessageByEnrolmentAsync(db, projectId, ct);
        return rows
            .Select(r =>
            {
                var n = r.StoppedAt is null ? next.GetValueOrDefault(r.Id) : null;
                var m = last.GetValueOrDefault(r.Id);
                return new OutreachRow(r.Id, r.CandidateId, r.FullName, r.Email, r.Phone, r.Status, r.IsPaused, r.StoppedAt is not null, r.StateChangedAt, r.UpdatedAt,
                    CandidateStateMachine.NextStates(r.Status), n?.What, n?.At, m?.Snippet, m?.Direction, m?.At);
            })
            .OrderByDescending(r => r.UpdatedAt)
            .ToList();
    }

    /// <summary>Candidates of the project not yet enrolled, for the enrol dialog (best score first, see <see cref="Listing.EnrolCandidates"/>).</summary>
    public async Task<IReadOnlyList<Candidates.Candidate>> NotEnrolledAsync(Guid projectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Candidates.AsNoTracking()
            .Where(c => c.ProjectId == projectId && !db.OutreachSequences.Any(s => s.CandidateId == c.Id))
            .OrderBy(c => c.FullName)
            .ToListAsync(ct);
    }

    /// <summary>Everything that happened to a candidate in this project's outreach, newest first.</summary>
    public async Task<IReadOnlyList<TimelineEntry>?> TimelineAsync(Guid projectId, Guid candidateId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sequence = await db.OutreachSequences.AsNoTracking().SingleOrDefaultAsync(s => s.ProjectId == projectId && s.CandidateId == candidateId, ct);
        if (sequence is null)
        {
            return null;
        }

        var events = await db.OutreachEvents.AsNoTracking().Where(e => e.SequenceId == sequence.Id).ToListAsync(ct);
        var messages = await db.Messages.AsNoTracking().Where(m => m.SequenceId == sequence.Id).ToListAsync(ct);
        var calls = await db.CallRecords.AsNoTracking().Where(c => c.SequenceId == sequence.Id).ToListAsync(ct);
        return events.Select(TimelineEntry.From)
            .Concat(messages.Select(TimelineEntry.From))
            .Concat(calls.Select(TimelineEntry.From))
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Rank).ThenByDescending(e => e.Order)
            .ToList();
    }

    /// <summary>
    /// Compare-and-set on the state plus its event row, inside the caller's transaction (the caller saves and commits),
    /// so the engine can move a candidate in the same transaction as the send or timer that caused it.
    /// </summary>
    /// <returns>False when the candidate is no longer in <paramref name="from"/> (a concurrent move won).</returns>
    internal static async Task<bool> MoveInAsync(
        SamsaraDbContext db, Guid sequenceId, CandidateState from, CandidateState to, string reason, string actor, DateTimeOffset now, CancellationToken ct)
    {
        if (!CandidateStateMachine.CanMove(from, to))
        {
            throw new InvalidOperationException(TransitionResult.Illegal(from, to).Describe());
        }

        var moved = await db.OutreachSequences
            .Where(s => s.Id == sequenceId && s.Status == from)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, to)
                .SetProperty(x => x.StateChangedAt, now)
                .SetProperty(x => x.UpdatedAt, now)
                .SetProperty(x => x.CompletedAt, CandidateStateMachine.IsActive(to) ? null : now), ct);
        if (moved == 0)
        {
            return false;
        }

        db.OutreachEvents.Add(NewEvent(sequenceId, from, to, reason, actor, now));
        return true;
    }

    internal static OutreachEvent NewEvent(Guid sequenceId, CandidateState? from, CandidateState to, string reason, string actor, DateTimeOffset at) => new()
    {
        // In write order within one instant, so the timeline can show moves made together in the order they happened.
        Id = SequentialIds.Next(at),
        SequenceId = sequenceId,
        FromState = from,
        ToState = to,
        Reason = reason,
        Actor = actor,
        OccurredAt = at,
    };
}
