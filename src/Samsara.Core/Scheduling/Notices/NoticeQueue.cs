using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Templates;

namespace Samsara.Core.Scheduling.Notices;

/// <summary>Queues the messages a booking, a move or a cancellation owes the candidate, inside the caller's transaction.</summary>
internal static class NoticeQueue
{
    /// <summary>Confirmation on every channel the candidate has, and the SMS reminder when its time is still ahead.</summary>
    public static void Booked(SamsaraDbContext db, RecruiterCall call, string? phone, string? email, SchedulingOptions o, DateTimeOffset now)
    {
        foreach (var channel in Channels(phone, email))
        {
            db.CallNotices.Add(For(call, CallNoticeKind.Confirmation, channel, now, now));
        }

        Reminder(db, call, phone, o, now);
    }

    /// <summary>The change on every channel (the email with the updated invite) and a reminder for the new time.</summary>
    public static void Moved(SamsaraDbContext db, RecruiterCall call, DateTimeOffset previousStart, string? phone, string? email, SchedulingOptions o, DateTimeOffset now)
    {
        foreach (var channel in Channels(phone, email))
        {
            var notice = For(call, CallNoticeKind.Update, channel, now, now);
            notice.PreviousStartsAt = previousStart;
            db.CallNotices.Add(notice);
        }

        Reminder(db, call, phone, o, now);
    }

    public static void Cancelled(SamsaraDbContext db, RecruiterCall call, string? phone, string? email, DateTimeOffset now)
    {
        foreach (var channel in Channels(phone, email))
        {
            db.CallNotices.Add(For(call, CallNoticeKind.Cancellation, channel, now, now));
        }
    }

    /// <summary>Notices of the call not sent yet no longer apply (it moved or is off): they are cancelled, not sent late.</summary>
    public static Task<int> CancelPendingAsync(SamsaraDbContext db, Guid callId, string reason, DateTimeOffset now, CancellationToken ct) =>
        db.CallNotices.Where(n => n.CallId == callId && n.Status == CallNoticeStatus.Pending)
            .ExecuteUpdateAsync(n => n.SetProperty(x => x.Status, CallNoticeStatus.Cancelled).SetProperty(x => x.Reason, reason).SetProperty(x => x.UpdatedAt, now), ct);

    private static void Reminder(SamsaraDbContext db, RecruiterCall call, string? phone, SchedulingOptions o, DateTimeOffset now)
    {
        var due = call.StartsAt - o.ReminderBefore;
        // A call booked for sooner than the reminder lead needs no reminder: the confirmation has just gone.
        if (!string.IsNullOrWhiteSpace(phone) && due > now)
        {
            db.CallNotices.Add(For(call, CallNoticeKind.Reminder, MessageChannel.Sms, due, now));
        }
    }

    private static IEnumerable<MessageChannel> Channels(string? phone, string? email)
    {
        if (!string.IsNullOrWhiteSpace(phone))
        {
            yield return MessageChannel.Sms;
        }

        if (!string.IsNullOrWhiteSpace(email))
        {
            yield return MessageChannel.Email;
        }
    }

    private static CallNotice For(RecruiterCall call, CallNoticeKind kind, MessageChannel channel, DateTimeOffset due, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        ProjectId = call.ProjectId,
        SequenceId = call.SequenceId,
        CandidateId = call.CandidateId,
        CallId = call.Id,
        Kind = kind,
        Channel = channel,
        Status = CallNoticeStatus.Pending,
        DueAt = due,
        StartsAt = call.StartsAt,
        EndsAt = call.EndsAt,
        Revision = call.Revision,
        CreatedAt = now,
        UpdatedAt = now,
    };
}
