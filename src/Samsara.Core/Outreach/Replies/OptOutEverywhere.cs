using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Outreach.Engine.Inbound;

namespace Samsara.Core.Outreach.Replies;

/// <summary>
/// An opt-out in words ("please stop texting me", "ne me contactez plus") is honoured the way the FCC's 2025 rule
/// asks: in any reasonable manner, on every channel. The candidate's number (texts and calls) and address (email)
/// go into the consent ledger, and every active sequence of anyone with that number or address, in every project,
/// moves to OPTED_OUT with its pending sends and calls cancelled. Runs inside the caller's unit of work.
/// </summary>
internal static class OptOutEverywhere
{
    public static async Task<IReadOnlyList<Guid>> ApplyAsync(
        SamsaraDbContext db, string? phone, IReadOnlyCollection<string> emails, ConsentSource source, string reason, Guid? projectId, DateTimeOffset now, CancellationToken ct)
    {
        var addresses = emails.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim().ToLowerInvariant()).Distinct().ToList();
        foreach (var (contact, channel) in addresses.Select(a => ((string?)a, ConsentChannel.Email)).Prepend((phone, ConsentChannel.Phone)))
        {
            if (!string.IsNullOrWhiteSpace(contact) && await ConsentLedger.CurrentAsync(db, contact, channel, ct) is not { Kind: ConsentKind.OptOut })
            {
                ConsentLedger.Record(db, contact, channel, ConsentKind.OptOut, source, reason, projectId, now);
            }
        }

        var sequences = new List<OutreachSequence>();
        if (phone is not null)
        {
            sequences.AddRange(await ReplyRouting.SequencesOfPhoneAsync(db, phone, ct));
        }

        if (addresses.Count > 0)
        {
            sequences.AddRange(await (
                from s in db.OutreachSequences
                join c in db.Candidates on s.CandidateId equals c.Id
                where c.Email != null && addresses.Contains(c.Email.ToLower())
                select s).AsNoTracking().ToListAsync(ct));
        }

        var touched = new List<Guid>();
        foreach (var sequence in sequences.DistinctBy(s => s.Id).Where(s => CandidateStateMachine.IsActive(s.Status)))
        {
            if (CandidateStateMachine.CanMove(sequence.Status, CandidateState.OptedOut))
            {
                await OutreachService.MoveInAsync(db, sequence.Id, sequence.Status, CandidateState.OptedOut, reason, "candidate", now, ct);
            }

            await OutstandingWork.CancelAsync(db, sequence.Id, "Opted out", now, ct);
            EngineLedger.Add(db, sequence.ProjectId, sequence.Id, null, LedgerKind.OptedOut, reason, now);
            touched.Add(sequence.ProjectId);
        }

        return [.. touched.Distinct()];
    }

    /// <summary>
    /// Queues the one "You won't hear from us again" on the channel the candidate used. The FCC allows a single
    /// confirmation text within five minutes of the request, and no more; the sender skips it if it could not go by then.
    /// </summary>
    public static void Confirm(SamsaraDbContext db, OutreachSequence sequence, Templates.MessageChannel channel, Guid replyId, string actor, DateTimeOffset now) =>
        db.ReplyFollowUps.Add(ReplyActions.New(sequence, ReplyFollowUpKind.OptOutConfirmation, channel, now, replyId, actor, now));
}
