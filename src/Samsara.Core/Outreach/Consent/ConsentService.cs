using Microsoft.EntityFrameworkCore;
using Samsara.Core.Common;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Engine;

namespace Samsara.Core.Outreach.Consent;

public sealed record ConsentRow(DateTimeOffset At, string Contact, ConsentChannel Channel, ConsentKind Kind, ConsentSource Source, string? Detail, Guid? ProjectId);

/// <summary>The recruiter's side of the consent ledger: opting a candidate out by hand, and reading the ledger.</summary>
public sealed class ConsentService(IDbContextFactory<SamsaraDbContext> dbFactory, TimeProvider clock, ChangeFeed changes)
{
    /// <summary>
    /// Opts the candidate's number and address out in every project, moves them to OPTED_OUT here and cancels what
    /// was queued. Null when the candidate is not enrolled in this project.
    /// </summary>
    public async Task<TransitionResult> OptOutAsync(Guid projectId, Guid candidateId, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sequence = await db.OutreachSequences.AsNoTracking().SingleOrDefaultAsync(s => s.ProjectId == projectId && s.CandidateId == candidateId, ct);
        if (sequence is null)
        {
            return TransitionResult.NotEnrolled;
        }

        var candidate = await db.Candidates.AsNoTracking().SingleAsync(c => c.Id == candidateId, ct);
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var detail = $"Opted out by {actor}";
        if (!string.IsNullOrWhiteSpace(candidate.Phone))
        {
            ConsentLedger.Record(db, candidate.Phone, ConsentChannel.Phone, ConsentKind.OptOut, ConsentSource.RecruiterClick, detail, projectId, now);
        }

        if (!string.IsNullOrWhiteSpace(candidate.Email))
        {
            ConsentLedger.Record(db, candidate.Email, ConsentChannel.Email, ConsentKind.OptOut, ConsentSource.RecruiterClick, detail, projectId, now);
        }

        var from = sequence.Status;
        var moved = CandidateStateMachine.CanMove(from, CandidateState.OptedOut)
            && await OutreachService.MoveInAsync(db, sequence.Id, from, CandidateState.OptedOut, detail, actor, now, ct);
        await OutstandingWork.CancelAsync(db, sequence.Id, "Opted out", now, ct);
        EngineLedger.Add(db, projectId, sequence.Id, null, LedgerKind.OptedOut, detail, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        changes.Publish(projectId, "outreach");
        return moved ? TransitionResult.Moved(from, CandidateState.OptedOut) : TransitionResult.Illegal(from, CandidateState.OptedOut);
    }

    /// <summary>The ledger, newest first; optionally for one number or address.</summary>
    public async Task<IReadOnlyList<ConsentRow>> ListAsync(string? contact, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.ConsentEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(contact))
        {
            var phone = ConsentLedger.Normalise(contact, ConsentChannel.Phone);
            var email = ConsentLedger.Normalise(contact, ConsentChannel.Email);
            var erasedPhone = ConsentLedger.ErasedKey(phone, ConsentChannel.Phone);
            var erasedEmail = ConsentLedger.ErasedKey(email, ConsentChannel.Email);
            query = query.Where(e => e.Contact == phone || e.Contact == email || e.Contact == erasedPhone || e.Contact == erasedEmail);
        }

        var rows = await query.Select(e => new ConsentRow(e.OccurredAt, e.Contact, e.Channel, e.Kind, e.Source, e.Detail, e.ProjectId)).ToListAsync(ct);
        return [.. rows.OrderByDescending(r => r.At).Take(1000)];
    }
}
