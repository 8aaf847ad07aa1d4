using Microsoft.EntityFrameworkCore;
using Samsara.Core.Candidates;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Projects;

namespace Samsara.Core.Scheduling.Notices;

/// <summary>What deciding and writing one notice needs: who, which project, where the candidate is, and the call.</summary>
internal sealed record NoticeFacts(
    Candidate Candidate, Project Project, JobDescription? Job, CandidateState State, RecruiterCall? Call,
    string CandidateZone, string RecruiterZone, int SlotMinutes)
{
    public static async Task<NoticeFacts> LoadAsync(SamsaraDbContext db, CallNotice notice, CancellationToken ct)
    {
        var candidate = await db.Candidates.AsNoTracking().SingleAsync(c => c.Id == notice.CandidateId, ct);
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == notice.ProjectId, ct);
        var job = await db.JobDescriptions.AsNoTracking().Where(j => j.ProjectId == project.Id).OrderByDescending(j => j.UpdatedAt).FirstOrDefaultAsync(ct);
        var state = await db.OutreachSequences.Where(s => s.Id == notice.SequenceId).Select(s => s.Status).SingleAsync(ct);
        var call = notice.CallId is { } id ? await db.RecruiterCalls.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) : null;
        var calendar = await CalendarService.CalendarAsync(db, RecruiterCalendar.DefaultRecruiter, ct);
        return new NoticeFacts(candidate, project, job, state, call,
            call?.CandidateTimeZone ?? CandidateTimeZones.For(candidate.Phone, project.DefaultPhoneRegion)[0].Id,
            call?.RecruiterTimeZone ?? calendar.TimeZoneId,
            call is null ? calendar.SlotMinutes : (int)(call.EndsAt - call.StartsAt).TotalMinutes);
    }
}
