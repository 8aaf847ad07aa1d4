namespace Samsara.Sandbox.Infrastructure;

public enum FaultKind
{
    /// <summary>429 with Retry-After (and SendGrid's X-RateLimit-* headers).</summary>
    RateLimited,
    /// <summary>500 with the provider's error body.</summary>
    ServerError,
    /// <summary>Waits <see cref="FaultRule.Delay"/>, then does the work and answers, even if the client gave up meanwhile.</summary>
    Slow,
    /// <summary>Never answers; the connection stays open until the client gives up.</summary>
    Timeout,
    /// <summary>Closes the connection before doing anything: nothing was created.</summary>
    DropBeforeProcessing,
    /// <summary>Does the work (the message or call exists) and then closes the connection without answering.</summary>
    DropAfterProcessing,
    /// <summary>Twilio answers 400 with code 21610 as if the recipient had opted out.</summary>
    OptedOut,
}

/// <summary>
/// A fault applied to the next <see cref="Times"/> matching requests of one provider.
/// <see cref="Method"/> and <see cref="PathContains"/> narrow which requests match (null matches any).
/// </summary>
public sealed record FaultRule(
    string Provider,
    FaultKind Kind,
    int Times = 1,
    string? Method = null,
    string? PathContains = null,
    TimeSpan? RetryAfter = null,
    TimeSpan? Delay = null);
