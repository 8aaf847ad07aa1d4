using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Outreach.Engine.Inbound;
using Samsara.Core.Outreach.Replies;
using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Inbox;

public sealed partial class InboxService
{
    /// <summary>
    /// The recruiter reads a reply differently. What the old intent did is undone (an opt-out taken back, a withdrawal or
    /// a REPLIED move reversed, a pause and its check-back dropped, a number or address cleared), then the new intent does
    /// what it does, as if the rules had been sure of it. Taking back an opt-out needs <see cref="IntentCorrection.ConfirmOptIn"/>
    /// and is written in the consent ledger as the recruiter's action.
    /// </summary>
    public async Task<CorrectionResult> CorrectAsync(Guid messageId, IntentCorrection correction, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reply = await db.Messages.SingleOrDefaultAsync(m => m.Id == messageId && m.Direction == MessageDirection.Inbound, ct);
        if (reply is null)
        {
            return new(CorrectionOutcome.NotFound, "No such reply.");
        }

        var sequence = await db.OutreachSequences.AsNoTracking().SingleAsync(s => s.Id == reply.SequenceId, ct);
        var candidate = await db.Candidates.AsNoTracking().SingleAsync(c => c.Id == sequence.CandidateId, ct);
        var acted = reply.IntentCorrectedBy is not null || (reply.IntentConfidence ?? 0) >= ReplyClassification.ActThreshold;
        var old = reply.Intent;
        if (old == correction.Intent && reply.IntentCorrectedBy is not null)
        {
            return new(CorrectionOutcome.Unchanged, $"Already read as {correction.Intent}.", sequence.Status);
        }

        var takesBackOptOut = old == ReplyIntent.OptOut && acted && correction.Intent != ReplyIntent.OptOut
            && (await ConsentLedger.CurrentAsync(db, candidate.Phone, ConsentChannel.Phone, ct) is { Kind: ConsentKind.OptOut }
                || await ConsentLedger.CurrentAsync(db, candidate.Email, ConsentChannel.Email, ct) is { Kind: ConsentKind.OptOut });
        if (takesBackOptOut && !correction.ConfirmOptIn)
        {
            return new(CorrectionOutcome.NeedsConfirmation,
                $"This reply opted {candidate.FullName} out of every project and channel. Taking it back lets Samsara text, call and email them again: confirm to go on.",
                sequence.Status);
        }

        var now = clock.GetUtcNow();
        var why = $"{actor} read the reply as {correction.Intent} (was {old?.ToString() ?? "none"})";
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var touched = new HashSet<Guid> { sequence.ProjectId };
        if (takesBackOptOut)
        {
            touched.UnionWith(await TakeBackOptOutAsync(db, reply, candidate, actor, why, now, ct));
        }

        if (acted)
        {
            switch (old)
            {
                case ReplyIntent.NotInterested:
                    await RestoreAsync(db, sequence.Id, CandidateState.Withdrawn, actor, why, now, ct);
                    break;
                case ReplyIntent.NotNow or ReplyIntent.OutOfOffice:
                    await ReplyActions.EndPauseAsync(db, sequence.Id, why, now, ct);
                    break;
                case ReplyIntent.WrongPerson:
                    await ReplyActions.ClearWrongPersonAsync(db, candidate.Id, reply.Channel, now, ct);
                    break;
                case ReplyIntent.OptOut or ReplyIntent.Interested or ReplyIntent.Question or ReplyIntent.Other or null:
                    break;
            }
        }

        // A reply that moved the candidate to REPLIED is read again from where it found them.
        if (correction.Intent is not (ReplyIntent.Interested or ReplyIntent.Question or ReplyIntent.Other))
        {
            await RestoreAsync(db, sequence.Id, CandidateState.Replied, actor, why, now, ct);
        }

        reply.Intent = correction.Intent;
        reply.IntentConfidence = 1;
        reply.IntentCorrectedBy = actor;
        sequence = await db.OutreachSequences.AsNoTracking().SingleAsync(s => s.Id == sequence.Id, ct);
        var origin = new ReplyOrigin(reply.Channel, $"by {reply.Channel} (read as {correction.Intent} by {actor})");
        if (correction.Intent == ReplyIntent.OptOut)
        {
            var already = await ConsentLedger.CurrentAsync(db, reply.Channel == MessageChannel.Sms ? candidate.Phone : candidate.Email,
                reply.Channel == MessageChannel.Sms ? ConsentChannel.Phone : ConsentChannel.Email, ct) is { Kind: ConsentKind.OptOut };
            touched.UnionWith(await OptOutEverywhere.ApplyAsync(db, candidate.Phone, candidate.Email is null ? [] : [candidate.Email], ConsentSource.RecruiterClick,
                $"{why}: \"{ReplyActions.Quote(reply.Body)}\"", sequence.ProjectId, now, ct));
            if (!already)
            {
                OptOutEverywhere.Confirm(db, sequence, reply.Channel, reply.Id, actor, now);
            }
        }
        else
        {
            await ReplyActions.ApplyAsync(db, sequence, reply, new ReplyClassification(correction.Intent, 1, reply.IntentDate, "recruiter"), origin, actor, now, ct);
        }

        EngineLedger.Add(db, sequence.ProjectId, sequence.Id, null, LedgerKind.ReplyReceived, $"Intent corrected: {why}", now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        foreach (var project in touched)
        {
            changes.Publish(project, "outreach");
        }

        var state = await db.OutreachSequences.Where(s => s.Id == sequence.Id).Select(s => s.Status).SingleAsync(ct);
        return new(CorrectionOutcome.Corrected, $"Read as {correction.Intent}; {candidate.FullName} is now {state}.", state);
    }

    /// <summary>
    /// The opt-out this reply caused is withdrawn: an opt-in by the recruiter for the number and address, and every
    /// enrolment it moved to OPTED_OUT goes back to where it was (its pending steps stay skipped; the recruiter restarts them).
    /// </summary>
    private static async Task<IReadOnlyList<Guid>> TakeBackOptOutAsync(
        SamsaraDbContext db, Message reply, Candidates.Candidate candidate, string actor, string why, DateTimeOffset now, CancellationToken ct)
    {
        var detail = $"Opt-out taken back by {actor}: {why} (\"{ReplyActions.Quote(reply.Body)}\")";
        foreach (var (contact, channel) in new[] { (candidate.Phone, ConsentChannel.Phone), (candidate.Email, ConsentChannel.Email) })
        {
            if (await ConsentLedger.CurrentAsync(db, contact, channel, ct) is { Kind: ConsentKind.OptOut })
            {
                ConsentLedger.Record(db, contact!, channel, ConsentKind.OptIn, ConsentSource.RecruiterClick, detail, candidate.ProjectId, now);
            }
        }

        var sequences = new List<OutreachSequence>();
        if (candidate.Phone is { } phone)
        {
            sequences.AddRange(await ReplyRouting.SequencesOfPhoneAsync(db, phone, ct));
        }

        if (candidate.Email is { } email)
        {
            var key = email.Trim().ToLowerInvariant();
            // ToLower translates to SQL on both databases; string.Equals with a comparison does not.
#pragma warning disable CA1862
            sequences.AddRange(await (
                from s in db.OutreachSequences
                join c in db.Candidates on s.CandidateId equals c.Id
                where c.Email != null && c.Email.ToLower() == key
                select s).AsNoTracking().ToListAsync(ct));
#pragma warning restore CA1862
        }

        var touched = new List<Guid>();
        foreach (var s in sequences.DistinctBy(s => s.Id).Where(s => s.Status == CandidateState.OptedOut))
        {
            await RestoreAsync(db, s.Id, CandidateState.OptedOut, actor, detail, now, ct);
            EngineLedger.Add(db, s.ProjectId, s.Id, null, LedgerKind.OptedIn, detail, now);
            touched.Add(s.ProjectId);
        }

        await db.ReplyFollowUps.Where(f => f.SourceMessageId == reply.Id && f.Kind == ReplyFollowUpKind.OptOutConfirmation && f.Status == ReplyFollowUpStatus.Pending)
            .ExecuteUpdateAsync(f => f.SetProperty(x => x.Status, ReplyFollowUpStatus.Cancelled).SetProperty(x => x.Reason, "Opt-out taken back").SetProperty(x => x.UpdatedAt, now), ct);
        return touched;
    }

    /// <summary>
    /// Puts an enrolment that is in <paramref name="current"/> back in the state its last move there came from. This is
    /// the one move outside the state machine: an undo of a reading that was wrong, written with its event.
    /// </summary>
    private static async Task RestoreAsync(SamsaraDbContext db, Guid sequenceId, CandidateState current, string actor, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var move = await db.OutreachEvents.AsNoTracking()
            .Where(e => e.SequenceId == sequenceId && e.ToState == current && e.FromState != null && e.FromState != current)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).FirstOrDefaultAsync(ct);
        if (move?.FromState is not { } previous)
        {
            return;
        }

        var moved = await db.OutreachSequences.Where(s => s.Id == sequenceId && s.Status == current)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, previous).SetProperty(x => x.StateChangedAt, now).SetProperty(x => x.UpdatedAt, now), ct);
        if (moved == 1)
        {
            db.OutreachEvents.Add(OutreachService.NewEvent(sequenceId, current, previous, $"Undone: {reason}", actor, now));
        }
    }
}
