using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Samsara.Core.Channels;
using Samsara.Core.Channels.Voice;
using Samsara.Core.Data;
using Samsara.Core.Providers;

using Samsara.Core.Usage;

namespace Samsara.Core.Calls.Engine;

public sealed partial class CallSteps
{
    /// <summary>
    /// Polls the claimed calls that are in progress together, as the outreach engine sends: one read of the calls,
    /// their sequences and their projects' settings; the provider requests <see cref="CallEngineOptions.Concurrency"/>
    /// at a time; then one transaction that writes every result in multi-row statements and releases the claims. Each
    /// call still has one poll in flight at most (its claim), and a call whose claim was lost meanwhile is left alone.
    /// </summary>
    /// <returns>The calls this pass polled (whatever else was claimed is worked one by one) and the projects where one changed.</returns>
    internal async Task<(IReadOnlyCollection<Guid> Polled, IReadOnlyCollection<Guid> Projects)> PollBatchAsync(IReadOnlyList<Guid> claimed, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = claimed.ToList();
        // Untracked: most polls change a few columns of a call still in progress, written below in one set-based statement;
        // tracking a thousand full rows (snapshots, change detection, copying values back) cost more than the polls.
        var calls = await db.CallRecords.AsNoTracking().Where(c => ids.Contains(c.Id) && c.Stage == CallStage.Poll && c.ClaimedBy == O.NodeId).ToListAsync(ct);
        if (calls.Count == 0)
        {
            return ([], []);
        }

        var sequenceIds = calls.Select(c => c.SequenceId).Distinct().ToList();
        var sequences = await db.OutreachSequences.AsNoTracking().Where(s => sequenceIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var settings = new Dictionary<Guid, ScreeningSettings>();
        foreach (var project in sequences.Values.Select(s => s.ProjectId).Distinct())
        {
            settings[project] = await ScreeningSettingsService.LoadAsync(db, project, ct) ?? ScreeningSettings.Default(project);
        }

        var clients = calls.Select(c => Client(c.Provider)).ToArray();
        // Each call is polled on the account it was placed on; each account is read and decrypted once per batch.
        var placedOn = new Dictionary<Guid, ProviderAccount?>();
        foreach (var id in calls.Select(c => c.ProviderAccountId).OfType<Guid>().Distinct())
        {
            placedOn[id] = await accounts.GetForUseAsync(id, ct);
        }

        // What a poll may change on a call still going; a poll that changes none of it only moves the due time (below).
        var before = calls.Select(c => (c.Status, c.StageFailures, c.Detail)).ToArray();
        var answers = new ProviderResult<CallSnapshot>?[calls.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, calls.Count), new ParallelOptions { MaxDegreeOfParallelism = O.Concurrency, CancellationToken = ct }, async (i, token) =>
        {
            if (clients[i] is { } client && calls[i].ProviderCallId is { } providerCallId)
            {
                using var pinned = Pin(calls[i], placedOn);
                answers[i] = await client.GetAsync(providerCallId, token);
            }
        });

        // What each call adds (ledger lines, usage, a retry's row), so a call whose claim was lost can be left out whole.
        var added = calls.ToDictionary(c => c.Id, _ => new List<EntityEntry>());
        List<EntityEntry>? current = null;
        void Tracked(object? sender, EntityTrackedEventArgs e) => current?.Add(e.Entry);
        db.ChangeTracker.Tracked += Tracked;
        try
        {
            var overdue = new List<int>();
            for (var i = 0; i < calls.Count; i++)
            {
                var sequence = sequences[calls[i].SequenceId];
                current = added[calls[i].Id];
                if (ApplyPoll(new CallWork(db, calls[i], sequence, now), settings[sequence.ProjectId], clients[i], answers[i]))
                {
                    overdue.Add(i);
                }
            }

            // Calls still going past their maximum length are ended at the provider, then closed.
            current = null;
            var endings = new ProviderResult<bool>[calls.Count];
            await Parallel.ForEachAsync(overdue, new ParallelOptions { MaxDegreeOfParallelism = O.Concurrency, CancellationToken = ct }, async (i, token) =>
            {
                using var pinned = Pin(calls[i], placedOn);
                endings[i] = await clients[i]!.EndAsync(calls[i].ProviderCallId!, token);
            });
            foreach (var i in overdue)
            {
                var sequence = sequences[calls[i].SequenceId];
                current = added[calls[i].Id];
                CloseNeverEnding(new CallWork(db, calls[i], sequence, now), settings[sequence.ProjectId], clients[i]!, endings[i]);
            }
        }
        finally
        {
            current = null;
            db.ChangeTracker.Tracked -= Tracked;
        }

        foreach (var call in calls)
        {
            call.ClaimedBy = null;
            call.LeaseExpiresAt = null;
            call.UpdatedAt = now;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The lease outlives the requests, so a lost claim is rare (a pass stalled past it); another node has the call then.
        var owned = (await db.CallRecords.AsNoTracking().Where(c => ids.Contains(c.Id) && c.ClaimedBy == O.NodeId).Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        foreach (var call in calls.Where(c => !owned.Contains(c.Id)))
        {
            foreach (var entry in added[call.Id])
            {
                entry.State = EntityState.Detached;
            }
        }

        // Most polls find the call as it was (still ringing, still talking): those only get their next due time and lose
        // the claim, in one statement for all of them; the few that changed something else write their columns; a call
        // that ended or was closed (once per call) goes through EF with its ledger lines.
        var nextDue = now + O.PollInterval;
        var quiet = new List<Guid>();
        var going = new List<CallRecord>();
        for (var i = 0; i < calls.Count; i++)
        {
            var call = calls[i];
            if (!owned.Contains(call.Id) || call.Stage != CallStage.Poll)
            {
                continue;
            }

            if (call.DueAt == nextDue && before[i] == (call.Status, call.StageFailures, call.Detail))
            {
                quiet.Add(call.Id);
            }
            else
            {
                going.Add(call);
            }
        }

        if (quiet.Count > 0)
        {
            await db.CallRecords.Where(c => quiet.Contains(c.Id) && c.ClaimedBy == O.NodeId).ExecuteUpdateAsync(u => u
                .SetProperty(c => c.DueAt, nextDue).SetProperty(c => c.LastPolledAt, now)
                .SetProperty(c => c.ClaimedBy, (string?)null).SetProperty(c => c.LeaseExpiresAt, (DateTimeOffset?)null)
                .SetProperty(c => c.UpdatedAt, now), ct);
        }

        await db.UpdateColumnsAsync(going, PollColumns, ct);
        var done = calls.Where(c => owned.Contains(c.Id) && c.Stage != CallStage.Poll).ToList();
        db.CallRecords.UpdateRange(done);
        await UsageRows.PriceAddedAsync(db, ct);
        await db.WriteChangesAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        // Only calls whose status, detail or stage moved change what a page shows; a quiet poll wakes no page.
        var shown = going.Concat(done).Select(c => sequences[c.SequenceId].ProjectId).Distinct().ToList();
        return ([.. calls.Where(c => owned.Contains(c.Id)).Select(c => c.Id)], shown);
    }

    /// <summary>What <see cref="ApplyPoll"/> changes on a call that stays in the Poll stage, plus the released claim.</summary>
    private static readonly string[] PollColumns =
    [
        nameof(CallRecord.Status), nameof(CallRecord.LastPolledAt), nameof(CallRecord.StageFailures), nameof(CallRecord.Detail),
        nameof(CallRecord.DueAt), nameof(CallRecord.ClaimedBy), nameof(CallRecord.LeaseExpiresAt), nameof(CallRecord.UpdatedAt),
    ];

    /// <summary>As <see cref="PinAsync"/>, with the batch's accounts already read.</summary>
    private static IDisposable? Pin(CallRecord call, IReadOnlyDictionary<Guid, ProviderAccount?> placedOn) =>
        call.Provider is null ? null
        : call.ProviderAccountId is not { } id ? Pin(call.Provider, null)
        : placedOn.GetValueOrDefault(id) is { } account ? Pin(call.Provider, account) : null;
}
