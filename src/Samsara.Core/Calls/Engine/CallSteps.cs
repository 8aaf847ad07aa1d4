using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Samsara.Core.Channels.Accounts;
using Samsara.Core.Channels.Voice;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Usage;

namespace Samsara.Core.Calls.Engine;

/// <summary>
/// Moves one claimed call a stage on. Each call is its own unit of work; the claim is released (with the next due
/// time) when the step is done, so the row always says what is left and when.
/// </summary>
public sealed partial class CallSteps(
    IDbContextFactory<SamsaraDbContext> dbFactory,
    IServiceProvider services,
    IHttpClientFactory http,
    IStoredProviderAccounts accounts,
    IOptions<CallEngineOptions> options,
    IOptions<SamsaraOptions> samsara)
{
    public const string RecordingClient = "samsara-call-recordings";
    private const string Actor = "engine";

    private CallEngineOptions O => options.Value;

    /// <returns>The call's project when this node worked it, else null (the claim was lost meanwhile).</returns>
    internal async Task<Guid?> WorkAsync(Guid callId, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var call = await db.CallRecords.SingleOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null || call.ClaimedBy != O.NodeId)
        {
            return null;
        }

        var sequence = await db.OutreachSequences.AsNoTracking().SingleAsync(s => s.Id == call.SequenceId, ct);
        var work = new CallWork(db, call, sequence, now);
        switch (call.Stage)
        {
            case CallStage.Place:
                await PlaceAsync(work, ct);
                break;
            case CallStage.Poll:
                await PollAsync(work, ct);
                break;
            case CallStage.Recording:
                await FetchRecordingAsync(work, ct);
                break;
            case CallStage.Transcript:
                await TranscribeAsync(work, ct);
                break;
            case CallStage.Outcome when call.CallType == CallType.Recruiter:
                await RecruiterTranscribedAsync(work, ct);
                break;
            case CallStage.Outcome:
                await JudgeAsync(work, ct);
                break;
            case CallStage.Done:
                break;
        }

        call.ClaimedBy = null;
        call.LeaseExpiresAt = null;
        call.UpdatedAt = now;
        await UsageRows.PriceAddedAsync(db, ct);
        await db.SaveChangesAsync(ct);
        return sequence.ProjectId;
    }

    private IScreeningCallClient? Client(string? provider) =>
        services.GetServices<IScreeningCallClient>().FirstOrDefault(c => string.Equals(c.ProviderName, provider, StringComparison.OrdinalIgnoreCase));

    /// <summary>The call waits until <paramref name="until"/>; the ledger says why when the reason is new.</summary>
    private static void Wait(CallWork w, DateTimeOffset until, string why)
    {
        if (w.Call.Detail != why)
        {
            EngineLedger.Add(w.Db, w.Sequence.ProjectId, w.Sequence.Id, null, LedgerKind.Deferred, $"AI call: {why}", w.Now);
        }

        w.Call.Detail = why;
        w.Call.DueAt = until;
    }

    private static void Close(CallWork w, CallStatus status, string detail, LedgerKind kind)
    {
        w.Call.Status = status;
        w.Call.Stage = CallStage.Done;
        w.Call.Detail = detail;
        w.Call.DueAt = null;
        EngineLedger.Add(w.Db, w.Sequence.ProjectId, w.Sequence.Id, null, kind, $"AI call: {detail}", w.Now);
    }

    private static void Next(CallWork w, CallStage stage)
    {
        w.Call.Stage = stage;
        w.Call.StageFailures = 0;
        w.Call.DueAt = w.Now;
    }

    /// <summary>A failed download or transcription waits longer each time; after too many the outcome is judged without it.</summary>
    private bool Backoff(CallWork w, string what, string reason, CallStage giveUpTo)
    {
        w.Call.StageFailures++;
        if (w.Call.StageFailures >= O.MaxStageFailures)
        {
            w.Call.Detail = w.Call.CallType == CallType.Recruiter
                ? $"{what} failed {w.Call.StageFailures} times ({reason}); upload it again, or mark the candidate ready with your notes."
                : $"{what} failed {w.Call.StageFailures} times ({reason}); judged without it.";
            Next(w, giveUpTo);
            return false;
        }

        var wait = O.BackoffAfter(w.Call.StageFailures);
        w.Call.Detail = $"{what} failed ({reason}); trying again in {Describe(wait)} (try {w.Call.StageFailures + 1} of {O.MaxStageFailures}).";
        w.Call.DueAt = w.Now + wait;
        return true;
    }

    /// <summary>
    /// Call or transcription minutes, keyed by the provider's id so the row is written once; without a reported cost the
    /// account's configured per-minute price is filled in before the save (<see cref="UsageRows.PriceAddedAsync"/>).
    /// </summary>
    private static void Usage(CallWork w, UsageKind kind, string provider, string? providerRef, TimeSpan length, decimal? cost) =>
        w.Db.UsageEvents.Add(UsageRows.Minutes(kind, provider, providerRef ?? $"{kind}:{w.Call.Id}", length, cost,
            w.Sequence.ProjectId, w.Sequence.CandidateId, w.Call.Id, PriceQuote.None, w.Now));

    internal static string Describe(TimeSpan span) =>
        span >= TimeSpan.FromHours(1) ? $"{span.TotalHours:0.#} h" : span >= TimeSpan.FromMinutes(1) ? $"{span.TotalMinutes:0} min" : $"{span.TotalSeconds:0} s";

    private sealed record CallWork(SamsaraDbContext Db, CallRecord Call, OutreachSequence Sequence, DateTimeOffset Now);
}
