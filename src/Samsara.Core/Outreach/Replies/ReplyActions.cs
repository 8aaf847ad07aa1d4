using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Replies;

/// <summary>How a reply reached us, for the reasons written on the timeline ("by SMS at …", "by email from …").</summary>
internal sealed record ReplyOrigin(MessageChannel Channel, string How);

/// <summary>
/// What a reply's intent does to one enrolment, inside the caller's unit of work (opt-outs span people and projects and
/// go through <see cref="OptOutEverywhere"/> first). Only a confident intent, or one the recruiter set, acts:
/// <list type="bullet">
/// <item>not interested → WITHDRAWN with the reply quoted;</item>
/// <item>not now → paused, the pending steps dropped, and a "checking back" message queued for the named date (or 30 days on);</item>
/// <item>out of office with a return date → paused until the day after, pending steps and timers pushed back by the same
/// stretch, so the sequence resumes where it was;</item>
/// <item>wrong person → the number or address is marked unusable for this candidate (steps on it skip to the next channel);</item>
/// <item>anything else, or an unsure intent → REPLIED, for the recruiter to read ("needs you").</item>
/// </list>
/// </summary>
internal static class ReplyActions
{
    public const int DefaultLaterDays = 30;

    public static async Task ApplyAsync(
        SamsaraDbContext db, OutreachSequence sequence, Message reply, ReplyClassification intent, ReplyOrigin origin, string actor, DateTimeOffset now, CancellationToken ct)
    {
        var state = sequence.Status;
        var quoted = Quote(reply.Body);
        if (intent.IsConfident)
        {
            switch (intent.Intent)
            {
                case ReplyIntent.NotInterested when CandidateStateMachine.CanMove(state, CandidateState.Withdrawn):
                    // "Not interested" ends this project's outreach; the person may still hear about other roles.
                    var reason = $"Not interested, {origin.How}: \"{quoted}\"";
                    await OutreachService.MoveInAsync(db, sequence.Id, state, CandidateState.Withdrawn, reason, actor, now, ct);
                    await OutstandingWork.CancelAsync(db, sequence.Id, "Candidate not interested", now, ct);
                    EngineLedger.Add(db, sequence.ProjectId, sequence.Id, null, LedgerKind.ReplyReceived, reason, now);
                    return;
                case ReplyIntent.NotNow when IsAwaiting(state):
                    await LaterAsync(db, sequence, reply, intent, origin, actor, now, ct);
                    return;
                case ReplyIntent.OutOfOffice when intent.Date is { } back && IsAwaiting(state):
                    await AwayAsync(db, sequence, reply, back, origin, now, ct);
                    return;
                case ReplyIntent.OutOfOffice:
                    reply.DoneAt ??= now;
                    EngineLedger.Add(db, sequence.ProjectId, sequence.Id, null, LedgerKind.AutoReply,
                        $"Out of office {origin.How} with no return date (or the candidate is {state}): recorded, the sequence goes on", now);
                    return;
                case ReplyIntent.WrongPerson:
                    await WrongPersonAsync(db, sequence, reply, origin, now, ct);
                    return;
                case ReplyIntent.Interested or ReplyIntent.Question or ReplyIntent.Other or ReplyIntent.OptOut or ReplyIntent.NotInterested or ReplyIntent.NotNow:
                    break;
            }
        }

        await RepliedAsync(db, sequence, origin, actor, now, ct);
    }

    /// <summary>A human answer: REPLIED and every pending step, timer and planned check-back dropped.</summary>
    public static async Task RepliedAsync(SamsaraDbContext db, OutreachSequence sequence, ReplyOrigin origin, string actor, DateTimeOffset now, CancellationToken ct)
    {
        var state = sequence.Status;
        await EndPauseAsync(db, sequence.Id, "The candidate wrote again", now, ct);
        if (state == CandidateState.OutreachSent
            && await OutreachService.MoveInAsync(db, sequence.Id, state, CandidateState.AwaitingReply, "Message sent", EngineLedger.Actor, now, ct))
        {
            state = CandidateState.AwaitingReply;
        }

        if (state == CandidateState.AwaitingReply
            && await OutreachService.MoveInAsync(db, sequence.Id, state, CandidateState.Replied, $"Replied {origin.How}", actor, now, ct))
        {
            await OutstandingWork.CancelAsync(db, sequence.Id, "Candidate replied", now, ct);
            EngineLedger.Add(db, sequence.ProjectId, sequence.Id, null, LedgerKind.ReplyReceived, $"Reply {origin.How}", now);
            return;
        }

        // A late reply (already timed out or further on) is kept on the timeline but does not move the candidate back.
        EngineLedger.Add(db, sequence.ProjectId, sequence.Id, null, LedgerKind.ReplyReceived, $"Reply {origin.How} while {state}; state unchanged", now);
    }

    /// <summary>
    /// Drops a planned check-back or resume and lifts the pause it held, when there was one (a recruiter's own pause,
    /// with no such plan, is left alone).
    /// </summary>
    public static async Task<bool> EndPauseAsync(SamsaraDbContext db, Guid sequenceId, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var dropped = await db.ReplyFollowUps
            .Where(f => f.SequenceId == sequenceId && f.Status == ReplyFollowUpStatus.Pending
                && (f.Kind == ReplyFollowUpKind.CheckingBack || f.Kind == ReplyFollowUpKind.Resume))
            .ExecuteUpdateAsync(f => f.SetProperty(x => x.Status, ReplyFollowUpStatus.Cancelled)
                .SetProperty(x => x.Reason, reason).SetProperty(x => x.UpdatedAt, now), ct);
        if (dropped > 0)
        {
            await db.OutreachSequences.Where(s => s.Id == sequenceId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.IsPaused, false).SetProperty(x => x.UpdatedAt, now), ct);
        }

        return dropped > 0;
    }

    private static async Task LaterAsync(
        SamsaraDbContext db, OutreachSequence sequence, Message reply, ReplyClassification intent, ReplyOrigin origin, string actor, DateTimeOffset now, CancellationToken ct)
    {
        await EndPauseAsync(db, sequence.Id, "Replaced by a newer reply", now, ct);
        if (sequence.Status == CandidateState.OutreachSent)
        {
            await OutreachService.MoveInAsync(db, sequence.Id, sequence.Status, CandidateState.AwaitingReply, "Message sent", EngineLedger.Actor, now, ct);
        }

        // The check-back replaces what was left of the sequence: nobody wants the follow-up email a day after "not now".
        await OutstandingWork.CancelAsync(db, sequence.Id, "Candidate asked to be contacted later", now, ct);
        var zone = await ZoneAsync(db, sequence, ct);
        var day = intent.Date ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime).AddDays(DefaultLaterDays);
        // Midnight of that day where the candidate lives; the sender then waits for the allowed hours of the morning.
        var due = LocalMidnight(day, zone);
        if (due < now)
        {
            due = now;
        }

        await PauseAsync(db, sequence.Id, now, ct);
        db.ReplyFollowUps.Add(New(sequence, ReplyFollowUpKind.CheckingBack, origin.Channel, due, reply.Id, actor, now));
        db.OutreachEvents.Add(OutreachService.NewEvent(sequence.Id, CandidateState.AwaitingReply, CandidateState.AwaitingReply,
            $"Not now, {origin.How}: paused, checking back on {day:yyyy-MM-dd}{(intent.Date is null ? $" (no date named: {DefaultLaterDays} days)" : "")}", actor, now));
        EngineLedger.Add(db, sequence.ProjectId, sequence.Id, null, LedgerKind.ReplyReceived,
            $"Not now {origin.How} (\"{Quote(reply.Body)}\"): pending steps dropped, checking back on {day:yyyy-MM-dd} inside allowed hours", now);
    }

    private static async Task AwayAsync(SamsaraDbContext db, OutreachSequence sequence, Message reply, DateOnly back, ReplyOrigin origin, DateTimeOffset now, CancellationToken ct)
    {
        await EndPauseAsync(db, sequence.Id, "Replaced by a newer reply", now, ct);
        var zone = await ZoneAsync(db, sequence, ct);
        var resume = LocalMidnight(back.AddDays(1), zone);
        if (resume <= now)
        {
            reply.DoneAt ??= now;
            EngineLedger.Add(db, sequence.ProjectId, sequence.Id, null, LedgerKind.AutoReply, $"Out of office {origin.How}, back {back:yyyy-MM-dd}: already past, nothing paused", now);
            return;
        }

        // Every step and timer keeps its distance from now: the sequence picks up after the absence where it stopped.
        var shift = resume - now;
        var sends = await db.OutreachSends
            .Where(s => s.SequenceId == sequence.Id && s.Status == Engine.SendStatus.Pending && s.AttemptedAt == null).ToListAsync(ct);
        foreach (var send in sends)
        {
            send.DueAt = (send.DueAt < now ? now : send.DueAt) + shift;
            send.UpdatedAt = now;
        }

        var timers = await db.OutreachTimers.Where(t => t.SequenceId == sequence.Id && t.FiredAt == null && t.CancelledAt == null).ToListAsync(ct);
        foreach (var timer in timers)
        {
            timer.DueAt = (timer.DueAt < now ? now : timer.DueAt) + shift;
        }

        await PauseAsync(db, sequence.Id, now, ct);
        reply.DoneAt ??= now;
        db.ReplyFollowUps.Add(New(sequence, ReplyFollowUpKind.Resume, null, resume, reply.Id, EngineLedger.Actor, now));
        db.OutreachEvents.Add(OutreachService.NewEvent(sequence.Id, sequence.Status, sequence.Status,
            $"Out of office until {back:yyyy-MM-dd}: paused, resumes {back.AddDays(1):yyyy-MM-dd}", EngineLedger.Actor, now));
        EngineLedger.Add(db, sequence.ProjectId, sequence.Id, null, LedgerKind.AutoReply,
            $"Out of office {origin.How}, back {back:yyyy-MM-dd}: paused until {resume:u}, {sends.Count} step(s) and {timers.Count} timer(s) moved by {shift.TotalDays:0.#} days", now);
    }

    private static async Task WrongPersonAsync(SamsaraDbContext db, OutreachSequence sequence, Message reply, ReplyOrigin origin, DateTimeOffset now, CancellationToken ct)
    {
        var problem = $"Wrong person: \"{Quote(reply.Body, 300)}\" ({origin.How})";
        var candidates = db.Candidates.Where(c => c.Id == sequence.CandidateId);
        var what = origin.Channel == MessageChannel.Sms ? "number" : "address";
        if (origin.Channel == MessageChannel.Sms)
        {
            await candidates.ExecuteUpdateAsync(c => c.SetProperty(x => x.PhoneProblem, problem).SetProperty(x => x.UpdatedAt, now), ct);
        }
        else
        {
            await candidates.ExecuteUpdateAsync(c => c.SetProperty(x => x.EmailProblem, problem).SetProperty(x => x.UpdatedAt, now), ct);
        }

        EngineLedger.Add(db, sequence.ProjectId, sequence.Id, null, LedgerKind.ReplyReceived,
            $"Wrong person {origin.How}: the {what} is marked unusable for this candidate; steps on it skip to the next channel", now);
    }

    /// <summary>Undoes <see cref="WrongPersonAsync"/> (a recruiter's correction).</summary>
    public static Task ClearWrongPersonAsync(SamsaraDbContext db, Guid candidateId, MessageChannel channel, DateTimeOffset now, CancellationToken ct)
    {
        var candidates = db.Candidates.Where(c => c.Id == candidateId);
        return channel == MessageChannel.Sms
            ? candidates.Where(c => c.PhoneProblem != null && c.PhoneProblem.StartsWith("Wrong person"))
                .ExecuteUpdateAsync(c => c.SetProperty(x => x.PhoneProblem, (string?)null).SetProperty(x => x.UpdatedAt, now), ct)
            : candidates.Where(c => c.EmailProblem != null && c.EmailProblem.StartsWith("Wrong person"))
                .ExecuteUpdateAsync(c => c.SetProperty(x => x.EmailProblem, (string?)null).SetProperty(x => x.UpdatedAt, now), ct);
    }

    private static Task<int> PauseAsync(SamsaraDbContext db, Guid sequenceId, DateTimeOffset now, CancellationToken ct) =>
        db.OutreachSequences.Where(s => s.Id == sequenceId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.IsPaused, true).SetProperty(x => x.UpdatedAt, now), ct);

    public static ReplyFollowUp New(OutreachSequence sequence, ReplyFollowUpKind kind, MessageChannel? channel, DateTimeOffset due, Guid? source, string actor, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        ProjectId = sequence.ProjectId,
        SequenceId = sequence.Id,
        CandidateId = sequence.CandidateId,
        Kind = kind,
        Channel = channel,
        Status = ReplyFollowUpStatus.Pending,
        DueAt = due,
        SourceMessageId = source,
        Actor = actor,
        CreatedAt = now,
        UpdatedAt = now,
    };

    private static bool IsAwaiting(CandidateState state) => state is CandidateState.OutreachSent or CandidateState.AwaitingReply;

    private static async Task<TimeZoneInfo> ZoneAsync(SamsaraDbContext db, OutreachSequence sequence, CancellationToken ct)
    {
        var facts = await (
            from c in db.Candidates
            join p in db.Projects on c.ProjectId equals p.Id
            where c.Id == sequence.CandidateId
            select new { c.Phone, p.DefaultPhoneRegion }).SingleAsync(ct);
        return CandidateTimeZones.For(facts.Phone, facts.DefaultPhoneRegion)[0];
    }

    private static DateTimeOffset LocalMidnight(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public static string Quote(string? body, int max = 200)
    {
        var trimmed = (body ?? "").Trim();
        return trimmed.Length > max ? trimmed[..max] + "…" : trimmed;
    }
}
