using Microsoft.EntityFrameworkCore;
using Samsara.Core.Calls.Engine;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Outreach.Engine;

namespace Samsara.Core.Calls;

/// <summary>The recruiter's "Call now" and "Don't call", from the timeline drawer, the Calls section and the API.</summary>
public sealed partial class CallService
{
    public const string CallNowTitle = "Call now: AI screening call requested";
    public const string DontCallTitle = "Don't call: no AI screening call for this candidate";

    /// <summary>
    /// Places the AI screening call at once: a candidate still waiting for a reply (or timed out) is moved to AI_CALLING
    /// through the state machine, and the waiting call comes due now (or a new try is queued). Opt-outs refuse it; outside
    /// the allowed hours it is queued for the first allowed minute and the message says when. The engine checks it all
    /// again before dialling.
    /// </summary>
    public async Task<CallControlResult> CallNowAsync(Guid projectId, Guid candidateId, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sequence = await db.OutreachSequences.AsNoTracking().SingleOrDefaultAsync(s => s.ProjectId == projectId && s.CandidateId == candidateId, ct);
        if (sequence is null)
        {
            return new(CallControlOutcome.NotFound, "The candidate is not enrolled in this project's outreach.");
        }

        var candidate = await db.Candidates.AsNoTracking().SingleAsync(c => c.Id == candidateId, ct);
        var name = candidate.FullName;
        CandidateState[]? path = sequence.Status switch
        {
            CandidateState.AiCalling => [],
            CandidateState.Timeout => [CandidateState.AiCalling],
            CandidateState.AwaitingReply => [CandidateState.Timeout, CandidateState.AiCalling],
            _ => null,
        };
        if (path is null)
        {
            return Refused($"Call now is for candidates waiting for a reply or for the AI call; {name} is {sequence.Status} now.");
        }

        if (sequence.StoppedAt is not null || sequence.IsPaused)
        {
            return Refused($"Outreach is {(sequence.IsPaused ? "paused" : "stopped")} for {name}; {(sequence.IsPaused ? "resume" : "restart")} it before calling.");
        }

        if (string.IsNullOrWhiteSpace(candidate.Phone))
        {
            return Refused($"{name} has no phone number; add one before calling.");
        }

        var blocked = await ConsentLedger.BlockedReasonAsync(db, candidate.Phone, ConsentChannel.Phone, ct)
            ?? await ConsentLedger.BlockedReasonAsync(db, candidate.Email, ConsentChannel.Email, ct);
        if (blocked is not null)
        {
            return Refused($"Not called: {blocked}.");
        }

        var calls = await db.CallRecords.Where(c => c.SequenceId == sequence.Id && c.CallType == CallType.AiScreening).ToListAsync(ct);
        if (calls.Any(c => c.Stage is CallStage.Poll or CallStage.Recording or CallStage.Transcript or CallStage.Outcome
            || (c.Stage == CallStage.Place && c.AttemptedAt is not null)))
        {
            return Refused($"A call with {name} is in progress already.");
        }

        var now = clock.GetUtcNow();
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId, ct);
        var allowed = new QuietHours(project.QuietHoursStartMinute, project.QuietHoursEndMinute, CandidateTimeZones.For(candidate.Phone, project.DefaultPhoneRegion))
            .NextAllowed(now);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var state = sequence.Status;
        foreach (var to in path)
        {
            if (!await OutreachService.MoveInAsync(db, sequence.Id, state, to, "Call now (recruiter)", actor, now, ct))
            {
                return Refused($"{name} moved in the meantime; reload and try again.");
            }

            state = to;
        }

        if (calls.FirstOrDefault(c => c.Stage == CallStage.Place) is { } waiting)
        {
            waiting.DueAt = now;
            waiting.Detail = "Call now (recruiter).";
            waiting.UpdatedAt = now;
        }
        else
        {
            // The first call, or another try after earlier ones ended (or "Don't call" cancelled one).
            db.CallRecords.Add(CallIntake.New(sequence.Id, candidate.Phone, now, calls.Count == 0 ? 1 : calls.Max(c => c.Attempt) + 1));
        }

        var message = allowed is null
            ? $"Queued, but {name}'s time zones share no allowed hour; check the project's contact hours."
            : allowed > now
                ? $"Queued: it is outside the allowed hours ({Clock(project.QuietHoursStartMinute)}-{Clock(project.QuietHoursEndMinute)}) in {name}'s time zone; the call goes out at {allowed.Value:yyyy-MM-dd HH:mm} UTC."
                : $"Calling {name} now (as soon as a line is free).";
        db.OutreachEvents.Add(OutreachService.NewEvent(sequence.Id, state, state, $"{CallNowTitle}. {message}", actor, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        changes.Publish(projectId, "calls");
        changes.Publish(projectId, "outreach");
        return new(CallControlOutcome.Done, message, allowed > now ? allowed : null);
    }

    /// <summary>
    /// Stops the candidate's queued or pending AI call (a retry waiting for its gap too) and keeps them out of automatic
    /// calling: the engine takes in only candidates without a call row, and the cancelled row stays. A call already being
    /// dialled or in progress cannot be stopped here.
    /// </summary>
    public async Task<CallControlResult> DontCallAsync(Guid projectId, Guid candidateId, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sequence = await db.OutreachSequences.AsNoTracking().SingleOrDefaultAsync(s => s.ProjectId == projectId && s.CandidateId == candidateId, ct);
        if (sequence is null)
        {
            return new(CallControlOutcome.NotFound, "The candidate is not enrolled in this project's outreach.");
        }

        var name = await db.Candidates.Where(c => c.Id == candidateId).Select(c => c.FullName).SingleAsync(ct);
        var now = clock.GetUtcNow();
        var calls = await db.CallRecords.Where(c => c.SequenceId == sequence.Id && c.CallType == CallType.AiScreening).ToListAsync(ct);
        if (calls.Any(c => c.Stage is CallStage.Poll or CallStage.Recording or CallStage.Transcript or CallStage.Outcome))
        {
            return Refused($"A call with {name} is in progress; it cannot be stopped from here.");
        }

        if (calls.Any(c => c.Stage == CallStage.Place && (c.AttemptedAt is not null || (c.ClaimedBy is not null && c.LeaseExpiresAt > now))))
        {
            return Refused($"The call to {name} is being placed at this moment; try again in a few seconds.");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var cancelled = calls.Count(c => c.Stage == CallStage.Place);
        const string detail = "Not called: the recruiter chose \"Don't call\".";
        if (cancelled > 0)
        {
            // Guarded: a node that claimed the row since it was read keeps it (and this refuses); one that claims it after
            // finds it done, since the claim re-checks the stage.
            var done = await db.CallRecords
                .Where(c => c.SequenceId == sequence.Id && c.CallType == CallType.AiScreening && c.Stage == CallStage.Place && c.AttemptedAt == null
                    && (c.ClaimedBy == null || c.LeaseExpiresAt <= now))
                .ExecuteUpdateAsync(u => u
                    .SetProperty(c => c.Stage, CallStage.Done)
                    .SetProperty(c => c.Status, CallStatus.Cancelled)
                    .SetProperty(c => c.DueAt, (DateTimeOffset?)null)
                    .SetProperty(c => c.Detail, detail)
                    .SetProperty(c => c.UpdatedAt, now), ct);
            if (done < cancelled)
            {
                return Refused($"The call to {name} is being placed at this moment; try again in a few seconds.");
            }
        }
        else if (calls.Count == 0)
        {
            // A cancelled row, so the engine never takes the candidate in when they reach AI_CALLING.
            var row = CallIntake.New(sequence.Id, "", now);
            (row.Stage, row.Status, row.DueAt, row.Detail) = (CallStage.Done, CallStatus.Cancelled, null, detail);
            db.CallRecords.Add(row);
        }

        var message = calls.Any(c => c.Stage == CallStage.Place)
            ? $"{name} will not be called: the waiting call is cancelled and no automatic call follows."
            : $"{name} will not be called automatically.";
        db.OutreachEvents.Add(OutreachService.NewEvent(sequence.Id, sequence.Status, sequence.Status, $"{DontCallTitle}. {message}", actor, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        changes.Publish(projectId, "calls");
        changes.Publish(projectId, "outreach");
        return new(CallControlOutcome.Done, message);
    }

    private static CallControlResult Refused(string message) => new(CallControlOutcome.Refused, message);

    private static string Clock(int minute) => $"{minute / 60:00}:{minute % 60:00}";
}
