using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samsara.Core.Calls;
using Samsara.Core.Common;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Projects;
using Samsara.Core.Scheduling.Notices;

namespace Samsara.Core.Scheduling;

/// <summary>Booking, listing and cancelling recruiter calls; every candidate move goes through the state machine.</summary>
public sealed class RecruiterCallService(
    IDbContextFactory<SamsaraDbContext> dbFactory, CalendarService calendars, IOptions<SchedulingOptions> options, TimeProvider clock, ChangeFeed changes)
{
    /// <summary>States a call can be booked from: replied, passed screening (the engine moves PASS on to SCHEDULING), or offered times.</summary>
    public static bool CanBookFrom(CandidateState state) => state is CandidateState.Replied or CandidateState.Pass or CandidateState.Scheduling;

    public async Task<ScheduleOptions?> OptionsAsync(Guid projectId, Guid candidateId, string recruiterId, DateTimeOffset? from = null, int days = CalendarService.DefaultHorizonDays, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var who = await WhoAsync(db, projectId, candidateId, ct);
        if (who is null)
        {
            return null;
        }

        var calendar = await CalendarService.CalendarAsync(db, recruiterId, ct);
        var recruiterZone = TimeZoneInfo.FindSystemTimeZoneById(calendar.TimeZoneId);
        var zones = CandidateTimeZones.For(who.Phone, who.Region);
        var slots = await calendars.FreeSlotsAsync(db, recruiterId, from, days, ct);
        var length = TimeSpan.FromMinutes(calendar.SlotMinutes);
        return new ScheduleOptions(candidateId, who.Name, who.State, CanBookFrom(who.State), calendar.TimeZoneId, [.. zones.Select(z => z.Id)],
            [.. slots.Select(s => new SlotOption(s, s + length, TimeZoneInfo.ConvertTime(s, recruiterZone), [.. zones.Select(z => new ZonedTime(z.Id, TimeZoneInfo.ConvertTime(s, z)))]))]);
    }

    /// <summary>
    /// Books <paramref name="startsAt"/> for the candidate and moves them to SCHEDULED in one transaction. The unique
    /// (recruiter, held slot) index is the arbiter between concurrent bookings; the state compare-and-set between
    /// concurrent bookings of the same candidate.
    /// </summary>
    public async Task<BookingResult> BookAsync(Guid projectId, Guid candidateId, string recruiterId, DateTimeOffset startsAt, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var who = await WhoAsync(db, projectId, candidateId, ct);
        if (who is null)
        {
            return new BookingResult(BookingOutcome.NotEnrolled);
        }

        if (!CanBookFrom(who.State))
        {
            return new BookingResult(BookingOutcome.WrongState, State: who.State);
        }

        var start = startsAt.ToUniversalTime();
        var calendar = await CalendarService.CalendarAsync(db, recruiterId, ct);
        var free = await calendars.FreeSlotsAsync(db, recruiterId, start, 1, ct);
        if (!free.Contains(start))
        {
            // Free by the rules but held by a call: tell the recruiter it was taken, not that the time is wrong.
            var held = await db.RecruiterCalls.AnyAsync(c => c.RecruiterId == recruiterId && c.HeldSlot == start, ct);
            return new BookingResult(held ? BookingOutcome.SlotTaken : BookingOutcome.NotAFreeSlot);
        }

        var now = clock.GetUtcNow();
        var call = new RecruiterCall
        {
            Id = Guid.CreateVersion7(now),
            ProjectId = projectId,
            SequenceId = who.SequenceId,
            CandidateId = candidateId,
            RecruiterId = recruiterId,
            StartsAt = start,
            EndsAt = start.AddMinutes(calendar.SlotMinutes),
            HeldSlot = start,
            Status = RecruiterCallStatus.Booked,
            RecruiterTimeZone = calendar.TimeZoneId,
            CandidateTimeZone = CandidateTimeZones.For(who.Phone, who.Region)[0].Id,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var when = ZonedTimes.In(calendar.TimeZoneId, start);
            if (!await OutreachService.MoveInAsync(db, who.SequenceId, who.State, CandidateState.Scheduled, $"Call booked for {when:ddd d MMM HH:mm} ({calendar.TimeZoneId})", actor, now, ct))
            {
                return new BookingResult(BookingOutcome.Conflict);
            }

            db.RecruiterCalls.Add(call);
            // The confirmation and the reminder commit with the booking: a booking never goes unconfirmed.
            NoticeQueue.Booked(db, call, who.Phone, who.Email, options.Value, now);
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The unique slot index refused the row: another booking of this slot committed first.
                await tx.RollbackAsync(CancellationToken.None);
                return new BookingResult(BookingOutcome.SlotTaken);
            }
        }

        await ProjectService.TouchAsync(db, projectId, now, ct);
        changes.Publish(projectId, "outreach");
        return new BookingResult(BookingOutcome.Booked, RecruiterCallView.From(call, who.Name));
    }

    /// <summary>Cancels a booked call: the slot is free at once and the candidate goes back to SCHEDULING.</summary>
    public async Task<BookingResult> CancelAsync(Guid callId, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var call = await db.RecruiterCalls.SingleOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null)
        {
            return new BookingResult(BookingOutcome.NotEnrolled);
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var freed = await db.RecruiterCalls.Where(c => c.Id == callId && c.Status == RecruiterCallStatus.Booked)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.Status, RecruiterCallStatus.Cancelled).SetProperty(x => x.HeldSlot, (DateTimeOffset?)null).SetProperty(x => x.UpdatedAt, now), ct);
        if (freed == 0)
        {
            return new BookingResult(BookingOutcome.WrongState);
        }

        await OutreachService.MoveInAsync(db, call.SequenceId, CandidateState.Scheduled, CandidateState.Scheduling, "Call cancelled: find a new time", actor, now, ct);
        await NoticeQueue.CancelPendingAsync(db, call.Id, "The call was cancelled", now, ct);
        var contact = await db.Candidates.Where(c => c.Id == call.CandidateId).Select(c => new { c.Phone, c.Email }).SingleAsync(ct);
        NoticeQueue.Cancelled(db, call, contact.Phone, contact.Email, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        changes.Publish(call.ProjectId, "outreach");
        return new BookingResult(BookingOutcome.Booked);
    }

    /// <summary>
    /// Moves a booked call to another free slot: the new slot is held in the same update that frees the old one (the
    /// unique index decides a race), the pending reminder is replaced, and the candidate gets the change (.ics update).
    /// </summary>
    public async Task<BookingResult> RescheduleAsync(Guid callId, DateTimeOffset startsAt, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var call = await db.RecruiterCalls.SingleOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null)
        {
            return new BookingResult(BookingOutcome.NotEnrolled);
        }

        if (call.Status != RecruiterCallStatus.Booked)
        {
            return new BookingResult(BookingOutcome.WrongState);
        }

        var start = startsAt.ToUniversalTime();
        var free = await calendars.FreeSlotsAsync(db, call.RecruiterId, start, 1, ct);
        if (!free.Contains(start))
        {
            var held = await db.RecruiterCalls.AnyAsync(c => c.RecruiterId == call.RecruiterId && c.HeldSlot == start, ct);
            return new BookingResult(held ? BookingOutcome.SlotTaken : BookingOutcome.NotAFreeSlot);
        }

        var now = clock.GetUtcNow();
        var previous = call.StartsAt;
        var length = call.EndsAt - call.StartsAt;
        var name = await db.Candidates.Where(c => c.Id == call.CandidateId).Select(c => new { c.FullName, c.Phone, c.Email }).SingleAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        call.StartsAt = start;
        call.EndsAt = start + length;
        call.HeldSlot = start;
        call.Revision++;
        call.UpdatedAt = now;
        await NoticeQueue.CancelPendingAsync(db, call.Id, "The call moved to another time", now, ct);
        NoticeQueue.Moved(db, call, previous, name.Phone, name.Email, options.Value, now);
        EngineLedger.Add(db, call.ProjectId, call.SequenceId, null, LedgerKind.Sent,
            $"Call moved by {actor} from {ZonedTimes.In(call.RecruiterTimeZone, previous):ddd d MMM HH:mm} to {ZonedTimes.In(call.RecruiterTimeZone, start):ddd d MMM HH:mm} ({call.RecruiterTimeZone})", now);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another booking took the new slot first (the unique index); the call keeps its old time.
            await tx.RollbackAsync(CancellationToken.None);
            return new BookingResult(BookingOutcome.SlotTaken);
        }

        changes.Publish(call.ProjectId, "outreach");
        return new BookingResult(BookingOutcome.Booked, RecruiterCallView.From(call, name.FullName));
    }

    /// <summary>The project's recruiter calls, soonest first.</summary>
    /// <param name="day">Only the calls on this day of the recruiter's calendar (the Calls section's day view).</param>
    public async Task<IReadOnlyList<RecruiterCallView>?> ListAsync(Guid projectId, DateOnly? day = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct))
        {
            return null;
        }

        var calls = db.RecruiterCalls.AsNoTracking().Where(c => c.ProjectId == projectId);
        if (day is { } d)
        {
            // The day as the recruiter lives it: local midnight to midnight in their zone, DST days included.
            var zone = TimeZoneInfo.FindSystemTimeZoneById((await CalendarService.CalendarAsync(db, RecruiterCalendar.DefaultRecruiter, ct)).TimeZoneId);
            var start = LocalMidnight(zone, d);
            var end = LocalMidnight(zone, d.AddDays(1));
            calls = calls.Where(c => c.StartsAt >= start && c.StartsAt < end);
        }

        var rows = await (
            from c in calls
            join k in db.Candidates on c.CandidateId equals k.Id
            select new { Call = c, k.FullName }).ToListAsync(ct);
        var ids = rows.Where(r => r.Call.Status == RecruiterCallStatus.Done).Select(r => r.Call.Id).ToList();
        // An uploaded recording is a call row with the recruiter call's own id (see RecordingUploadService).
        var recordings = await db.CallRecords.AsNoTracking().Where(r => ids.Contains(r.Id) && r.CallType == CallType.Recruiter)
            .Select(r => new { r.Id, r.DurationSeconds, r.Stage, r.Detail, Transcribed = db.Transcripts.Any(t => t.CallRecordId == r.Id) })
            .ToDictionaryAsync(r => r.Id, r => new RecordingView(r.DurationSeconds, r.Transcribed, r.Stage != CallStage.Done, r.Detail), ct);
        return [.. rows.OrderBy(r => r.Call.StartsAt).Select(r => RecruiterCallView.From(r.Call, r.FullName, recordings.GetValueOrDefault(r.Call.Id)))];
    }

    private static DateTimeOffset LocalMidnight(TimeZoneInfo zone, DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private sealed record Who(Guid SequenceId, string Name, string? Phone, string? Email, string Region, CandidateState State);

    private static Task<Who?> WhoAsync(SamsaraDbContext db, Guid projectId, Guid candidateId, CancellationToken ct) => (
        from s in db.OutreachSequences
        join c in db.Candidates on s.CandidateId equals c.Id
        join p in db.Projects on s.ProjectId equals p.Id
        where s.ProjectId == projectId && s.CandidateId == candidateId
        select new Who(s.Id, c.FullName, c.Phone, c.Email, p.DefaultPhoneRegion, s.Status)).SingleOrDefaultAsync(ct);
}
