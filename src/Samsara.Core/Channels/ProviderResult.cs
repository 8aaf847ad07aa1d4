namespace Samsara.Core.Channels;

/// <summary>How a provider call ended, in the terms the outreach engine acts on.</summary>
public enum ProviderOutcome
{
    Succeeded,
    /// <summary>Slow down; <see cref="ProviderFailure.RetryAfter"/> says for how long when the provider said.</summary>
    RateLimited,
    /// <summary>Nothing happened at the provider; the same request may be sent again later.</summary>
    Transient,
    /// <summary>Will fail again unchanged (bad number, bad credentials, rejected content).</summary>
    Permanent,
    /// <summary>The recipient opted out (Twilio 21610); never retry, and stop every channel.</summary>
    OptedOut,
    /// <summary>
    /// The request left but no answer came back: the message or call may exist. Reconcile with the
    /// provider's list before sending again.
    /// </summary>
    UnknownOutcome,
}

/// <summary>Why a provider call did not succeed.</summary>
public sealed record ProviderFailure(
    ProviderOutcome Outcome,
    string Reason,
    int? HttpStatus = null,
    string? ProviderCode = null,
    TimeSpan? RetryAfter = null);

/// <summary>A value, or the classified reason there is none.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "ProviderResult<T>.Success(x) reads better than a separate factory class.")]
public sealed record ProviderResult<T>
{
    private ProviderResult(T? value, ProviderFailure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }
    public ProviderFailure? Failure { get; }
    public ProviderOutcome Outcome => Failure?.Outcome ?? ProviderOutcome.Succeeded;
    public bool Succeeded => Failure is null;

    public static ProviderResult<T> Success(T value) => new(value, null);

    public static ProviderResult<T> Fail(ProviderFailure failure) => new(default, failure);

    /// <summary>Carries a failure over to a result of another type.</summary>
    public ProviderResult<TOther> As<TOther>() =>
        Failure is null ? throw new InvalidOperationException("A successful result has no failure to carry over.") : ProviderResult<TOther>.Fail(Failure);

    public override string ToString() => Failure is null ? $"Succeeded: {Value}" : $"{Failure.Outcome}: {Failure.Reason}";
}
