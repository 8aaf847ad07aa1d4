using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Outreach.Sequences;

namespace Samsara.Core.Outreach.Listing;

/// <summary>
/// The Outreach table at any size: one page of rows with their details, counts for the chips, and the candidates a
/// filter matches, all decided by the database so a project of 10,000 never loads every row into the page.
/// </summary>
public sealed class OutreachListing(IDbContextFactory<SamsaraDbContext> dbFactory)
{
    /// <returns>Null when there is no such project.</returns>
    public async Task<OutreachPage?> PageAsync(Guid projectId, OutreachQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct))
        {
            return null;
        }

        return await PageAsync(db, Matching(db, projectId, query.Filter ?? new OutreachFilter()), query, ct);
    }

    /// <summary>One candidate's row, for a link that opens their timeline.</summary>
    public async Task<OutreachRow?> RowAsync(Guid projectId, Guid candidateId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var page = await PageAsync(db, Selected(db, projectId, new OutreachSelection([candidateId])), new OutreachQuery(PageSize: 1), ct);
        return page.Items.SingleOrDefault();
    }

    /// <summary>
    /// Who waits for the recruiter and why: replies to read, calls to arrange, candidates ready for the ATS, out-of-office
    /// answers and failures; most recent first.
    /// </summary>
    public async Task<IReadOnlyList<NeedsYouItem>> NeedsYouAsync(Guid projectId, int take = 20, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var waiting = new[] { CandidateState.Replied, CandidateState.Pass, CandidateState.Scheduling, CandidateState.AtsReady };
        var byState = await (
            from s in db.OutreachSequences
            join c in db.Candidates on s.CandidateId equals c.Id
            where s.ProjectId == projectId && waiting.Contains(s.Status)
            orderby s.StateChangedAt descending
            select new { c.Id, c.FullName, s.Status, s.StateChangedAt }).Take(take).ToListAsync(ct);
        var away = await (
            from e in db.OutreachLedger
            join s in db.OutreachSequences on e.SequenceId equals s.Id
            join c in db.Candidates on s.CandidateId equals c.Id
            where e.ProjectId == projectId && e.Kind == LedgerKind.AutoReply && s.Status == CandidateState.AwaitingReply
            orderby e.OccurredAt descending
            select new { c.Id, c.FullName, e.OccurredAt }).Take(take).ToListAsync(ct);
        var failing = await PageAsync(db, Matching(db, projectId, new OutreachFilter(ProblemsOnly: true)), new OutreachQuery(PageSize: take), ct);
        // A candidate who was offered times is waiting on themselves, until they answer without picking one.
        var offers = (await db.CallNotices.AsNoTracking()
            .Where(n => n.ProjectId == projectId && n.Kind == Scheduling.Notices.CallNoticeKind.Offer && n.ClosedAt == null)
            .Select(n => new { n.CandidateId, n.Status, n.NeedsRecruiterAt, n.Reason, n.CreatedAt }).ToListAsync(ct))
            .GroupBy(n => n.CandidateId).ToDictionary(g => g.Key, g => g.MaxBy(n => n.CreatedAt)!);
        string? WhyNow(Guid candidateId, CandidateState state) =>
            state != CandidateState.Scheduling || !offers.TryGetValue(candidateId, out var offer) ? Why(state)
            : offer.NeedsRecruiterAt is not null ? "Answered the offered times without picking one: read the reply and book"
            : offer.Status is Scheduling.Notices.CallNoticeStatus.Failed or Scheduling.Notices.CallNoticeStatus.Skipped ? $"Offered times not sent: {offer.Reason}"
            : null;
        return byState.Where(r => WhyNow(r.Id, r.Status) is not null).Select(r => new NeedsYouItem(r.Id, r.FullName, WhyNow(r.Id, r.Status)!, NeedsYouKind.Reply, r.StateChangedAt))
            .Concat(away.DistinctBy(a => a.Id).Select(a => new NeedsYouItem(a.Id, a.FullName, "Out-of-office reply: check when they are back", NeedsYouKind.OutOfOffice, a.OccurredAt)))
            .Concat(failing.Items.Where(r => r.Problem is not null && !r.Stopped)
                .Select(r => new NeedsYouItem(r.CandidateId, r.CandidateName, $"{(r.Problem!.Kind == ProblemKind.Failed ? "Failed" : "Unreachable")}: {r.Problem.Reason}. {r.Problem.NextStep}", NeedsYouKind.Problem, r.UpdatedAt)))
            .DistinctBy(i => i.CandidateId)
            .OrderByDescending(i => i.At)
            .Take(take)
            .ToList();
    }

    private static string Why(CandidateState state) => state switch
    {
        CandidateState.Replied => "Replied: read the answer and arrange a call",
        CandidateState.Pass => "Passed the AI screen: schedule a call",
        CandidateState.Scheduling => "Call to schedule",
        CandidateState.AtsReady => "Ready to go into the ATS",
        CandidateState.Pending or CandidateState.OutreachSent or CandidateState.AwaitingReply or CandidateState.Timeout
            or CandidateState.Scheduled or CandidateState.CallDone or CandidateState.Transcribed or CandidateState.AiCalling
            or CandidateState.Screened or CandidateState.Fail or CandidateState.AtsSubmitted or CandidateState.SentToClient
            or CandidateState.OptedOut or CandidateState.Withdrawn or CandidateState.Rejected => "Check the timeline",
    };

    private static async Task<OutreachPage> PageAsync(SamsaraDbContext db, IQueryable<OutreachSequence> matching, OutreachQuery query, CancellationToken ct)
    {
        var size = Math.Clamp(query.PageSize, 1, OutreachQuery.MaxPageSize);
        var page = Math.Max(1, query.Page);
        var total = await matching.CountAsync(ct);
        var joined = from s in matching
                     join c in db.Candidates on s.CandidateId equals c.Id
                     select new { s, c };
        var ordered = (query.Sort, query.Descending) switch
        {
            (OutreachSort.Name, false) => joined.OrderBy(x => x.c.FullName).ThenBy(x => x.s.Id),
            (OutreachSort.Name, true) => joined.OrderByDescending(x => x.c.FullName).ThenBy(x => x.s.Id),
            (OutreachSort.State, false) => joined.OrderBy(x => x.s.Status).ThenBy(x => x.c.FullName),
            (OutreachSort.State, true) => joined.OrderByDescending(x => x.s.Status).ThenBy(x => x.c.FullName),
            (OutreachSort.Since, false) => joined.OrderBy(x => x.s.StateChangedAt).ThenBy(x => x.s.Id),
            (OutreachSort.Since, true) => joined.OrderByDescending(x => x.s.StateChangedAt).ThenBy(x => x.s.Id),
            (OutreachSort.Updated, false) => joined.OrderBy(x => x.s.UpdatedAt).ThenBy(x => x.s.Id),
            (OutreachSort.Updated, true) => joined.OrderByDescending(x => x.s.UpdatedAt).ThenBy(x => x.s.Id),
        };
        var rows = await ordered.Skip((page - 1) * size).Take(size)
            .Select(x => new { x.s.Id, x.s.CandidateId, x.c.FullName, x.c.Email, x.c.Phone, x.s.Status, x.s.IsPaused, x.s.StoppedAt, x.s.StateChangedAt, x.s.UpdatedAt })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var next = await OutreachRowDetails.NextAsync(db, ids, ct);
        var last = await OutreachRowDetails.LastMessageAsync(db, ids, ct);
        var problems = await ProblemsAsync(db, ids, ct);
        var items = rows.Select(r =>
        {
            var n = r.StoppedAt is null ? next.GetValueOrDefault(r.Id) : null;
            var m = last.GetValueOrDefault(r.Id);
            return new OutreachRow(r.Id, r.CandidateId, r.FullName, r.Email, r.Phone, r.Status, r.IsPaused, r.StoppedAt is not null, r.StateChangedAt, r.UpdatedAt,
                CandidateStateMachine.NextStates(r.Status), n?.What, n?.At, m?.Snippet, m?.Direction, m?.At, problems.GetValueOrDefault(r.Id));
        }).ToList();
        return new OutreachPage(items, total, page, size);
    }

    public async Task<OutreachCounts> CountsAsync(Guid projectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var byState = await db.OutreachSequences.Where(s => s.ProjectId == projectId)
            .GroupBy(s => s.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var problems = await Matching(db, projectId, new OutreachFilter(ProblemsOnly: true)).CountAsync(ct);
        return new OutreachCounts(byState.Sum(g => g.Count), byState.ToDictionary(g => g.Key, g => g.Count), problems);
    }

    /// <summary>What a bulk <paramref name="control"/> would change: counted and named before the recruiter confirms.</summary>
    public async Task<BulkImpact> ImpactAsync(Guid projectId, OutreachSelection selection, OutreachControl control, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var targets = Applicable(Selected(db, projectId, selection), control);
        var count = await targets.CountAsync(ct);
        var names = await NamesAsync(db, targets, 5, ct);
        var replied = Replied(db, targets);
        return new BulkImpact(count, names, await replied.CountAsync(ct), await NamesAsync(db, replied, 5, ct));
    }

    /// <summary>
    /// What deleting (or, with <paramref name="enrolledOnly"/>, opting out) these candidates would touch: how many, the
    /// first names, and who among them has written back in this project.
    /// </summary>
    public async Task<BulkImpact> CandidatesImpactAsync(Guid projectId, IReadOnlyList<Guid> candidateIds, bool enrolledOnly, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var targets = db.Candidates.Where(c => c.ProjectId == projectId && candidateIds.Contains(c.Id));
        if (enrolledOnly)
        {
            targets = targets.Where(c => db.OutreachSequences.Any(s => s.ProjectId == projectId && s.CandidateId == c.Id && s.Status != CandidateState.OptedOut));
        }

        var replied = targets.Where(c => db.OutreachSequences.Any(s => s.ProjectId == projectId && s.CandidateId == c.Id
            && (s.Status == CandidateState.Replied || db.Messages.Any(m => m.SequenceId == s.Id && m.Direction == MessageDirection.Inbound))));
        return new BulkImpact(
            await targets.CountAsync(ct),
            await targets.OrderBy(c => c.FullName).Select(c => c.FullName).Take(5).ToListAsync(ct),
            await replied.CountAsync(ct),
            await replied.OrderBy(c => c.FullName).Select(c => c.FullName).Take(5).ToListAsync(ct));
    }

    /// <summary>The enrolments a selection covers, before any control applies.</summary>
    internal static IQueryable<OutreachSequence> Selected(SamsaraDbContext db, Guid projectId, OutreachSelection selection)
    {
        var q = selection.Matching is { } filter ? Matching(db, projectId, filter) : db.OutreachSequences.Where(s => s.ProjectId == projectId);
        if (selection.CandidateIds is { } candidates)
        {
            q = q.Where(s => candidates.Contains(s.CandidateId));
        }

        if (selection.SequenceIds is { } sequences)
        {
            q = q.Where(s => sequences.Contains(s.Id));
        }

        return q;
    }

    /// <summary>The enrolments a control changes: pausing the paused or stopping the stopped changes nothing.</summary>
    internal static IQueryable<OutreachSequence> Applicable(IQueryable<OutreachSequence> q, OutreachControl control) => control switch
    {
        OutreachControl.Pause => q.Where(s => s.StoppedAt == null && !s.IsPaused),
        OutreachControl.Resume => q.Where(s => s.StoppedAt == null && s.IsPaused),
        OutreachControl.Stop => q.Where(s => s.StoppedAt == null),
        OutreachControl.Restart => q.Where(s => s.StoppedAt != null),
    };

    internal static IQueryable<OutreachSequence> Matching(SamsaraDbContext db, Guid projectId, OutreachFilter filter)
    {
        var q = db.OutreachSequences.Where(s => s.ProjectId == projectId);
        if (filter.State is { } state)
        {
            q = q.Where(s => s.Status == state);
        }

        if (filter.ProblemsOnly)
        {
            var p0 = OutreachProblems.UnreachablePrefixes[0];
            var p1 = OutreachProblems.UnreachablePrefixes[1];
            var p2 = OutreachProblems.UnreachablePrefixes[2];
            var p3 = OutreachProblems.UnreachablePrefixes[3];
            q = q.Where(s =>
                db.OutreachSends.Any(x => x.SequenceId == s.Id && (x.Status == SendStatus.Failed
                    || (x.Status == SendStatus.Skipped && x.Reason != null && (x.Reason.StartsWith(p0) || x.Reason.StartsWith(p1) || x.Reason.StartsWith(p2) || x.Reason.StartsWith(p3)))))
                || db.Messages.Any(m => m.SequenceId == s.Id && m.Direction == MessageDirection.Outbound && m.Status == MessageStatus.Failed));
        }

        if (filter.Next is { } next)
        {
            var open = db.OutreachSends.Where(x => x.Status == SendStatus.Pending || x.Status == SendStatus.Claimed || x.Status == SendStatus.UnknownOutcome);
            var timers = db.OutreachTimers.Where(t => t.FiredAt == null && t.CancelledAt == null);
            q = next switch
            {
                NextActionFilter.Sms => q.Where(s => s.StoppedAt == null && open.Any(x => x.SequenceId == s.Id && x.Channel == StepChannel.Sms)),
                NextActionFilter.Email => q.Where(s => s.StoppedAt == null && open.Any(x => x.SequenceId == s.Id && x.Channel == StepChannel.Email)),
                NextActionFilter.AiCall => q.Where(s => s.StoppedAt == null && open.Any(x => x.SequenceId == s.Id && x.Channel == StepChannel.AiCall)),
                NextActionFilter.ReplyWindow => q.Where(s => s.StoppedAt == null && timers.Any(t => t.SequenceId == s.Id)),
                NextActionFilter.Nothing => q.Where(s => s.StoppedAt != null || (!open.Any(x => x.SequenceId == s.Id) && !timers.Any(t => t.SequenceId == s.Id))),
            };
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim().ToLowerInvariant();
#pragma warning disable CA1862 // ToLower translates to SQL on both databases; a comparison overload does not.
            q = q.Where(s => db.Candidates.Any(c => c.Id == s.CandidateId && (c.FullName.ToLower().Contains(term) || (c.Email != null && c.Email.ToLower().Contains(term)) || (c.Phone != null && c.Phone.Contains(term)))));
#pragma warning restore CA1862
        }

        return q;
    }

    private static IQueryable<OutreachSequence> Replied(SamsaraDbContext db, IQueryable<OutreachSequence> q) =>
        q.Where(s => s.Status == CandidateState.Replied || db.Messages.Any(m => m.SequenceId == s.Id && m.Direction == MessageDirection.Inbound));

    private static Task<List<string>> NamesAsync(SamsaraDbContext db, IQueryable<OutreachSequence> q, int take, CancellationToken ct) =>
        (from s in q join c in db.Candidates on s.CandidateId equals c.Id orderby c.FullName select c.FullName).Take(take).ToListAsync(ct);

    /// <summary>The latest problem of each enrolment on the page: a failed send or message beats a skipped step.</summary>
    private static async Task<Dictionary<Guid, OutreachProblem>> ProblemsAsync(SamsaraDbContext db, List<Guid> ids, CancellationToken ct)
    {
        var failedSends = await db.OutreachSends.Where(x => ids.Contains(x.SequenceId) && (x.Status == SendStatus.Failed || x.Status == SendStatus.Skipped) && x.Reason != null)
            .Select(x => new { x.SequenceId, x.Status, Reason = x.Reason!, x.UpdatedAt }).ToListAsync(ct);
        var failedMessages = await db.Messages.Where(m => ids.Contains(m.SequenceId) && m.Direction == MessageDirection.Outbound && m.Status == MessageStatus.Failed)
            .Select(m => new { m.SequenceId, Reason = m.StatusDetail ?? "Failed", m.CreatedAt }).ToListAsync(ct);
        var found = failedMessages.Select(m => (m.SequenceId, Rank: 1, At: m.CreatedAt, Problem: OutreachProblems.Describe(ProblemKind.Failed, m.Reason)))
            .Concat(failedSends.Where(x => x.Status == SendStatus.Failed).Select(x => (x.SequenceId, Rank: 1, At: x.UpdatedAt, Problem: OutreachProblems.Describe(ProblemKind.Failed, x.Reason))))
            .Concat(failedSends.Where(x => x.Status == SendStatus.Skipped && OutreachProblems.UnreachablePrefixes.Any(p => x.Reason.StartsWith(p, StringComparison.Ordinal)))
                .Select(x => (x.SequenceId, Rank: 0, At: x.UpdatedAt, Problem: OutreachProblems.Describe(ProblemKind.Unreachable, x.Reason))));
        return found.GroupBy(f => f.SequenceId).ToDictionary(g => g.Key, g => g.OrderByDescending(f => f.Rank).ThenByDescending(f => f.At).First().Problem);
    }
}
