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

    /// <summary>A file that keeps killing its worker is failed after this many claims.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;
}
