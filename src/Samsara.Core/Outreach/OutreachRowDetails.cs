using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Outreach.Sequences;

namespace Samsara.Core.Outreach;

/// <summary>
/// What the Outreach table shows beside each candidate's state: the engine's next action and when, and the latest
/// message. Read per project in one query each (not per row), so a project of thousands opens in one go.
/// </summary>
internal static class OutreachRowDetails
{
    public const int SnippetLength = 140;

    public sealed record Next(string What, DateTimeOffset At);

    public sealed record Last(string Snippet, MessageDirection Direction, DateTimeOffset At);

    public static async Task<Dictionary<Guid, Next>> NextByEnrolmentAsync(SamsaraDbContext db, Guid projectId, CancellationToken ct)
    {
        var sends = await db.OutreachSends
            .Where(s => s.ProjectId == projectId && (s.Status == SendStatus.Pending || s.Status == SendStatus.Claimed || s.Status == SendStatus.UnknownOutcome))
            .Select(s => new { s.SequenceId, s.Channel, s.DueAt })
            .ToListAsync(ct);
        var timers = await db.OutreachTimers
            .Where(t => t.ProjectId == projectId && t.FiredAt == null && t.CancelledAt == null)
            .Select(t => new { t.SequenceId, t.DueAt })
            .ToListAsync(ct);
        return sends.Select(s => (s.SequenceId, Next: new Next(Describe(s.Channel), s.DueAt)))
            .Concat(timers.Select(t => (t.SequenceId, Next: new Next("Reply window ends", t.DueAt))))
            .GroupBy(x => x.SequenceId)
            .ToDictionary(g => g.Key, g => g.MinBy(x => x.Next.At).Next);
    }

    public static async Task<Dictionary<Guid, Last>> LastMessageByEnrolmentAsync(SamsaraDbContext db, Guid projectId, CancellationToken ct)
    {
        var messages = await (
            from m in db.Messages
            join s in db.OutreachSequences on m.SequenceId equals s.Id
            where s.ProjectId == projectId
            select new { m.SequenceId, m.Direction, Snippet = m.Body.Substring(0, SnippetLength), m.CreatedAt })
            .ToListAsync(ct);
        return messages.GroupBy(m => m.SequenceId).ToDictionary(g => g.Key, g =>
        {
            var latest = g.MaxBy(m => m.CreatedAt)!;
            return new Last(latest.Snippet, latest.Direction, latest.CreatedAt);
        });
    }

    /// <summary>The same, for the enrolments on one page of the table only.</summary>
    public static async Task<Dictionary<Guid, Next>> NextAsync(SamsaraDbContext db, IReadOnlyCollection<Guid> sequenceIds, CancellationToken ct)
    {
        var sends = await db.OutreachSends
            .Where(s => sequenceIds.Contains(s.SequenceId) && (s.Status == SendStatus.Pending || s.Status == SendStatus.Claimed || s.Status == SendStatus.UnknownOutcome))
            .Select(s => new { s.SequenceId, s.Channel, s.DueAt })
            .ToListAsync(ct);
        var timers = await db.OutreachTimers
            .Where(t => sequenceIds.Contains(t.SequenceId) && t.FiredAt == null && t.CancelledAt == null)
            .Select(t => new { t.SequenceId, t.DueAt })
            .ToListAsync(ct);
        return sends.Select(s => (s.SequenceId, Next: new Next(Describe(s.Channel), s.DueAt)))
            .Concat(timers.Select(t => (t.SequenceId, Next: new Next("Reply window ends", t.DueAt))))
            .GroupBy(x => x.SequenceId)
            .ToDictionary(g => g.Key, g => g.MinBy(x => x.Next.At).Next);
    }

    public static async Task<Dictionary<Guid, Last>> LastMessageAsync(SamsaraDbContext db, IReadOnlyCollection<Guid> sequenceIds, CancellationToken ct)
    {
        var messages = await db.Messages
            .Where(m => sequenceIds.Contains(m.SequenceId))
            .Select(m => new { m.SequenceId, m.Direction, Snippet = m.Body.Substring(0, SnippetLength), m.CreatedAt })
            .ToListAsync(ct);
        return messages.GroupBy(m => m.SequenceId).ToDictionary(g => g.Key, g =>
        {
            var latest = g.MaxBy(m => m.CreatedAt)!;
            return new Last(latest.Snippet, latest.Direction, latest.CreatedAt);
        });
    }

    private static string Describe(StepChannel channel) => channel switch
    {
        StepChannel.Sms => "SMS",
        StepChannel.Email => "Email",
        StepChannel.AiCall => "AI call",
    };
}
