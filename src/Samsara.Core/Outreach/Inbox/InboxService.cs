using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samsara.Core.Common;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Outreach.Replies;
using Samsara.Core.Templates;

namespace Samsara.Core.Outreach.Inbox;

/// <summary>
/// The recruiter's inbox: candidates' replies across projects, one conversation per enrolment, unread first; the thread
/// with both directions; answers queued as <see cref="ReplyFollowUp"/>s so they go through the engine's consent checks,
/// pacing and ledger like any send; and the one-click correction of a reply's intent (<see cref="CorrectAsync"/>).
/// </summary>
public sealed partial class InboxService(
    IDbContextFactory<SamsaraDbContext> dbFactory, TemplateService templates, IOptions<RecruiterOptions> recruiter, TimeProvider clock, ChangeFeed changes)
{
    public const int MaxSmsLength = 1600;
    public const int MaxEmailLength = 20_000;

    private sealed record Row(Guid Id, Guid SequenceId, Guid ProjectId, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, DateTimeOffset? DoneAt, ReplyIntent? Intent, MessageChannel Channel);

    private sealed record Conversation(Row Latest, bool Unread, bool SortsUnread, bool Done, int Replies);

    public async Task<InboxPage> ListAsync(InboxQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var conversations = await ConversationsAsync(db, query.ProjectId, query.OrderAsOf, ct);
        var unread = conversations.Count(c => c.Unread);
        var matching = conversations
            .Where(c => query.IncludeDone || !c.Done)
            .Where(c => query.Intent is null || c.Latest.Intent == query.Intent)
            .Where(c => query.Channel is null || c.Latest.Channel == query.Channel)
            .OrderByDescending(c => c.SortsUnread).ThenByDescending(c => c.Latest.CreatedAt).ThenByDescending(c => c.Latest.Id)
            .ToList();
        var size = Math.Clamp(query.PageSize, 1, 200);
        var page = Math.Max(1, query.Page);
        var slice = matching.Skip((page - 1) * size).Take(size).ToList();
        var items = await DetailsAsync(db, slice, ct);
        return new InboxPage(items, matching.Count, unread, page, size);
    }

    /// <summary>Conversations with an unopened reply: in one project, or everywhere when <paramref name="projectId"/> is null.</summary>
    public async Task<int> UnreadAsync(Guid? projectId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (
            from m in db.Messages
            join s in db.OutreachSequences on m.SequenceId equals s.Id
            where m.Direction == MessageDirection.Inbound && m.ReadAt == null && m.DoneAt == null && (projectId == null || s.ProjectId == projectId)
            select m.SequenceId).Distinct().CountAsync(ct);
    }

    /// <summary>Unread conversations per project, for the dashboard.</summary>
    public async Task<IReadOnlyDictionary<Guid, int>> UnreadByProjectAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pairs = await (
            from m in db.Messages
            join s in db.OutreachSequences on m.SequenceId equals s.Id
            where m.Direction == MessageDirection.Inbound && m.ReadAt == null && m.DoneAt == null
            select new { s.ProjectId, m.SequenceId }).Distinct().ToListAsync(ct);
        return pairs.GroupBy(p => p.ProjectId).ToDictionary(g => g.Key, g => g.Count());
    }

    public async Task<InboxThread?> ThreadAsync(Guid sequenceId, bool markRead, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var head = await (
            from seq in db.OutreachSequences
            join cand in db.Candidates on seq.CandidateId equals cand.Id
            join proj in db.Projects on seq.ProjectId equals proj.Id
            where seq.Id == sequenceId
            select new { Sequence = seq, Candidate = cand, Project = proj }).AsNoTracking().SingleOrDefaultAsync(ct);
        if (head is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (markRead && await db.Messages.Where(m => m.SequenceId == sequenceId && m.Direction == MessageDirection.Inbound && m.ReadAt == null)
                .ExecuteUpdateAsync(m => m.SetProperty(x => x.ReadAt, now), ct) > 0)
        {
            changes.Publish(head.Project.Id, "inbox");
        }

        var messages = await db.Messages.AsNoTracking().Where(m => m.SequenceId == sequenceId)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync(ct);
        var pending = await db.ReplyFollowUps.AsNoTracking()
            .Where(f => f.SequenceId == sequenceId && (f.Status == ReplyFollowUpStatus.Pending || f.Status == ReplyFollowUpStatus.Sending) && f.Kind != ReplyFollowUpKind.Resume)
            .OrderBy(f => f.DueAt).ToListAsync(ct);
        var (c, p, s) = (head.Candidate, head.Project, head.Sequence);
        return new InboxThread(s.Id, p.Id, p.Name, c.Id, c.FullName, c.Phone, c.Email, c.PhoneProblem, c.EmailProblem, s.Status, s.IsPaused,
            [.. messages.Select(m => new ThreadMessage(m.Id, m.Direction, m.Channel, m.Subject, m.Body, m.Status, m.StatusDetail, m.SentAt ?? m.CreatedAt,
                m.Intent, m.IntentConfidence, IsSuggestion(m), m.IntentDate, m.IntentCorrectedBy))],
            [.. pending.Select(f => new PendingMessage(f.Id, f.Kind, f.Channel, f.Body, f.DueAt, f.Reason))],
            Hours(c.Phone, p, now));
    }

    /// <summary>Marks the conversation dealt with ("e"); it leaves the inbox until the candidate writes again.</summary>
    public async Task<bool> MarkDoneAsync(Guid sequenceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var projectId = await db.OutreachSequences.Where(s => s.Id == sequenceId).Select(s => (Guid?)s.ProjectId).SingleOrDefaultAsync(ct);
        if (projectId is null)
        {
            return false;
        }

        await DoneAsync(db, sequenceId, clock.GetUtcNow(), ct);
        changes.Publish(projectId, "inbox");
        return true;
    }

    private static Task<int> DoneAsync(SamsaraDbContext db, Guid sequenceId, DateTimeOffset now, CancellationToken ct) =>
        db.Messages.Where(m => m.SequenceId == sequenceId && m.Direction == MessageDirection.Inbound && m.DoneAt == null)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.DoneAt, now).SetProperty(x => x.ReadAt, x => x.ReadAt ?? now), ct);

    /// <summary>
    /// Queues the recruiter's answer. Refused with a message naming the field when there is nothing to say, the
    /// candidate cannot be reached on that channel, or they opted out; nothing typed is lost (the caller keeps it).
    /// </summary>
    /// <returns>Null when the enrolment does not exist.</returns>
    public async Task<AnswerResult?> AnswerAsync(Guid sequenceId, AnswerRequest request, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var head = await (
            from s in db.OutreachSequences
            join c in db.Candidates on s.CandidateId equals c.Id
            join p in db.Projects on s.ProjectId equals p.Id
            where s.Id == sequenceId
            select new { Sequence = s, Candidate = c, Project = p }).AsNoTracking().SingleOrDefaultAsync(ct);
        if (head is null)
        {
            return null;
        }

        var (candidate, project, sequence) = (head.Candidate, head.Project, head.Sequence);
        var sms = request.Channel == MessageChannel.Sms;
        var contact = sms ? candidate.Phone : candidate.Email;
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(contact))
        {
            errors["channel"] = [$"{candidate.FullName} has no {(sms ? "phone number" : "email address")}."];
        }
        else if ((sms ? candidate.PhoneProblem : candidate.EmailProblem) is { } problem)
        {
            errors["channel"] = [$"{contact} is unusable: {problem}"];
        }
        else if (await ConsentLedger.BlockedReasonAsync(db, contact, sms ? ConsentChannel.Phone : ConsentChannel.Email, ct) is { } blocked)
        {
            errors["channel"] = [$"{candidate.FullName} cannot be contacted this way. {blocked}."];
        }

        var (subject, body) = (request.Subject?.Trim(), request.Body?.Trim());
        if (request.TemplateId is { } templateId)
        {
            var template = await db.MessageTemplates.AsNoTracking()
                .SingleOrDefaultAsync(t => t.Id == templateId && (t.ProjectId == project.Id || t.ProjectId == null), ct);
            if (template is null || template.Channel != request.Channel)
            {
                errors["templateId"] = [$"No {request.Channel} template with that id in this project."];
            }
            else
            {
                var job = await db.JobDescriptions.AsNoTracking().Where(j => j.ProjectId == project.Id).OrderByDescending(j => j.UpdatedAt).FirstOrDefaultAsync(ct);
                var rendered = await templates.RenderAsync(template, TemplateVariables.For(candidate, project, job, recruiter.Value.ToProfile()));
                if (!rendered.CanSend)
                {
                    errors["templateId"] = [rendered.BlockedReason ?? "The template could not be written for this candidate."];
                }

                (subject, body) = (rendered.Subject, rendered.Text);
            }
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            errors["body"] = ["Write an answer or pick a template."];
        }
        else if (body.Length > (sms ? MaxSmsLength : MaxEmailLength))
        {
            errors["body"] = [$"An {(sms ? "SMS" : "email")} answer is at most {(sms ? MaxSmsLength : MaxEmailLength):N0} characters; this one is {body.Length:N0}."];
        }

        if (errors.Count > 0)
        {
            throw new InputValidationException(errors);
        }

        var now = clock.GetUtcNow();
        if (!sms && string.IsNullOrWhiteSpace(subject))
        {
            var last = await db.Messages.Where(m => m.SequenceId == sequenceId && m.Channel == MessageChannel.Email && m.Subject != null)
                .OrderByDescending(m => m.CreatedAt).Select(m => m.Subject).FirstOrDefaultAsync(ct);
            subject = last is null ? project.Name : last.StartsWith("Re:", StringComparison.OrdinalIgnoreCase) ? last : "Re: " + last;
        }

        var due = request.AtAllowedHours ? Hours(candidate.Phone, project, now).NextAllowed ?? now : now;
        var answer = ReplyActions.New(sequence, ReplyFollowUpKind.Answer, request.Channel, due, null, actor, now);
        answer.Subject = subject is { Length: > 500 } ? subject[..500] : subject;
        answer.Body = body;
        db.ReplyFollowUps.Add(answer);
        EngineLedger.Add(db, project.Id, sequence.Id, null, LedgerKind.Deferred,
            due > now ? $"Answer from {actor} by {request.Channel} queued for the candidate's allowed hours ({due:u})" : $"Answer from {actor} by {request.Channel} queued", now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        // Answered means read, not done: the conversation stays in the inbox until the recruiter marks it done (e).
        await db.Messages.Where(m => m.SequenceId == sequenceId && m.Direction == MessageDirection.Inbound && m.ReadAt == null)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.ReadAt, now), ct);
        await tx.CommitAsync(ct);
        changes.Publish(project.Id, "inbox");
        return new AnswerResult(answer.Id, due, request.Channel);
    }

    /// <summary>A template written for this conversation's candidate, for the recruiter to read and edit before answering.</summary>
    public async Task<RenderedMessage?> PreviewAsync(Guid sequenceId, Guid templateId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var head = await (
            from s in db.OutreachSequences
            join c in db.Candidates on s.CandidateId equals c.Id
            join p in db.Projects on s.ProjectId equals p.Id
            where s.Id == sequenceId
            select new { Candidate = c, Project = p }).AsNoTracking().SingleOrDefaultAsync(ct);
        var template = await db.MessageTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == templateId, ct);
        if (head is null || template is null || (template.ProjectId is { } owner && owner != head.Project.Id))
        {
            return null;
        }

        var job = await db.JobDescriptions.AsNoTracking().Where(j => j.ProjectId == head.Project.Id).OrderByDescending(j => j.UpdatedAt).FirstOrDefaultAsync(ct);
        return await templates.RenderAsync(template, TemplateVariables.For(head.Candidate, head.Project, job, recruiter.Value.ToProfile()));
    }

    /// <summary>Where the candidate lives, whether the project's hours allow contact now, and when they next do.</summary>
    public static ContactHours Hours(string? phone, Projects.Project project, DateTimeOffset now)
    {
        var zones = CandidateTimeZones.For(phone, project.DefaultPhoneRegion);
        var hours = new QuietHours(project.QuietHoursStartMinute, project.QuietHoursEndMinute, zones);
        var allowed = hours.Allows(now);
        var next = allowed ? now : hours.NextAllowed(now);
        var zone = zones[0];
        string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).ToString("HH:mm", CultureInfo.InvariantCulture);
        return new ContactHours(allowed, next, Local(now), next is { } n ? Local(n) : "", zone.Id);
    }

    private static bool IsSuggestion(Message m) =>
        m.Intent is not null && m.IntentCorrectedBy is null && (m.IntentConfidence ?? 0) < ReplyClassification.ActThreshold;

    private static async Task<List<Conversation>> ConversationsAsync(SamsaraDbContext db, Guid? projectId, DateTimeOffset? orderAsOf, CancellationToken ct)
    {
        var rows = await (
            from m in db.Messages
            join s in db.OutreachSequences on m.SequenceId equals s.Id
            where m.Direction == MessageDirection.Inbound && (projectId == null || s.ProjectId == projectId)
            select new Row(m.Id, m.SequenceId, s.ProjectId, m.CreatedAt, m.ReadAt, m.DoneAt, m.Intent, m.Channel)).ToListAsync(ct);
        return [.. rows.GroupBy(r => r.SequenceId).Select(g =>
        {
            var latest = g.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).First();
            return new Conversation(latest, g.Any(r => r.ReadAt is null && r.DoneAt is null),
                g.Any(r => r.DoneAt is null && (r.ReadAt is null || r.ReadAt > orderAsOf)), latest.DoneAt is not null, g.Count());
        })];
    }

    private static async Task<List<InboxItem>> DetailsAsync(SamsaraDbContext db, List<Conversation> slice, CancellationToken ct)
    {
        var messageIds = slice.Select(c => c.Latest.Id).ToList();
        var sequenceIds = slice.Select(c => c.Latest.SequenceId).ToList();
        var messages = await db.Messages.AsNoTracking().Where(m => messageIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var heads = await (
            from s in db.OutreachSequences
            join c in db.Candidates on s.CandidateId equals c.Id
            join p in db.Projects on s.ProjectId equals p.Id
            where sequenceIds.Contains(s.Id)
            select new { s.Id, s.Status, s.IsPaused, CandidateId = c.Id, c.FullName, ProjectId = p.Id, ProjectName = p.Name }).ToDictionaryAsync(h => h.Id, ct);
        var sent = (await db.Messages.AsNoTracking()
                .Where(m => sequenceIds.Contains(m.SequenceId) && m.Direction == MessageDirection.Outbound)
                .Select(m => new { m.SequenceId, m.Channel, m.Body, m.Status, m.CreatedAt, m.SentAt }).ToListAsync(ct))
            .GroupBy(m => m.SequenceId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(m => m.CreatedAt).First());
        return [.. slice.Select(c =>
        {
            var m = messages[c.Latest.Id];
            var h = heads[c.Latest.SequenceId];
            var last = sent.GetValueOrDefault(h.Id);
            return new InboxItem(h.Id, h.ProjectId, h.ProjectName, h.CandidateId, h.FullName, m.Id, m.Channel, m.Subject, Snippet(m.Body, 240), m.SentAt ?? m.CreatedAt,
                m.Intent, m.IntentConfidence, IsSuggestion(m), m.IntentDate, m.IntentCorrectedBy, c.Unread, c.Done, c.Replies, h.Status, h.IsPaused,
                last is null ? null : new LastSent(last.Channel, Snippet(last.Body, 120), last.Status, last.SentAt ?? last.CreatedAt));
        })];
    }

    private static string Snippet(string text, int max)
    {
        var flat = string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return flat.Length > max ? flat[..max] + "…" : flat;
    }
}
