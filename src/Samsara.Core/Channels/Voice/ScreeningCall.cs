namespace Samsara.Core.Channels.Voice;

/// <summary>
/// An AI screening call to place. <see cref="Reference"/> is Samsara's own id for this attempt
/// (e.g. the ledger entry): it travels with the call where the provider keeps metadata, so the
/// call can be found again after an unknown outcome. <see cref="AssistantId"/> is the project's assistant (Vapi),
/// agent (Retell) or pathway (Bland); null uses the account's default.
/// </summary>
public sealed record ScreeningCall(
    string To,
    string Reference,
    string? Prompt = null,
    IReadOnlyDictionary<string, string>? Variables = null,
    string? AssistantId = null);

public enum CallProgress
{
    Queued,
    Ringing,
    InProgress,
    Ended,
}

public enum CallEnding
{
    Completed,
    NoAnswer,
    Voicemail,
    Busy,
    Failed,
}

/// <summary>A call as Samsara tracks it, the same for every voice provider.</summary>
/// <param name="EndReason">The provider's own end reason or status, verbatim (Vapi endedReason, Bland status/error, Retell disconnection_reason).</param>
public sealed record CallSnapshot(
    string CallId,
    CallProgress Progress,
    CallEnding? Ending = null,
    bool? ScreeningPassed = null,
    string? Summary = null,
    string? Transcript = null,
    Uri? RecordingUrl = null,
    TimeSpan? Duration = null,
    decimal? Cost = null,
    string? EndReason = null);

/// <summary>Places and follows screening calls on one provider (Vapi, Bland or Retell).</summary>
public interface IScreeningCallClient
{
    string ProviderName { get; }

    /// <summary>Starts the call and returns the provider's call id. Never retried: see <see cref="ReconcileAsync"/>.</summary>
    Task<ProviderResult<string>> StartAsync(ScreeningCall call, CancellationToken ct = default);

    Task<ProviderResult<CallSnapshot>> GetAsync(string callId, CancellationToken ct = default);

    /// <summary>After an unknown outcome: the id of a call placed for this attempt since <paramref name="attemptedAt"/>, or null if none.</summary>
    Task<ProviderResult<string?>> ReconcileAsync(ScreeningCall call, DateTimeOffset attemptedAt, CancellationToken ct = default);

    /// <summary>An authenticated read that places no call (Settings → Providers "test"): how many recent calls the account lists.</summary>
    Task<ProviderResult<int>> CheckAccessAsync(CancellationToken ct = default);

    /// <summary>
    /// Asks the provider to end a call that is still going (a call that never ends). Not every provider has such a
    /// request: a Permanent failure then says so, and the call's own maximum length is what ends it.
    /// </summary>
    Task<ProviderResult<bool>> EndAsync(string callId, CancellationToken ct = default);
}
