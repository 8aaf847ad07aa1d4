namespace Samsara.Core.Usage;

/// <summary>One billable unit of provider use: a message, call minutes, transcription minutes.</summary>
public sealed class UsageEvent
{
    public Guid Id { get; set; }
    public Guid? ProjectId { get; set; }
    public UsageKind Kind { get; set; }
    public required string Provider { get; set; }
    public decimal Quantity { get; set; }
    public required string Unit { get; set; }
    public decimal? Cost { get; set; }
    public string? Currency { get; set; }

    /// <summary>The message, call or transcript this usage belongs to.</summary>
    public Guid? ReferenceId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}

public enum UsageKind
{
    Sms,
    Email,
    CallMinutes,
    TranscriptionMinutes,
    CvParse,
}
