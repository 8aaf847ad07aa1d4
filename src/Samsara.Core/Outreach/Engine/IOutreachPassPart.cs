namespace Samsara.Core.Outreach.Engine;

/// <summary>
/// Work another feature adds to every engine pass, after replies are read and steps sent (scheduling replies and
/// messages): it runs on the same loop, on every node, and wakes the loop when its own work comes due.
/// </summary>
public interface IOutreachPassPart
{
    /// <returns>The projects whose candidates or timelines changed.</returns>
    Task<IReadOnlyList<Guid>> RunAsync(DateTimeOffset now, CancellationToken ct);

    /// <summary>The part's work that needs no Twilio account (an email-only install); by default none.</summary>
    /// <returns>The projects whose candidates or timelines changed.</returns>
    Task<IReadOnlyList<Guid>> RunWithoutSmsAsync(DateTimeOffset now, CancellationToken ct) => Task.FromResult<IReadOnlyList<Guid>>([]);

    Task<DateTimeOffset?> NextDueAsync(CancellationToken ct);
}
