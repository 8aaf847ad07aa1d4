using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Samsara.Core.CvIntake.Extraction.Isolation;

/// <summary>
/// Parses in a pool of worker processes (one per <see cref="CvIntakeOptions.WorkerConcurrency"/>), each reused for
/// many files. A file that crashes its worker or goes over a time, CPU or memory budget fails with "could not be read
/// safely" and the worker is replaced; the app and the other files are untouched.
/// </summary>
public sealed partial class IsolatedCvParser : ICvParser, IDisposable
{
    public const string UnsafePrefix = "The file could not be read safely";

    private readonly CvIntakeOptions options;
    private readonly ILogger<IsolatedCvParser> logger;
    private readonly Channel<WorkerProcess?> idle;
    private readonly List<WorkerProcess> started = [];
    private long peakMemory;

    public IsolatedCvParser(CvIntakeOptions options, ILogger<IsolatedCvParser> logger)
    {
        this.options = options;
        this.logger = logger;
        idle = Channel.CreateBounded<WorkerProcess?>(options.WorkerConcurrency);
        for (var i = 0; i < options.WorkerConcurrency; i++)
        {
            idle.Writer.TryWrite(null); // started on first use
        }
    }

    /// <summary>The highest resident memory any worker reached so far.</summary>
    public long PeakWorkerMemoryBytes => Interlocked.Read(ref peakMemory);

    /// <summary>Workers started so far, replacements included: a test's evidence that workers are reused.</summary>
    public int WorkersStarted { get; private set; }

    public static string MemoryMessage(CvIntakeOptions options) =>
        $"{UnsafePrefix}: reading it needed more than {options.WorkerMemoryBytes / (1024 * 1024)} MB of memory.";

    public async Task<TextExtractionResult> ExtractAsync(string path, string fileName, CancellationToken ct)
    {
        var (response, failure) = await SendAsync(new ParserRequest(ParserOperation.ExtractText, path, fileName, null), ct);
        return response is null
            ? TextExtractionResult.Fail(Describe(failure!.Value), FileKind.Unknown)
            : new TextExtractionResult(response.Text, response.Error, response.Kind);
    }

    public async Task<ZipExpansion> ExpandZipAsync(string zipPath, string outputDirectory, CancellationToken ct)
    {
        var (response, failure) = await SendAsync(new ParserRequest(ParserOperation.ExpandZip, zipPath, Path.GetFileName(zipPath), outputDirectory), ct);
        return response is null ? new ZipExpansion([], Describe(failure!.Value)) : new ZipExpansion(response.Entries ?? [], response.ArchiveError);
    }

    public void Dispose()
    {
        lock (started)
        {
            foreach (var worker in started)
            {
                worker.Dispose();
            }

            started.Clear();
        }
    }

    private async Task<(ParserResponse? Response, WorkerFailure? Failure)> SendAsync(ParserRequest request, CancellationToken ct)
    {
        var worker = await idle.Reader.ReadAsync(ct);
        try
        {
            if (worker is { HasExited: true })
            {
                Retire(worker);
                worker = null;
            }

            worker ??= await StartWorkerAsync(ct);
            var (response, failure) = await worker.SendAsync(request, ct);
            RecordPeak(worker.PeakMemoryBytes);
            if (failure is not null)
            {
                LogWorkerStopped(logger, failure.Value);
                Retire(worker);
                worker = null;
            }

            return (response, failure);
        }
        catch (OperationCanceledException)
        {
            // The app is stopping: the worker was killed mid-file.
            if (worker is not null)
            {
                Retire(worker);
            }

            worker = null;
            throw;
        }
        finally
        {
            idle.Writer.TryWrite(worker);
        }
    }

    private async Task<WorkerProcess> StartWorkerAsync(CancellationToken ct)
    {
        var worker = await WorkerProcess.StartAsync(options, ct);
        lock (started)
        {
            started.Add(worker);
            WorkersStarted++;
        }

        return worker;
    }

    private void Retire(WorkerProcess worker)
    {
        lock (started)
        {
            started.Remove(worker);
        }

        worker.Dispose();
    }

    private void RecordPeak(long bytes)
    {
        long seen;
        while (bytes > (seen = Interlocked.Read(ref peakMemory)) && Interlocked.CompareExchange(ref peakMemory, bytes, seen) != seen)
        {
        }
    }

    private string Describe(WorkerFailure failure) => failure switch
    {
        WorkerFailure.Died => $"{UnsafePrefix}: it stopped the reader (a malformed or hostile file).",
        WorkerFailure.WallTime => $"{UnsafePrefix}: reading it took longer than {options.ParseTimeout.TotalSeconds:0.#} s.",
        WorkerFailure.CpuTime => $"{UnsafePrefix}: reading it used more than {options.ParseCpuTime.TotalSeconds:0.#} s of CPU.",
        WorkerFailure.Memory => MemoryMessage(options),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "A CV parser worker was stopped ({Failure}); the file it held is failed and the worker replaced")]
    private static partial void LogWorkerStopped(ILogger logger, WorkerFailure failure);
}
