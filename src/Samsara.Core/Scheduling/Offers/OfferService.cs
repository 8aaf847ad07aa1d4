using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samsara.Core.Common;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Scheduling.Notices;
using Samsara.Core.Templates;

namespace Samsara.Core.Scheduling.Offers;

public enum OfferOutcome
{
    Queued,
    NotEnrolled,

    /// <summary>The candidate is not in REPLIED, PASS or SCHEDULING.</summary>
    WrongState,

    /// <summary>No phone (for SMS) or address (for email) to write to.</summary>
    NoContact,

    /// <summary>No free slot in the next two weeks that falls in the candidate's allowed hours.</summary>
    NoFreeSlots,
    Conflict,
}

/// <summary>What an offer sends: the times, each in the recruiter's and the candidate's local time.</summary>
public sealed record OfferView(Guid NoticeId, MessageChannel Channel, string CandidateTimeZone, IReadOnlyList<SlotOption> Slots);

public sealed record OfferResult(OfferOutcome Outcome, OfferView? Offer = null, string? Detail = null)
{
    public string Describe() => Outcome switch
    {
        OfferOutcome.Queued => "Times offered.",
        OfferOutcome.NotEnrolled => "The candidate is not enrolled in outreach.",
        OfferOutcome.WrongState => $"Times are offered once the candidate has replied or passed screening; {Detail}.",
        OfferOutcome.NoContact => Detail ?? "No way to reach the candidate on that channel.",
        OfferOutcome.NoFreeSlots => "No free slot in the next two weeks falls inside the candidate's allowed hours. Widen your working hours in Settings → My calendar.",
        OfferOutcome.Conflict => "The candidate moved in the meantime; reload and try again.",
    };
}

public sealed record OfferTimesRequest(MessageChannel? Channel);

/// <summary>
/// "Offer times": picks free slots (spread over different days, inside the candidate's allowed hours, not sooner than
/// <see cref="SchedulingOptions.OfferNotice"/>), moves the candidate to SCHEDULING and queues the message; the engine
/// sends it, and <see cref="OfferReplies"/> reads the answer.
/// </summary>
public sealed class OfferService(IDbContextFactory<SamsaraDbContext> dbFactory, CalendarService calendars, IOptions<SchedulingOptions> options, TimeProvider clock, ChangeFeed changes)
{
    public async Task<OfferResult> OfferAsync(Guid projectId, Guid candidateId, string recruiterId, MessageChannel? channel, string actor, DateTimeOffset? takenSlot = null, RecruiterCall? missedCall = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var who = await (
            from s in db.OutreachSequences
            join c in db.Candidates on s.CandidateId equals c.Id
            join p in db.Projects on s.ProjectId equals p.Id
            where s.ProjectId == projectId && s.CandidateId == candidateId
            select new { Sequence = s.Id, s.Status, c.Phone, c.Email, p.DefaultPhoneRegion, p.QuietHoursStartMinute, p.QuietHoursEndMinute }).SingleOrDefaultAsync(ct);
        if (who is null)
        {
            return new(OfferOutcome.NotEnrolled);
        }

        if (!RecruiterCallService.CanBookFrom(who.Status))
        {
            return new(OfferOutcome.WrongState, Detail: $"they are {who.Status}");
        }

        var by = channel ?? (string.IsNullOrWhiteSpace(who.Phone) ? MessageChannel.Email : MessageChannel.Sms);
        if (by == MessageChannel.Sms ? string.IsNullOrWhiteSpace(who.Phone) : string.IsNullOrWhiteSpace(who.Email))
        {
            return new(OfferOutcome.NoContact, Detail: by == MessageChannel.Sms ? "The candidate has no phone number to text." : "The candidate has no email address.");
        }

        var now = clock.GetUtcNow();
        var zones = CandidateTimeZones.For(who.Phone, who.DefaultPhoneRegion);
        var hours = new QuietHours(who.QuietHoursStartMinute, who.QuietHoursEndMinute, zones);
        var calendar = await CalendarService.CalendarAsync(db, recruiterId, ct);
        var free = await calendars.FreeSlotsAsync(db, recruiterId, now + options.Value.OfferNotice, CalendarService.DefaultHorizonDays, ct);
        var length = TimeSpan.FromMinutes(calendar.SlotMinutes);
        var slots = Spread([.. free.Where(s => hours.Allows(s) && hours.Allows(s + length - TimeSpan.FromMinutes(1)))], zones[0], options.Value.OfferCount);
        if (slots.Count == 0)
        {
            return new(OfferOutcome.NoFreeSlots);
        }

        var notice = new CallNotice
        {
            Id = Guid.CreateVersion7(now),
            ProjectId = projectId,
            SequenceId = who.Sequence,
            CandidateId = candidateId,
            Kind = CallNoticeKind.Offer,
            Channel = by,
            Status = CallNoticeStatus.Pending,
            DueAt = now,
            OfferedSlots = OfferedSlotsText.Format(slots),
            // The time the candidate picked that went meanwhile: the new offer says sorry for it.
            PreviousStartsAt = takenSlot,
            // A no-show's new offer names the call that was missed (the message opens with "Sorry we missed each other").
            CallId = missedCall?.Id,
            StartsAt = missedCall?.StartsAt,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            if (who.Status != CandidateState.Scheduling
                && !await OutreachService.MoveInAsync(db, who.Sequence, who.Status, CandidateState.Scheduling, $"Offered {slots.Count} call times by {by}", actor, now, ct))
            {
                return new(OfferOutcome.Conflict);
            }

            // A new offer replaces any open one: only the latest numbering means anything to the candidate.
            await CloseOpenAsync(db, who.Sequence, now, ct);
            db.CallNotices.Add(notice);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        changes.Publish(projectId, "outreach");
        var recruiterZone = TimeZoneInfo.FindSystemTimeZoneById(calendar.TimeZoneId);
        return new(OfferOutcome.Queued, new OfferView(notice.Id, by, zones[0].Id,
            [.. slots.Select(s => new SlotOption(s, s + length, TimeZoneInfo.ConvertTime(s, recruiterZone), [.. zones.Select(z => new ZonedTime(z.Id, TimeZoneInfo.ConvertTime(s, z)))]))]));
    }

    internal static Task<int> CloseOpenAsync(SamsaraDbContext db, Guid sequenceId, DateTimeOffset now, CancellationToken ct) =>
        db.CallNotices.Where(n => n.SequenceId == sequenceId && n.Kind == CallNoticeKind.Offer && n.ClosedAt == null)
            .ExecuteUpdateAsync(n => n.SetProperty(x => x.ClosedAt, now).SetProperty(x => x.UpdatedAt, now), ct);

    /// <summary>
    /// The earliest free slot of each of the first days with one (in the candidate's calendar), so the candidate gets a
    /// choice of days; a short list is topped up with the next free slots.
    /// </summary>
    internal static IReadOnlyList<DateTimeOffset> Spread(IReadOnlyList<DateTimeOffset> free, TimeZoneInfo candidateZone, int count)
    {
        var picked = free.GroupBy(s => TimeZoneInfo.ConvertTime(s, candidateZone).Date).Select(g => g.First()).Take(count).ToList();
        picked.AddRange(free.Except(picked).Take(count - picked.Count));
        return [.. picked.Order()];
    }
}
