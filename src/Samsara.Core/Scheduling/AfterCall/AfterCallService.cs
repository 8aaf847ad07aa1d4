using Microsoft.EntityFrameworkCore;
using Samsara.Core.Common;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Scheduling.Notices;
using Samsara.Core.Scheduling.Offers;
using Samsara.Core.Templates;

namespace Samsara.Core.Scheduling.AfterCall;

public enum AfterCallOutcome
{
    Done,
    NotFound,

    /// <summary>The call or the candidate is not where this step starts (already done, cancelled, moved by hand).</summary>
    WrongState,

    /// <summary>Ready for the ATS without a recording needs the recruiter's notes.</summary>
    NotesMissing,

    /// <summary>The notes are longer than a call's notes may be.</summary>
    NotesTooLong,
}

public sealed record AfterCallResult(AfterCallOutcome Outcome, string? Detail = null)
{
    public string Describe() => Outcome switch
    {
        AfterCallOutcome.Done => "Done.",
        AfterCallOutcome.NotFound => "No such recruiter call.",
        AfterCallOutcome.WrongState => Detail ?? "The call is not in a state for this.",
        AfterCallOutcome.NotesMissing => "Write your notes from the call first: without a recording they are what goes to the ATS.",
        AfterCallOutcome.NotesTooLong => $"Notes are at most {AfterCallService.MaxNotes:N0} characters.",
    };
}

/// <summary>What happens to a no-show: offered new times (with a "missed call" message), or withdrawn.</summary>
public enum NoShowNext
{
    OfferTimes,
    Withdraw,
}

public sealed record NotesRequest(string? Notes);

public sealed record NoShowRequest(NoShowNext Next, MessageChannel? Channel);

/// <summary>
/// After the recruiter's call: notes saved as they are typed, CALL_DONE, ATS_READY (with the notes when there is no
/// recording), and the one-click no-show (back to SCHEDULING with new times offered, or WITHDRAWN). Each candidate move
/// goes through the state machine's compare-and-set in the same transaction as the call's own change.
/// </summary>
public sealed class AfterCallService(IDbContextFactory<SamsaraDbContext> dbFactory, OfferService offers, TimeProvider clock, ChangeFeed changes)
{
    public const int MaxNotes = 20_000;

    /// <summary>Saves the notes as they stand (any time: before, during or after the call); nothing else changes.</summary>
    public async Task<AfterCallResult> SaveNotesAsync(Guid callId, string? notes, CancellationToken ct = default)
    {
        if (notes?.Length > MaxNotes)
        {
            return new(AfterCallOutcome.NotesTooLong);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var saved = await db.RecruiterCalls.Where(c => c.Id == callId)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.Notes, string.IsNullOrWhiteSpace(notes) ? null : notes).SetProperty(x => x.UpdatedAt, now), ct);
        return saved == 0 ? new(AfterCallOutcome.NotFound) : new(AfterCallOutcome.Done);
    }

    /// <summary>The call took place: the call is done (its reminder no longer matters) and the candidate is CALL_DONE.</summary>
    public async Task<AfterCallResult> MarkDoneAsync(Guid callId, string? notes, string actor, CancellationToken ct = default)
    {
        if (notes?.Length > MaxNotes)
        {
            return new(AfterCallOutcome.NotesTooLong);
        }

        return await MoveAsync(callId, RecruiterCallStatus.Booked, RecruiterCallStatus.Done, CandidateState.Scheduled, CandidateState.CallDone, "Call done", actor, notes, freeSlot: false, ct);
    }

    /// <summary>
    /// The candidate is ready for the ATS: from TRANSCRIBED (a recording was transcribed), or from CALL_DONE with the
    /// recruiter's notes standing in for a transcript.
    /// </summary>
    public async Task<AfterCallResult> MarkReadyAsync(Guid callId, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var call = await db.RecruiterCalls.AsNoTracking().SingleOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null)
        {
            return new(AfterCallOutcome.NotFound);
        }

        var state = await db.OutreachSequences.Where(s => s.Id == call.SequenceId).Select(s => s.Status).SingleAsync(ct);
        if (call.Status != RecruiterCallStatus.Done || state is not (CandidateState.CallDone or CandidateState.Transcribed))
        {
            return new(AfterCallOutcome.WrongState, $"Mark the call done first; the candidate is {state}.");
        }

        if (state == CandidateState.CallDone && string.IsNullOrWhiteSpace(call.Notes))
        {
            return new(AfterCallOutcome.NotesMissing);
        }

        var now = clock.GetUtcNow();
        var why = state == CandidateState.Transcribed ? "Ready for the ATS (call transcribed)" : "Ready for the ATS with the recruiter's call notes";
        if (!await OutreachService.MoveInAsync(db, call.SequenceId, state, CandidateState.AtsReady, why, actor, now, ct))
        {
            return new(AfterCallOutcome.WrongState, "The candidate moved in the meantime; reload and try again.");
        }

        await db.SaveChangesAsync(ct);
        changes.Publish(call.ProjectId, "outreach");
        return new(AfterCallOutcome.Done);
    }

    /// <summary>
    /// A no-show in one click: the slot is freed and pending messages dropped; the candidate goes back to SCHEDULING and
    /// is offered new times with a "missed call" line, or is withdrawn.
    /// </summary>
    public async Task<AfterCallResult> NoShowAsync(Guid callId, NoShowNext next, MessageChannel? channel, string actor, CancellationToken ct = default)
    {
        var to = next == NoShowNext.Withdraw ? CandidateState.Withdrawn : CandidateState.Scheduling;
        var moved = await MoveAsync(callId, RecruiterCallStatus.Booked, RecruiterCallStatus.NoShow, CandidateState.Scheduled, to,
            next == NoShowNext.Withdraw ? "No-show: withdrawn" : "No-show: new times to offer", actor, notes: null, freeSlot: true, ct);
        if (moved.Outcome != AfterCallOutcome.Done || next == NoShowNext.Withdraw)
        {
            return moved;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var call = await db.RecruiterCalls.AsNoTracking().SingleAsync(c => c.Id == callId, ct);
        var offer = await offers.OfferAsync(call.ProjectId, call.CandidateId, call.RecruiterId, channel, actor, missedCall: call, ct: ct);
        return offer.Outcome == OfferOutcome.Queued
            ? moved
            : new(AfterCallOutcome.Done, $"Marked as a no-show; new times were not offered: {offer.Describe()}");
    }

    private async Task<AfterCallResult> MoveAsync(
        Guid callId, RecruiterCallStatus fromCall, RecruiterCallStatus toCall, CandidateState from, CandidateState to, string reason, string actor,
        string? notes, bool freeSlot, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var call = await db.RecruiterCalls.SingleOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null)
        {
            return new(AfterCallOutcome.NotFound);
        }

        if (call.Status != fromCall)
        {
            return new(AfterCallOutcome.WrongState, $"The call is {call.Status.ToString().ToLowerInvariant()}, not booked.");
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await OutreachService.MoveInAsync(db, call.SequenceId, from, to, reason, actor, now, ct))
        {
            var state = await db.OutreachSequences.Where(s => s.Id == call.SequenceId).Select(s => s.Status).SingleAsync(ct);
            return new(AfterCallOutcome.WrongState, $"The candidate is {state}, not {from}.");
        }

        call.Status = toCall;
        call.UpdatedAt = now;
        if (notes is not null)
        {
            call.Notes = string.IsNullOrWhiteSpace(notes) ? null : notes;
        }

        if (freeSlot)
        {
            call.HeldSlot = null;
        }

        await NoticeQueue.CancelPendingAsync(db, call.Id, $"The call is {toCall.ToString().ToLowerInvariant()}", now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        changes.Publish(call.ProjectId, "outreach");
        return new(AfterCallOutcome.Done);
    }
}
