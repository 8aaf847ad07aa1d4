using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samsara.Core.Data;

namespace Samsara.Core.Privacy;

/// <summary>A candidate record that the retention policy erases soon, or already may.</summary>
public sealed record RetentionDue(
    Guid CandidateId, Guid ProjectId, string ProjectName, string FullName, DateTimeOffset LastActivity, int RetentionDays,
    DateTimeOffset EraseFrom, DateTimeOffset? WarnedAt);

/// <summary>A retention job's pass, as the admin reads it.</summary>
public sealed record RetentionRunView(DateTimeOffset RanAt, int Warned, int Erased, IReadOnlyDictionary<Guid, int> ErasedByProject);

/// <summary>
/// Keeps candidate data no longer than the policy: a record whose last activity (its own edits, its outreach state
/// changes, messages either way) is older than its project's limit, or else the agency's, is erased by the daily job
/// (<see cref="RetentionWorker"/>) once it has been on the warning list for <see cref="PrivacyOptions.WarningDays"/>.
/// The admin reviews that list and can keep a record, which counts as activity. Retention erases the stale record only,
/// not other records of the same person that are still in use.
/// </summary>
public sealed class RetentionService(
    IDbContextFactory<SamsaraDbContext> dbFactory, CandidateErasure erasure, IOptionsMonitor<PrivacyOptions> options, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Records inside the warning window or past their limit, soonest first.</summary>
    public async Task<IReadOnlyList<RetentionDue>> ListDueAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await DueAsync(db, time.GetUtcNow(), ct);
    }

    /// <summary>Keeps a record for another full retention period (the recruiter's decision counts as activity).</summary>
    public async Task<bool> KeepAsync(Guid candidateId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Candidates.Where(c => c.Id == candidateId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UpdatedAt, time.GetUtcNow()).SetProperty(c => c.RetentionNoticeAt, (DateTimeOffset?)null), ct) > 0;
    }

    /// <summary>One pass: warns about records entering the window, erases those warned long enough and past their limit.</summary>
    public async Task<RetentionRunView> RunAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var warningDays = options.CurrentValue.WarningDays;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // No policy anywhere (the default): nothing to do and nothing to record, on every node, every day.
        if (options.CurrentValue.RetentionDays is null && !await db.Projects.AnyAsync(p => p.RetentionDays != null, ct))
        {
            return new RetentionRunView(now, 0, 0, new Dictionary<Guid, int>());
        }

        var due = await DueAsync(db, now, ct);

        var newlyWarned = due.Where(d => d.WarnedAt is null).Select(d => d.CandidateId).ToList();
        if (newlyWarned.Count > 0)
        {
            await db.Candidates.Where(c => newlyWarned.Contains(c.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.RetentionNoticeAt, now), ct);
        }

        var erasedByProject = new Dictionary<Guid, int>();
        foreach (var record in due.Where(d => d.EraseFrom <= now && d.WarnedAt is { } warned && warned.AddDays(warningDays) <= now))
        {
            if (await erasure.EraseAsync(record.CandidateId, wholePerson: false, ct) is not null)
            {
                erasedByProject[record.ProjectId] = erasedByProject.GetValueOrDefault(record.ProjectId) + 1;
            }
        }

        // Stale notices (a record kept, or edited, since) are cleared so a later warning starts its own clock.
        var dueIds = due.Select(d => d.CandidateId).ToList();
        await db.Candidates.Where(c => c.RetentionNoticeAt != null && !dueIds.Contains(c.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RetentionNoticeAt, (DateTimeOffset?)null), ct);

        var run = new RetentionRun
        {
            Id = Guid.CreateVersion7(now),
            RanAt = now,
            Warned = newlyWarned.Count,
            Erased = erasedByProject.Values.Sum(),
            ErasedByProjectJson = JsonSerializer.Serialize(erasedByProject, Json),
        };
        db.Add(run);
        await db.SaveChangesAsync(ct);
        return View(run);
    }

    /// <summary>The latest passes, newest first.</summary>
    public async Task<IReadOnlyList<RetentionRunView>> RunsAsync(int take = 30, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = await db.Set<RetentionRun>().AsNoTracking().OrderByDescending(r => r.RanAt).Take(take).ToListAsync(ct);
        return [.. runs.Select(View)];
    }

    private static RetentionRunView View(RetentionRun run) =>
        new(run.RanAt, run.Warned, run.Erased, JsonSerializer.Deserialize<Dictionary<Guid, int>>(run.ErasedByProjectJson, Json) ?? []);

    private async Task<List<RetentionDue>> DueAsync(SamsaraDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var policy = options.CurrentValue;
        var projects = await db.Projects.AsNoTracking()
            .Select(p => new { p.Id, p.Name, p.RetentionDays }).ToListAsync(ct);
        var due = new List<RetentionDue>();
        foreach (var project in projects)
        {
            if ((project.RetentionDays ?? policy.RetentionDays) is not { } days)
            {
                continue;
            }

            // Anything newer than this cut-off is not in the warning window yet.
            var cutoff = now.AddDays(policy.WarningDays - days);
            var candidates = await db.Candidates.AsNoTracking().Where(c => c.ProjectId == project.Id && c.UpdatedAt <= cutoff)
                .Select(c => new { c.Id, c.FullName, c.UpdatedAt, c.RetentionNoticeAt }).ToListAsync(ct);
            if (candidates.Count == 0)
            {
                continue;
            }

            var last = await LastOutreachActivityAsync(db, project.Id, ct);
            foreach (var c in candidates)
            {
                var activity = last.TryGetValue(c.Id, out var outreach) && outreach > c.UpdatedAt ? outreach : c.UpdatedAt;
                if (activity <= cutoff)
                {
                    due.Add(new RetentionDue(c.Id, project.Id, project.Name, c.FullName, activity, days, activity.AddDays(days), c.RetentionNoticeAt));
                }
            }
        }

        return [.. due.OrderBy(d => d.EraseFrom)];
    }

    /// <summary>Per candidate of the project, the latest of their outreach state changes and messages either way.</summary>
    private static async Task<Dictionary<Guid, DateTimeOffset>> LastOutreachActivityAsync(SamsaraDbContext db, Guid projectId, CancellationToken ct)
    {
        var sequences = await db.OutreachSequences.AsNoTracking().Where(s => s.ProjectId == projectId)
            .Select(s => new { s.Id, s.CandidateId, s.UpdatedAt, s.StateChangedAt }).ToListAsync(ct);
        var messages = await db.Messages.AsNoTracking()
            .Where(m => db.OutreachSequences.Any(s => s.Id == m.SequenceId && s.ProjectId == projectId))
            .GroupBy(m => m.SequenceId).Select(g => new { SequenceId = g.Key, Last = g.Max(m => m.CreatedAt) }).ToListAsync(ct);
        var lastMessage = messages.ToDictionary(m => m.SequenceId, m => m.Last);
        var result = new Dictionary<Guid, DateTimeOffset>();
        foreach (var s in sequences)
        {
            var latest = new[] { s.UpdatedAt, s.StateChangedAt, lastMessage.GetValueOrDefault(s.Id) }.Max();
            if (!result.TryGetValue(s.CandidateId, out var known) || latest > known)
            {
                result[s.CandidateId] = latest;
            }
        }

        return result;
    }
}
