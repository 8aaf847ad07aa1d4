namespace Samsara.Core.CvIntake.Import;

/// <summary>Wakes the import worker when files are queued, so it does not wait for its next poll.</summary>
public sealed class CvImportSignal : IDisposable
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Notify()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up covers any number of queued files.
        }
    }

    public void Dispose() => signal.Dispose();

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct) => await signal.WaitAsync(timeout, ct);
}
