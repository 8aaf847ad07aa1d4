using Samsara.Core.Channels;
using Samsara.Core.Channels.Voice;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Usage;

namespace Samsara.Core.Calls.Engine;

public sealed partial class CallSteps
{
    /// <summary>One poll per claim, so never two in flight for a call; the terminal state ends polling.</summary>
    private async Task PollAsync(CallWork w, CancellationToken ct)
    {
        var settings = await ScreeningSettingsService.LoadAsync(w.Db, w.Sequence.ProjectId, ct) ?? ScreeningSettings.Default(w.Sequence.ProjectId);
        var client = Client(w.Call.Provider);
        using var pinned = await PinAsync(w.Call, ct);
        var polled = client is null || w.Call.ProviderCallId is null ? null : await client.GetAsync(w.Call.ProviderCallId, ct);
        if (ApplyPoll(w, settings, client, polled))
        {
            CloseNeverEnding(w, settings, client!, await client!.EndAsync(w.Call.ProviderCallId!, ct));
        }
    }

    /// <summary>
    /// What a poll's answer (or its failure) means for the call; in memory only, so a batch applies many and writes once.
    /// </summary>
    /// <returns>True when the call is still going past its maximum length: the caller asks the provider to end it, then closes it.</returns>
    private bool ApplyPoll(CallWork w, ScreeningSettings settings, IScreeningCallClient? client, ProviderResult<CallSnapshot>? polled)
    {
        var call = w.Call;
        var deadline = (call.StartedAt ?? call.CreatedAt) + TimeSpan.FromMinutes(settings.MaxCallMinutes) + O.NeverEndsMargin;
        if (client is null || call.ProviderCallId is null || polled is null)
        {
            Close(w, CallStatus.Failed, $"The call cannot be followed: {(client is null ? $"no voice provider named \"{call.Provider}\"" : "no provider call id")}.", LedgerKind.Failed);
            return false;
        }

        call.LastPolledAt = w.Now;
        if (!polled.Succeeded)
        {
            call.StageFailures++;
            if (polled.Failure!.HttpStatus == 404)
            {
                Close(w, CallStatus.Failed, $"{client.ProviderName} has no call {call.ProviderCallId}: {polled.Failure.Reason}", LedgerKind.Failed);
                return false;
            }

            if (w.Now >= deadline)
            {
                Close(w, CallStatus.Failed, $"The call could not be followed for {settings.MaxCallMinutes} min plus {Describe(O.NeverEndsMargin)} (last error: {polled.Failure.Reason}); closed as failed.", LedgerKind.Failed);
                return false;
            }

            call.Detail = $"Polling {client.ProviderName} failed {call.StageFailures} time(s) in a row ({polled.Failure.Reason}); still following the call.";
            call.DueAt = w.Now + (polled.Failure.RetryAfter is { } after && after > O.PollInterval ? after : O.PollInterval);
            return false;
        }

        var snapshot = polled.Value!;
        call.StageFailures = 0;
        call.Detail = null;
        switch (snapshot.Progress)
        {
            case CallProgress.Queued:
            case CallProgress.Ringing:
            case CallProgress.InProgress:
                call.Status = snapshot.Progress switch
                {
                    CallProgress.Ringing => CallStatus.Ringing,
                    CallProgress.InProgress => CallStatus.InProgress,
                    CallProgress.Queued or CallProgress.Ended => CallStatus.Initiated,
                };
                if (w.Now >= deadline)
                {
                    return true;
                }

                call.DueAt = w.Now + O.PollInterval;
                return false;
            case CallProgress.Ended:
                Ended(w, snapshot, settings);
                return false;
        }

        return false;
    }

    /// <summary>A call still going past its maximum length plus the margin: the provider was asked to end it; it is failed either way.</summary>
    private void CloseNeverEnding(CallWork w, ScreeningSettings settings, IScreeningCallClient client, ProviderResult<bool> ended)
    {
        var asked = ended.Succeeded
            ? $"{client.ProviderName} was asked to end it"
            : $"asking {client.ProviderName} to end it failed ({ended.Failure!.Reason})";
        w.Call.ProviderReason ??= "still in progress at the deadline";
        Close(w, CallStatus.Failed, $"The call had not ended {settings.MaxCallMinutes} min plus {Describe(O.NeverEndsMargin)} after it started; {asked}; closed as failed.", LedgerKind.Failed);
    }

    private static void Ended(CallWork w, CallSnapshot s, ScreeningSettings settings)
    {
        var call = w.Call;
        call.EndedAt = w.Now;
        call.DurationSeconds = s.Duration is { } d ? (int)Math.Round(d.TotalSeconds) : null;
        call.Cost = s.Cost;
        call.ProviderPassed = s.ScreeningPassed;
        call.Summary = Trim(s.Summary, 2000);
        call.ProviderTranscript = s.Transcript;
        call.RecordingUrl = s.RecordingUrl?.ToString();
        call.ProviderReason = Trim(s.EndReason, 500);
        if (s.Duration is { } talk && talk > TimeSpan.Zero)
        {
            Usage(w, UsageKind.CallMinutes, call.Provider!.ToLowerInvariant(), call.ProviderCallId, talk, s.Cost);
        }

        var ending = s.Ending ?? CallEnding.Failed;
        call.Status = ending switch
        {
            CallEnding.Completed => CallStatus.Completed,
            CallEnding.NoAnswer => CallStatus.NoAnswer,
            CallEnding.Busy => CallStatus.Busy,
            CallEnding.Voicemail => CallStatus.Voicemail,
            CallEnding.Failed => CallStatus.Failed,
        };
        switch (ending)
        {
            case CallEnding.Completed:
                EngineLedger.Add(w.Db, w.Sequence.ProjectId, w.Sequence.Id, null, LedgerKind.Sent, $"AI call completed after {Describe(s.Duration ?? TimeSpan.Zero)}.", w.Now);
                Next(w, call.RecordingUrl is not null ? CallStage.Recording : CallStage.Transcript);
                return;
            case CallEnding.NoAnswer or CallEnding.Busy or CallEnding.Voicemail:
                Retry(w, settings, ending);
                return;
            case CallEnding.Failed:
                Close(w, CallStatus.Failed, $"The call failed at {call.Provider}{(s.EndReason is { } reason ? $" (\"{reason}\")" : "")}{(s.Summary is { } why ? ": " + why : "")}.", LedgerKind.Failed);
                return;
        }
    }

    /// <summary>No answer, busy or voicemail: another try after the project's gap (the hour is checked when it is due), or give up.</summary>
    private static void Retry(CallWork w, ScreeningSettings settings, CallEnding ending)
    {
        var call = w.Call;
        var what = ending switch
        {
            CallEnding.NoAnswer => "no answer",
            CallEnding.Busy => "busy",
            CallEnding.Voicemail => "voicemail",
            CallEnding.Completed or CallEnding.Failed => ending.ToString(),
        };
        call.Stage = CallStage.Done;
        call.DueAt = null;
        if (call.Attempt > settings.MaxRetries)
        {
            call.Detail = $"{what}; no tries left ({call.Attempt} made): needs you.";
            EngineLedger.Add(w.Db, w.Sequence.ProjectId, w.Sequence.Id, null, LedgerKind.Failed, $"AI call: {call.Detail}", w.Now);
            return;
        }

        var due = w.Now + TimeSpan.FromMinutes(settings.RetryGapMinutes);
        w.Db.CallRecords.Add(CallIntake.New(call.SequenceId, call.PhoneNumber, w.Now, call.Attempt + 1, due));
        call.Detail = $"{what}; trying again at {due:u} (try {call.Attempt + 1} of {settings.MaxRetries + 1}).";
        EngineLedger.Add(w.Db, w.Sequence.ProjectId, w.Sequence.Id, null, LedgerKind.Deferred, $"AI call: {call.Detail}", w.Now);
    }

    private static string? Trim(string? text, int max) => text is { } t && t.Length > max ? t[..max] : text;
}
