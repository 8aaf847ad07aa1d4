namespace Samsara.Web.Components.Shared;

/// <summary>
/// The recruiter's time zone (the browser's, read once the circuit is up) and a shared half-minute tick, so relative
/// times stay true without a timer per cell. One per circuit.
/// </summary>
public sealed class RecruiterClock(TimeProvider time) : IDisposable
{
    private ITimer? timer;

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Raised every 30 seconds and when the zone becomes known.</summary>
    public event Action? Ticked;

    public void SetZone(string? ianaId)
    {
        if (ianaId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone))
        {
            Zone = zone;
        }

        timer ??= time.CreateTimer(_ => Ticked?.Invoke(), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
        Ticked?.Invoke();
    }

    public string ZoneName => Zone == TimeZoneInfo.Utc ? "UTC" : Zone.Id;

    public void Dispose() => timer?.Dispose();
}
