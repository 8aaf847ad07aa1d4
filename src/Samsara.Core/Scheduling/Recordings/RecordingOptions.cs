using System.ComponentModel.DataAnnotations;

namespace Samsara.Core.Scheduling.Recordings;

/// <summary>Recordings of recruiter calls the recruiter uploads (<c>Samsara:Recordings</c>).</summary>
public sealed class RecordingOptions
{
    public const string Section = "Samsara:Recordings";

    /// <summary>The largest recording accepted, in bytes (default 200 MB: about three hours of 128 kbit/s MP3).</summary>
    [Range(1024L, 20L * 1024 * 1024 * 1024)]
    public long MaxBytes { get; set; } = 200L * 1024 * 1024;

    public string MaxSize => MaxBytes >= 1024 * 1024 ? $"{MaxBytes / (1024.0 * 1024):0.#} MB" : $"{MaxBytes / 1024.0:0.#} KB";
}
