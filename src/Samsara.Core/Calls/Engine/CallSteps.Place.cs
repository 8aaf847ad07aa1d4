using Microsoft.EntityFrameworkCore;
using Samsara.Core.Channels;
using Samsara.Core.Channels.Accounts;
using Samsara.Core.Channels.Voice;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Providers;

namespace Samsara.Core.Calls.Engine;

public sealed partial class CallSteps
{
    private static readonly SemaphoreSlim SqliteSlotGate = new(1, 1);

    /// <summary>Every check is made again before each dial: the candidate, their consent, the hour, a free line.</summary>
    private async Task PlaceAsync(CallWork w, CancellationToken ct)
    {
        var (call, sequence, now) = (w.Call, w.Sequence, w.Now);
        if (sequence.Status != CandidateState.AiCalling)
        {
            Close(w, CallStatus.Cancelled, $"Not called: the candidate is {sequence.Status} now, no longer waiting for the AI call.", LedgerKind.Skipped);
            return;
        }

        if (sequence.StoppedAt is not null)
        {
            Close(w, CallStatus.Cancelled, "Not called: outreach was stopped for this candidate.", LedgerKind.Skipped);
            return;
        }

        if (sequence.IsPaused)
        {
            Wait(w, now + TimeSpan.FromMinutes(1), "Paused: the call waits until the candidate is resumed.");
            return;
        }

        var candidate = await w.Db.Candidates.AsNoTracking().SingleAsync(c => c.Id == sequence.CandidateId, ct);
        // An opt-out on any channel stops calls too (an SMS STOP is a revocation of consent to be called, FCC 2025).
        var blocked = await ConsentLedger.BlockedReasonAsync(w.Db, call.PhoneNumber, ConsentChannel.Phone, ct)
            ?? await ConsentLedger.BlockedReasonAsync(w.Db, candidate.Email, ConsentChannel.Email, ct)
            ?? (candidate.PhoneProblem is { } wrong ? $"the number is unusable ({wrong})" : null);
        if (blocked is not null)
        {
            Close(w, CallStatus.Cancelled, $"Not called: {blocked}.", LedgerKind.Skipped);
            return;
        }

        var project = await w.Db.Projects.AsNoTracking().SingleAsync(p => p.Id == sequence.ProjectId, ct);
        var hours = new QuietHours(project.QuietHoursStartMinute, project.QuietHoursEndMinute, CandidateTimeZones.For(call.PhoneNumber, project.DefaultPhoneRegion));
        var allowed = hours.NextAllowed(now);
        if (allowed is null)
        {
            Wait(w, now + TimeSpan.FromHours(1), "Waiting: the candidate's time zones have no common allowed hour; check the project's contact hours.");
            return;
        }

        if (allowed > now)
        {
            Wait(w, allowed.Value, $"Waiting for allowed hours: outside {Clock(project.QuietHoursStartMinute)}-{Clock(project.QuietHoursEndMinute)} in the candidate's time zone; calls at {allowed.Value:u}.");
            return;
        }

        var settings = await ScreeningSettingsService.LoadAsync(w.Db, sequence.ProjectId, ct) ?? ScreeningSettings.Default(sequence.ProjectId);
        var client = Client(call.Provider ?? settings.Provider);
        if (client is null)
        {
            Close(w, CallStatus.Failed, $"No voice provider named \"{settings.Provider}\"; choose Vapi, Bland or Retell in the project's screening settings.", LedgerKind.Failed);
            return;
        }

        call.Provider = client.ProviderName;
        var screening = Compose(call, candidate.FullName, project.ClientName, settings);
        if (call.AttemptedAt is { } attempted && call.ProviderCallId is null)
        {
            // The last create request's answer was lost: the call may exist. Ask before any second call, on the account it went to.
            using var asked = await PinAsync(call, ct);
            if (!await ReconcileAsync(w, client, screening, attempted, ct))
            {
                return;
            }
        }

        var account = await ActiveAccountAsync(client.ProviderName, ct);
        if (!await TakeSlotAsync(w, client.ProviderName, account, ct))
        {
            return;
        }

        // The call goes to the account whose slot it took, even if another became active since.
        using var pinned = Pin(client.ProviderName, account);
        var started = await client.StartAsync(screening, ct);
        switch (started.Outcome)
        {
            case ProviderOutcome.Succeeded:
                Placed(w, started.Value!, $"placed through {client.ProviderName} (try {call.Attempt}).");
                break;
            case ProviderOutcome.UnknownOutcome:
                Wait(w, now + O.UnknownOutcomeSettle,
                    $"No answer from {client.ProviderName} to the call request ({started.Failure!.Reason}); checking with {client.ProviderName} before any second call.");
                break;
            case ProviderOutcome.Transient or ProviderOutcome.RateLimited:
                // Nothing was created, so the slot is given back and the same request may go again later.
                call.AttemptedAt = null;
                call.StageFailures++;
                Wait(w, now + (started.Failure!.RetryAfter ?? O.BackoffAfter(call.StageFailures)), $"{client.ProviderName} could not take the call now ({started.Failure.Reason}); trying again.");
                break;
            case ProviderOutcome.Permanent or ProviderOutcome.OptedOut:
                call.AttemptedAt = null;
                Close(w, CallStatus.Failed, $"{client.ProviderName} refused the call: {started.Failure!.Reason}", LedgerKind.Failed);
                break;
        }
    }

    /// <returns>True when no call exists for the lost attempt and it may be placed now.</returns>
    private async Task<bool> ReconcileAsync(CallWork w, IScreeningCallClient client, ScreeningCall screening, DateTimeOffset attempted, CancellationToken ct)
    {
        if (w.Now < attempted + O.UnknownOutcomeSettle)
        {
            w.Call.DueAt = attempted + O.UnknownOutcomeSettle;
            return false;
        }

        var found = await client.ReconcileAsync(screening, attempted, ct);
        if (!found.Succeeded)
        {
            w.Call.StageFailures++;
            Wait(w, w.Now + O.BackoffAfter(w.Call.StageFailures), $"Could not check with {client.ProviderName} whether the lost call request went through ({found.Failure!.Reason}); asking again before any call.");
            return false;
        }

        if (found.Value is { } providerCallId)
        {
            EngineLedger.Add(w.Db, w.Sequence.ProjectId, w.Sequence.Id, null, LedgerKind.Reconciled, $"AI call: the lost request had placed call {providerCallId}; following it.", w.Now);
            Placed(w, providerCallId, $"found at {client.ProviderName} after a lost answer (try {w.Call.Attempt}).");
            return false;
        }

        EngineLedger.Add(w.Db, w.Sequence.ProjectId, w.Sequence.Id, null, LedgerKind.Reconciled, $"AI call: {client.ProviderName} has no call for the lost request; placing it.", w.Now);
        w.Call.AttemptedAt = null;
        return true;
    }

    /// <summary>
    /// Counts the calls in flight on the provider account (<paramref name="account"/>; null: the configured settings) and,
    /// when there is room under its limit, marks this one attempted on that account in the same transaction, under a lock
    /// every node shares, so the limit holds across nodes. The mark is committed before the request leaves.
    /// </summary>
    private async Task<bool> TakeSlotAsync(CallWork w, string provider, ProviderAccount? account, CancellationToken ct)
    {
        var accountId = account?.Id;
        var limit = account is null ? O.MaxConcurrentPerProvider : ProviderCatalog.ConcurrentCallLimit(account.SettingsJson, O.MaxConcurrentPerProvider);
        // PostgreSQL serialises the check with an advisory lock; SQLite has one writer per file, so the nodes of one
        // process queue here rather than fail on a busy database.
        var gate = w.Db.Database.IsNpgsql() ? null : SqliteSlotGate;
        if (gate is not null)
        {
            await gate.WaitAsync(ct);
        }

        try
        {
            await using var tx = await w.Db.Database.BeginTransactionAsync(ct);
            await CallClaims.LockLinesAsync(w.Db, accountId?.ToString("N") ?? provider, ct);
            var busy = await w.Db.CallRecords.CountAsync(c => c.Provider == provider && c.ProviderAccountId == accountId && c.Id != w.Call.Id
                && (c.Stage == CallStage.Poll || (c.Stage == CallStage.Place && c.AttemptedAt != null && c.ProviderCallId == null)), ct);
            if (busy >= limit)
            {
                await tx.RollbackAsync(ct);
                var on = account is null ? provider : $"{provider} account \"{account.ProviderName}\"";
                Wait(w, w.Now + O.SlotRecheck, $"Waiting for a free line: {busy} calls in progress on {on} (limit {limit}).");
                return false;
            }

            w.Call.ProviderAccountId = accountId;
            w.Call.AttemptedAt = w.Now;
            w.Call.Status = CallStatus.Initiated;
            w.Call.UpdatedAt = w.Now;
            await w.Db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        }
        finally
        {
            gate?.Release();
        }
    }

    /// <summary>The account new calls of <paramref name="provider"/> go to: its active stored account, or null for the configured settings.</summary>
    private async Task<ProviderAccount?> ActiveAccountAsync(string provider, CancellationToken ct) =>
        Enum.TryParse<ProviderType>(provider, ignoreCase: true, out var type) ? await accounts.GetActiveForUseAsync(type, ct) : null;

    /// <summary>Pins the account a placed call went to for this flow's requests about it (polls, end, reconcile).</summary>
    private async Task<IDisposable?> PinAsync(CallRecord call, CancellationToken ct)
    {
        if (call.Provider is null)
        {
            return null;
        }

        if (call.ProviderAccountId is not { } id)
        {
            return Pin(call.Provider, null);
        }

        // A removed account leaves nothing to pin: the provider's active account (or configuration) is the best left.
        return await accounts.GetForUseAsync(id, ct) is { } account ? Pin(call.Provider, account) : null;
    }

    private static IDisposable? Pin(string provider, ProviderAccount? account) =>
        Enum.TryParse<ProviderType>(provider, ignoreCase: true, out var type) ? ProviderAccountPin.Use(type, account) : null;

    private void Placed(CallWork w, string providerCallId, string how)
    {
        w.Call.ProviderCallId = providerCallId;
        w.Call.Status = CallStatus.Initiated;
        w.Call.StartedAt ??= w.Now;
        w.Call.StageFailures = 0;
        w.Call.Stage = CallStage.Poll;
        w.Call.DueAt = w.Now + O.PollInterval;
        w.Call.Detail = null;
        EngineLedger.Add(w.Db, w.Sequence.ProjectId, w.Sequence.Id, null, LedgerKind.Sent, $"AI screening call {how}", w.Now);
    }

    /// <summary>The script as variables the provider's assistant reads; the reference is this call's id, for reconciling.</summary>
    private static ScreeningCall Compose(CallRecord call, string fullName, string? clientName, ScreeningSettings s)
    {
        var firstName = fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? fullName;
        var opening = s.OpeningLine
            .Replace("{{ candidate.first_name }}", firstName, StringComparison.Ordinal)
            .Replace("{{ project.client_name }}", clientName ?? "our client", StringComparison.Ordinal);
        var questions = s.Questions();
        var numbered = string.Join("\n", questions.Select((q, i) => $"{i + 1}. {q.Text}"));
        var variables = new Dictionary<string, string>
        {
            ["opening_line"] = opening,
            ["recording_disclosure"] = s.RecordingEnabled ? s.RecordingDisclosure : "",
            ["questions"] = numbered,
            ["max_minutes"] = s.MaxCallMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["voicemail"] = s.VoicemailPolicy == VoicemailPolicy.LeaveMessage ? s.VoicemailMessage ?? "" : "",
        };
        var prompt = $"""
            {(s.RecordingEnabled ? "Say first: " + s.RecordingDisclosure + "\n" : "")}Open with: {opening}
            Ask these questions one at a time and wait for each answer:
            {numbered}
            {(s.VoicemailPolicy == VoicemailPolicy.LeaveMessage ? "On voicemail, leave this message: " + s.VoicemailMessage : "On voicemail, hang up without a message.")}
            End the call within {s.MaxCallMinutes} minutes.
            """;
        return new ScreeningCall(call.PhoneNumber, call.Id.ToString("N"), prompt, variables, string.IsNullOrWhiteSpace(s.AssistantId) ? null : s.AssistantId.Trim());
    }

    private static string Clock(int minute) => $"{minute / 60:00}:{minute % 60:00}";
}
