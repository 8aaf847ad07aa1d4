using System.ComponentModel.DataAnnotations;

namespace Samsara.Core.CvIntake;

/// <summary>Limits and pacing for CV import, under <c>Samsara:CvIntake</c>.</summary>
public sealed class CvIntakeOptions
{
    public const string Section = "Samsara:CvIntake";

    /// <summary>Files above this are refused before their content is read.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Largest single upload request (many files at once); each file still has its own limit.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    [Range(1, 100_000)]
    public int MaxZipEntries { get; set; } = 2_000;

    /// <summary>Total uncompressed bytes a single .zip may expand to.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxZipExpandedBytes { get; set; } = 500L * 1024 * 1024;

    /// <summary>An entry that inflates more than this many times its compressed size is treated as a bomb.</summary>
    [Range(2, 100_000)]
    public int MaxZipCompressionRatio { get; set; } = 200;

    /// <summary>Files processed at once by the import worker; CPU-bound, so about the core count.</summary>
    [Range(1, 64)]
    public int WorkerConcurrency { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>How often the worker looks for queued files when nothing woke it up.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A file claimed longer ago than this by a worker that died is claimed again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A file whose import keeps being interrupted (the app stopped while holding it) is failed after this many claims.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Where files are parsed: in supervised child processes (the default), or in the app itself (benchmarks' baseline).</summary>
    public ParserIsolation Isolation { get; set; } = ParserIsolation.WorkerProcess;

    /// <summary>Pages of a PDF that are read; the rest are ignored (a CV never needs more).</summary>
    [Range(1, 10_000)]
    public int MaxPages { get; set; } = 50;

    /// <summary>A PDF declaring more indirect objects than this is refused before it is parsed.</summary>
    [Range(100, 10_000_000)]
    public int MaxPdfObjects { get; set; } = 100_000;

    /// <summary>Bytes all compressed streams of one PDF may inflate to, checked before the PDF reader sees them.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxDecompressedBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Wall-clock time one file (or one zip's expansion) may take in a worker before the worker is killed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ParseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>CPU time one file may use in a worker before the worker is killed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ParseCpuTime { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Memory (resident) a worker may use; its managed heap is capped a little below so most overruns fail cleanly.</summary>
    [Range(64L * 1024 * 1024, long.MaxValue)]
    public long WorkerMemoryBytes { get; set; } = 768L * 1024 * 1024;

    /// <summary>Stored files no import or candidate refers to (left by an interrupted upload) are deleted once this old.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan OrphanFileAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Names this node's claims, so a restart releases them at once; stable across restarts of one install.</summary>
    public string NodeId { get; set; } = Environment.MachineName;
}

public enum ParserIsolation
{
    WorkerProcess,
    InProcess,
}
