using Microsoft.EntityFrameworkCore;
using Samsara.Core.Calls.Engine;
using Samsara.Core.Common;
using Samsara.Core.Data;
using Samsara.Core.Outreach;

namespace Samsara.Core.Calls;

/// <summary>One call in the Calls list.</summary>
public sealed record CallRow(
    Guid Id, Guid CandidateId, string CandidateName, CallType Type, CallStatus Status, CallStage Stage, int Attempt, string? Provider,
    DateTimeOffset? StartedAt, int? DurationSeconds, ScreeningOutcome? Outcome, double? Confidence, decimal? Cost, string? Detail,
    bool Overridden, bool NeedsYou);

/// <summary>A call with everything the call view shows.</summary>
public sealed record CallView(
    CallRow Call, Guid ProjectId, CandidateState CandidateState, string PhoneNumber, string? ProviderCallId, string? ProviderReason,
    string? Summary, bool HasRecording, long? RecordingBytes, string? RecordingFormat, ScreeningVerdict? Verdict, string? Notes,
    string? OverrideReason, DateTimeOffset? EndedAt);

public sealed record TranscriptView(Guid CallId, string Provider, IReadOnlyList<CallTurn> Turns, double? Confidence);

public sealed record OutcomeOverride(ScreeningOutcome Outcome, string? Reason, string? Notes);

public enum OverrideResult
{
    Done,
    NotFound,
    Invalid,
    Illegal,
}

/// <summary>What "Call now" or "Don't call" did, in words for the recruiter; <see cref="CallsAt"/> when the call must wait for allowed hours.</summary>
public sealed record CallControlResult(CallControlOutcome Outcome, string Message, DateTimeOffset? CallsAt = null);

public enum CallControlOutcome
{
    Done,
    NotFound,

    /// <summary>Not possible for this candidate now; the message says why and what to do.</summary>
    Refused,
}

/// <summary>Reads calls for the API and the Calls section, and the recruiter's actions on them.</summary>
public sealed partial class CallService(IDbContextFactory<SamsaraDbContext> dbFactory, Microsoft.Extensions.Options.IOptions<SamsaraOptions> samsara, TimeProvider clock, ChangeFeed changes)
{
    public async Task<IReadOnlyList<CallRow>?> ListAsync(Guid projectId, ScreeningOutcome? outcome = null, CallStatus? status = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct))
        {
            return null;
        }

        var rows = await Query(db).Where(x => x.Sequence.ProjectId == projectId)
            .Where(x => outcome == null || x.Call.ScreeningOutcome == outcome)
            .Where(x => status == null || x.Call.Status == status)
            .ToListAsync(ct);
        return [.. rows.Select(x => Row(x.Call, x.CandidateId, x.Name)).OrderByDescending(r => r.StartedAt ?? DateTimeOffset.MaxValue).ThenByDescending(r => r.Attempt)];
    }

    /// <summary>How many calls need the recruiter (unclear, or out of tries): the wheel's badge.</summary>
    public async Task<int> NeedsYouCountAsync(Guid projectId, CancellationToken ct = default) =>
        (await ListAsync(projectId, ct: ct))?.Count(r => r.NeedsYou) ?? 0;

    public async Task<CallView?> GetAsync(Guid callId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var x = await Query(db).SingleOrDefaultAsync(x => x.Call.Id == callId, ct);
        if (x is null)
        {
            return null;
        }

        var c = x.Call;
        return new CallView(Row(c, x.CandidateId, x.Name), x.Sequence.ProjectId, x.Sequence.Status, c.PhoneNumber, c.ProviderCallId, c.ProviderReason,
            c.Summary, c.RecordingPath is not null, c.RecordingBytes, c.RecordingFormat, ScreeningVerdict.FromJson(c.VerdictJson), c.Notes, c.OverrideReason, c.EndedAt);
    }

    public async Task<TranscriptView?> TranscriptAsync(Guid callId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var t = await db.Transcripts.AsNoTracking().Where(t => t.CallRecordId == callId).OrderBy(t => t.CreatedAt).FirstOrDefaultAsync(ct);
        return t is null ? null : new TranscriptView(callId, t.Provider, CallTurns.FromJson(t.SegmentsJson), t.Confidence);
    }

    /// <summary>The recording's full path and content type, or null when the call has none (yet).</summary>
    public async Task<(string Path, string ContentType)?> RecordingAsync(Guid callId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await db.CallRecords.AsNoTracking().Where(c => c.Id == callId).Select(c => new { c.RecordingPath, c.RecordingFormat }).SingleOrDefaultAsync(ct);
        if (c?.RecordingPath is null)
        {
            return null;
        }

        var path = Path.Combine(samsara.Value.ResolveDataDirectory(), c.RecordingPath);
        return File.Exists(path) ? (path, c.RecordingFormat ?? "application/octet-stream") : null;
    }

    /// <summary>The recruiter's verdict replaces the AI's, with a reason; it is an event on the candidate's timeline.</summary>
    public async Task<(OverrideResult Result, string? Message)> OverrideAsync(Guid callId, OutcomeOverride input, string actor, CancellationToken ct = default)
    {
        if (input.Outcome == ScreeningOutcome.Unclear || string.IsNullOrWhiteSpace(input.Reason) || input.Reason.Length > 1000 || input.Notes?.Length > 4000)
        {
            return (OverrideResult.Invalid, "Choose pass or fail and give a reason (at most 1,000 characters; notes at most 4,000).");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var call = await db.CallRecords.SingleOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null)
        {
            return (OverrideResult.NotFound, null);
        }

        var sequence = await db.OutreachSequences.AsNoTracking().SingleAsync(s => s.Id == call.SequenceId, ct);
        var now = clock.GetUtcNow();
        var reason = input.Reason.Trim();
        var state = sequence.Status;
        // Override moves only forward along the state machine (or to REJECTED); a rejected candidate cannot be passed here.
        var legal = state switch
        {
            CandidateState.AiCalling or CandidateState.Screened => true,
            CandidateState.Pass or CandidateState.Scheduling => input.Outcome == ScreeningOutcome.Pass || CandidateStateMachine.CanMove(state, CandidateState.Rejected),
            CandidateState.Fail or CandidateState.Rejected => input.Outcome == ScreeningOutcome.Fail,
            _ => false,
        };
        if (!legal)
        {
            return (OverrideResult.Illegal, $"The candidate is {state}; a {input.Outcome.ToString().ToLowerInvariant()} outcome cannot move them from there.");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var title = $"Screening outcome overridden: {input.Outcome.ToString().ToLowerInvariant()} ({reason})";
        db.OutreachEvents.Add(OutreachService.NewEvent(sequence.Id, state, state, title, actor, now));
        if (state == CandidateState.AiCalling)
        {
            await OutreachService.MoveInAsync(db, sequence.Id, CandidateState.AiCalling, CandidateState.Screened, title, actor, now, ct);
            state = CandidateState.Screened;
        }

        if (state == CandidateState.Screened)
        {
            await CallSteps.MoveOnAsync(db, sequence.Id, input.Outcome, "Recruiter override", actor, now, ct);
        }
        else if (input.Outcome == ScreeningOutcome.Fail && state is CandidateState.Pass or CandidateState.Scheduling)
        {
            await OutreachService.MoveInAsync(db, sequence.Id, state, CandidateState.Rejected, title, actor, now, ct);
        }

        call.ScreeningOutcome = input.Outcome;
        call.ScreeningConfidence = 1.0;
        call.OverrideReason = reason;
        call.OverriddenAt = now;
        call.Notes = string.IsNullOrWhiteSpace(input.Notes) ? call.Notes : input.Notes.Trim();
        call.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        changes.Publish(sequence.ProjectId, "calls");
        changes.Publish(sequence.ProjectId, "outreach");
        return (OverrideResult.Done, null);
    }

    private static IQueryable<Joined> Query(SamsaraDbContext db) =>
        from c in db.CallRecords.AsNoTracking()
        join s in db.OutreachSequences on c.SequenceId equals s.Id
        join k in db.Candidates on s.CandidateId equals k.Id
        select new Joined { Call = c, Sequence = s, CandidateId = k.Id, Name = k.FullName };

    private static CallRow Row(CallRecord c, Guid candidateId, string name) => new(
        c.Id, candidateId, name, c.CallType, c.Status, c.Stage, c.Attempt, c.Provider, c.StartedAt, c.DurationSeconds, c.ScreeningOutcome,
        c.ScreeningConfidence, c.Cost, c.Detail, c.OverriddenAt is not null, NeedsYou(c));

    /// <summary>Unclear outcomes, failed calls and calls out of tries wait for the recruiter.</summary>
    private static bool NeedsYou(CallRecord c) => c.OverriddenAt is null && c.Stage == CallStage.Done
        && (c.ScreeningOutcome == ScreeningOutcome.Unclear || c.Status == CallStatus.Failed || (c.Detail?.EndsWith("needs you.", StringComparison.Ordinal) ?? false));

    private sealed class Joined
    {
        public required CallRecord Call { get; init; }
        public required OutreachSequence Sequence { get; init; }
        public Guid CandidateId { get; init; }
        public required string Name { get; init; }
    }
}

