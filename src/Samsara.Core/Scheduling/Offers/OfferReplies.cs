using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Scheduling.Notices;

namespace Samsara.Core.Scheduling.Offers;

/// <summary>
/// Reads the candidate's answers to an open offer. The existing reply path stores every SMS and email reply on the
/// candidate's timeline (and acts on opt-outs and "not interested"); this pass, run by the engine after it polls,
/// takes the replies that came after the offer: a clear pick books that slot (SCHEDULED, confirmation and reminder
/// queued), a slot taken meanwhile brings a new offer, anything else is left for the recruiter ("needs you").
/// Replies are claimed by moving the offer's read mark with a compare-and-set, so two nodes never act on one twice.
/// </summary>
public sealed class OfferReplies(IDbContextFactory<SamsaraDbContext> dbFactory, RecruiterCallService calls, OfferService offers)
{
    public async Task<IReadOnlyList<Guid>> ReadAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var open = await (
            from n in db.CallNotices
            join s in db.OutreachSequences on n.SequenceId equals s.Id
            where n.Kind == CallNoticeKind.Offer && n.Status == CallNoticeStatus.Sent && n.ClosedAt == null
            select new { Offer = n, s.Status }).AsNoTracking().ToListAsync(ct);
        var touched = new List<Guid>();
        foreach (var o in open)
        {
            if (o.Status != CandidateState.Scheduling)
            {
                // Booked by hand, withdrawn, opted out: the numbering no longer means anything.
                await OfferService.CloseOpenAsync(db, o.Offer.SequenceId, now, ct);
                continue;
            }

            if (await ReadOneAsync(db, o.Offer, now, ct))
            {
                touched.Add(o.Offer.ProjectId);
            }
        }

        return [.. touched.Distinct()];
    }

    private async Task<bool> ReadOneAsync(SamsaraDbContext db, CallNotice offer, DateTimeOffset now, CancellationToken ct)
    {
        // The first read takes replies from the moment the offer went (a reply in the same tick is an answer to it).
        var firstRead = offer.RepliesReadUpTo is null;
        var since = offer.RepliesReadUpTo ?? offer.SentAt!.Value;
        var replies = await db.Messages.AsNoTracking()
            .Where(m => m.SequenceId == offer.SequenceId && m.Direction == MessageDirection.Inbound && (m.CreatedAt > since || (firstRead && m.CreatedAt == since)))
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync(ct);
        if (replies.Count == 0)
        {
            return false;
        }

        var upTo = replies[^1].CreatedAt;
        var claimed = await db.CallNotices.Where(n => n.Id == offer.Id && n.ClosedAt == null && n.RepliesReadUpTo == offer.RepliesReadUpTo)
            .ExecuteUpdateAsync(n => n.SetProperty(x => x.RepliesReadUpTo, upTo).SetProperty(x => x.UpdatedAt, now), ct);
        if (claimed == 0)
        {
            return false;
        }

        var zone = await db.Candidates.Where(c => c.Id == offer.CandidateId)
            .Join(db.Projects, c => c.ProjectId, p => p.Id, (c, p) => new { c.Phone, p.DefaultPhoneRegion }).SingleAsync(ct);
        var candidateZone = CandidateTimeZones.For(zone.Phone, zone.DefaultPhoneRegion)[0];
        var offered = offer.Offered();
        var local = offered.Select(s => TimeZoneInfo.ConvertTime(s, candidateZone)).ToList();
        foreach (var reply in replies)
        {
            var pick = SlotPick.Read(reply.Body, local);
            if (!pick.Picked)
            {
                await NeedsRecruiterAsync(db, offer, reply, pick, now, ct);
                continue;
            }

            var slot = offered[pick.Index!.Value];
            var booked = await calls.BookAsync(offer.ProjectId, offer.CandidateId, RecruiterCalendar.DefaultRecruiter, slot, "candidate", ct);
            switch (booked.Outcome)
            {
                case BookingOutcome.Booked:
                    await CloseAsync(db, offer, $"Candidate picked option {pick.Index + 1} by {reply.Channel}: booked", now, ct);
                    return true;
                case BookingOutcome.SlotTaken or BookingOutcome.NotAFreeSlot:
                    await CloseAsync(db, offer, $"Candidate picked option {pick.Index + 1}, which was taken meanwhile: new times offered", now, ct);
                    var again = await offers.OfferAsync(offer.ProjectId, offer.CandidateId, RecruiterCalendar.DefaultRecruiter, offer.Channel, "engine", slot, ct: ct);
                    if (again.Outcome != OfferOutcome.Queued)
                    {
                        await NeedsRecruiterAsync(db, offer, reply, new SlotPickResult(null, $"picked a time taken meanwhile, and {again.Describe()}"), now, ct);
                    }

                    return true;
                case BookingOutcome.NotEnrolled or BookingOutcome.WrongState or BookingOutcome.Conflict:
                    // The candidate moved (booked by hand, withdrew) while we read: nothing to book.
                    await OfferService.CloseOpenAsync(db, offer.SequenceId, now, ct);
                    return true;
            }
        }

        return true;
    }

    private static async Task NeedsRecruiterAsync(SamsaraDbContext db, CallNotice offer, Message reply, SlotPickResult pick, DateTimeOffset now, CancellationToken ct)
    {
        await db.CallNotices.Where(n => n.Id == offer.Id).ExecuteUpdateAsync(n => n.SetProperty(x => x.NeedsRecruiterAt, now), ct);
        var quoted = reply.Body.Trim() is { Length: > 200 } long_ ? long_[..200] + "…" : reply.Body.Trim();
        EngineLedger.Add(db, offer.ProjectId, offer.SequenceId, null, LedgerKind.ReplyReceived,
            $"Reply to the offered times needs you ({pick.Why}): \"{quoted}\"", now);
        await db.SaveChangesAsync(ct);
    }

    private static async Task CloseAsync(SamsaraDbContext db, CallNotice offer, string detail, DateTimeOffset now, CancellationToken ct)
    {
        await db.CallNotices.Where(n => n.Id == offer.Id).ExecuteUpdateAsync(n => n.SetProperty(x => x.ClosedAt, now).SetProperty(x => x.UpdatedAt, now), ct);
        EngineLedger.Add(db, offer.ProjectId, offer.SequenceId, null, LedgerKind.ReplyReceived, detail, now);
        await db.SaveChangesAsync(ct);
    }
}
