using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Samsara.Core.CvIntake.Extraction.Isolation;

/// <summary>Why a worker was stopped (or stopped by itself) while it held a file.</summary>
public enum WorkerFailure
{
    Died,
    WallTime,
    CpuTime,
    Memory,
}

/// <summary>
/// One child process running <see cref="ParserWorkerLoop"/>: Samsara.CvWorker started with the app's own runtime configuration
/// and dependency file, or, in a self-contained build, the app's own executable with <c>--cv-worker</c>; either way it
/// needs nothing installed beside the app. It handles one file at a time and is reused until
/// a file costs it its life.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private const string WorkerAssembly = "Samsara.CvWorker.dll";
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(50);

    private readonly Process process;
    private readonly CvIntakeOptions options;

    private WorkerProcess(Process process, CvIntakeOptions options)
    {
        this.process = process;
        this.options = options;
    }

    public bool HasExited => process.HasExited;

    /// <summary>The highest resident memory seen while this worker parsed (sampled by the watchdog).</summary>
    public long PeakMemoryBytes { get; private set; }

    /// <summary>How long a new worker may take to start (runtime start-up, on a busy machine) before the start fails.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public static async Task<WorkerProcess> StartAsync(CvIntakeOptions options, CancellationToken ct)
    {
        var info = StartInfo();

        // The managed heap stops below the resident limit, so most overruns end as a clean "out of memory" answer
        // rather than a kill; the watchdog's limit is the one that always holds.
        info.Environment["DOTNET_GCHeapHardLimit"] = (options.WorkerMemoryBytes * 3 / 4).ToString("X", CultureInfo.InvariantCulture);
        // Workstation, non-concurrent GC as Samsara.CvWorker's own settings ask for: the app's executable, when it is the
        // worker (single-file), carries the web app's server-GC configuration.
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["DOTNET_gcConcurrent"] = "0";
        info.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        var process = Process.Start(info) ?? throw new InvalidOperationException("The CV parser worker process did not start.");

        // A stack overflow prints every frame to stderr; it is drained and dropped so the pipe never blocks the child.
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var worker = new WorkerProcess(process, options);
        try
        {
            ParserProtocol.Write(process.StandardInput.BaseStream, options);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(StartTimeout);
            if (await ParserProtocol.ReadAsync<ParserResponse>(process.StandardOutput.BaseStream, timeout.Token) is null)
            {
                throw new InvalidOperationException("The CV parser worker process exited during start-up.");
            }
        }
        catch
        {
            worker.Dispose();
            throw;
        }

        return worker;
    }

    /// <returns>The answer, or why the worker had to be stopped; after a failure this worker is finished.</returns>
    public async Task<(ParserResponse? Response, WorkerFailure? Failure)> SendAsync(ParserRequest request, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        process.Refresh();
        var cpuAtStart = process.TotalProcessorTime;
        try
        {
            ParserProtocol.Write(process.StandardInput.BaseStream, request);
        }
        catch (IOException)
        {
            return (null, WorkerFailure.Died);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = ParserProtocol.ReadAsync<ParserResponse>(process.StandardOutput.BaseStream, stop.Token);
        try
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (await Task.WhenAny(reading, Task.Delay(WatchInterval, ct)) == reading)
                {
                    var response = await reading;
                    return response is null ? (null, Exited()) : (response, null);
                }

                var failure = Watch(started.Elapsed, cpuAtStart);
                if (failure is not null)
                {
                    Kill();
                    return (null, failure);
                }
            }
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }

    private WorkerFailure? Watch(TimeSpan elapsed, TimeSpan cpuAtStart)
    {
        if (elapsed > options.ParseTimeout)
        {
            return WorkerFailure.WallTime;
        }

        try
        {
            process.Refresh();
            if (process.HasExited)
            {
                return null; // the read sees the end of the stream and reports it
            }

            PeakMemoryBytes = Math.Max(PeakMemoryBytes, process.WorkingSet64);
            if (process.WorkingSet64 > options.WorkerMemoryBytes)
            {
                return WorkerFailure.Memory;
            }

            return process.TotalProcessorTime - cpuAtStart > options.ParseCpuTime ? WorkerFailure.CpuTime : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private WorkerFailure Exited()
    {
        process.WaitForExit(1000);
        return process.HasExited && process.ExitCode == ParserWorkerLoop.OutOfMemoryExit ? WorkerFailure.Memory : WorkerFailure.Died;
    }

    private void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static ProcessStartInfo StartInfo()
    {
        var directory = AppContext.BaseDirectory;
        var worker = Path.Combine(directory, WorkerAssembly);
        var host = DotnetHost();
        var info = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };

        if (!File.Exists(worker) || !File.Exists(host))
        {
            // A self-contained build (single-file: the worker assembly is inside the bundle, and there is no dotnet on
            // the recruiter's machine): the app's own executable is the worker, started with --cv-worker.
            info.FileName = SelfExecutable(worker);
            info.ArgumentList.Add(ParserWorkerLoop.WorkerArgument);
            return info;
        }

        // The entry assembly's runtime configuration and dependency file describe every assembly beside it,
        // the worker's included, whether the app runs from `dotnet run`, a test host or a framework-dependent folder.
        var entry = Assembly.GetEntryAssembly()?.GetName().Name ?? throw new InvalidOperationException("No entry assembly to take the runtime configuration from.");
        info.FileName = host;
        info.ArgumentList.Add("exec");
        var runtimeConfig = Path.Combine(directory, entry + ".runtimeconfig.json");
        if (File.Exists(runtimeConfig))
        {
            info.ArgumentList.Add("--runtimeconfig");
            info.ArgumentList.Add(runtimeConfig);
        }

        var deps = Path.Combine(directory, entry + ".deps.json");
        if (File.Exists(deps))
        {
            info.ArgumentList.Add("--depsfile");
            info.ArgumentList.Add(deps);
        }

        info.ArgumentList.Add(worker);
        return info;
    }

    /// <summary>This process's own executable, when it is the app's (not the dotnet host, which would need the worker assembly).</summary>
    private static string SelfExecutable(string worker)
    {
        var self = Environment.ProcessPath;
        var name = Path.GetFileNameWithoutExtension(self);
        if (self is null || name is null || name.Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            throw new FileNotFoundException($"The CV parser worker ({WorkerAssembly}) is not beside the app and the app is not a self-contained build that can run it itself; the app's project must reference Samsara.CvWorker.", worker);
        }

        return self;
    }

    private static string DotnetHost()
    {
        var exe = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromCli && File.Exists(fromCli))
        {
            return fromCli;
        }

        if (Environment.ProcessPath is { } self && Path.GetFileName(self).Equals(exe, StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/ → <root>/dotnet
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        return Path.Combine(root, exe);
    }
}
