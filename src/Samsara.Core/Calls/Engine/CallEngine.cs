using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Samsara.Core.Common;
using Samsara.Core.Data;
using Samsara.Core.Outreach;

namespace Samsara.Core.Calls.Engine;

/// <summary>What one pass of the call engine did.</summary>
/// <param name="MoreDue">True when the claimed batch was full, so more due work is probably waiting.</param>
public sealed record CallPassResult(int Queued, int Worked, bool MoreDue);

/// <summary>
/// One node of the call engine. Each pass takes in candidates who reached AI_CALLING (one call row each), then claims
/// due call rows and moves each one stage on: place, poll, fetch the recording, transcribe, judge. Polls go as one
/// batch (one read, concurrent requests, one write); the other stages are each their own unit of work. All state is in the
/// database; a restart or another node picks up where this one stopped.
/// </summary>
public sealed partial class CallEngine(
    IDbContextFactory<SamsaraDbContext> dbFactory,
    CallSteps steps,
    IOptions<CallEngineOptions> options,
    ChangeFeed changes,
    ILogger<CallEngine> logger)
{
    public string NodeId => options.Value.NodeId;

    public Task<CallPassResult> RunOnceAsync(DateTimeOffset now, CancellationToken ct = default) => RunPassAsync(now, intake: true, ct);

    /// <param name="intake">
    /// False skips looking for new AI_CALLING candidates: the background loop looks once per poll interval, not on every
    /// pass of a busy engine (a query over every sequence in AI_CALLING, for a few candidates a minute).
    /// </param>
    internal async Task<CallPassResult> RunPassAsync(DateTimeOffset now, bool intake, CancellationToken ct)
    {
        var o = options.Value;
        IReadOnlyCollection<Guid> queued = intake ? await CallIntake.QueueNewAsync(dbFactory, now, ct) : [];
        IReadOnlyList<Guid> claimed;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            claimed = await CallClaims.ClaimAsync(db, o.NodeId, now, o.Lease, o.BatchSize, ct);
        }

        var touched = new System.Collections.Concurrent.ConcurrentDictionary<Guid, byte>();
        foreach (var project in queued)
        {
            touched[project] = 0;
        }

        var polled = new HashSet<Guid>();
        try
        {
            // Calls in progress, the bulk of the work at any moment, are polled as one batch; the rarer stages one by one.
            var (ids, projects) = await steps.PollBatchAsync(claimed, now, ct);
            polled.UnionWith(ids);
            foreach (var project in projects)
            {
                touched[project] = 0;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Nothing of the batch was written: each claimed call is worked alone below instead.
            LogPollBatchFailed(logger, e);
        }

        await Parallel.ForEachAsync(claimed.Where(id => !polled.Contains(id)), new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = ct }, async (id, token) =>
        {
            try
            {
                if (await steps.WorkAsync(id, now, token) is { } project)
                {
                    touched[project] = 0;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One bad call must not stop the others; its claim runs out and the next pass tries it again.
                LogCallFailed(logger, id, e);
            }
        });

        foreach (var project in touched.Keys)
        {
            changes.Publish(project, "calls");
        }

        return new CallPassResult(queued.Count, claimed.Count, claimed.Count >= o.BatchSize);
    }

    /// <summary>The earliest moment unclaimed call work comes due, so an idle loop can sleep until then.</summary>
    internal async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CallRecords.Where(c => c.Stage != CallStage.Done && c.DueAt != null)
            .OrderBy(c => c.DueAt).Select(c => c.DueAt).FirstOrDefaultAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Polling a batch of calls failed; polling them one by one instead.")]
    private static partial void LogPollBatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Call {CallId} failed in this pass; it is retried when its claim runs out.")]
    private static partial void LogCallFailed(ILogger logger, Guid callId, Exception exception);
}

/// <summary>Adds the first call row for every candidate who reached AI_CALLING and has none.</summary>
internal static class CallIntake
{
    public static async Task<IReadOnlyCollection<Guid>> QueueNewAsync(IDbContextFactory<SamsaraDbContext> dbFactory, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var fresh = await (
            from s in db.OutreachSequences
            where s.Status == CandidateState.AiCalling && !s.IsPaused && s.StoppedAt == null
                && !db.CallRecords.Any(c => c.SequenceId == s.Id && c.CallType == CallType.AiScreening)
            join c in db.Candidates on s.CandidateId equals c.Id
            orderby s.StateChangedAt
            select new { SequenceId = s.Id, s.ProjectId, c.Phone })
            .Take(1000).ToListAsync(ct);
        if (fresh.Count == 0)
        {
            return [];
        }

        var rows = fresh.Select(f => New(f.SequenceId, f.Phone, now)).ToList();
        db.CallRecords.AddRange(rows);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node took some of them in first (the unique key on sequence and attempt); add the rest one by one.
            db.ChangeTracker.Clear();
            foreach (var row in rows)
            {
                db.CallRecords.Add(New(row.SequenceId, row.PhoneNumber, now));
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException)
                {
                    db.ChangeTracker.Clear();
                }
            }
        }

        return [.. fresh.Select(f => f.ProjectId).Distinct()];
    }

    public static CallRecord New(Guid sequenceId, string? phone, DateTimeOffset now, int attempt = 1, DateTimeOffset? due = null) => new()
    {
        Id = Guid.CreateVersion7(now),
        SequenceId = sequenceId,
        CallType = CallType.AiScreening,
        PhoneNumber = phone ?? "",
        Status = string.IsNullOrWhiteSpace(phone) ? CallStatus.Failed : CallStatus.Scheduled,
        Stage = string.IsNullOrWhiteSpace(phone) ? CallStage.Done : CallStage.Place,
        Detail = string.IsNullOrWhiteSpace(phone) ? "The candidate has no phone number; add one and press \"Call now\"." : null,
        Attempt = attempt,
        DueAt = due ?? now,
        ScheduledFor = due ?? now,
        CreatedAt = now,
        UpdatedAt = now,
    };
}
