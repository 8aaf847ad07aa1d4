using System.ComponentModel.DataAnnotations;

namespace Samsara.Core.Outreach.Engine.Pacing;

/// <summary>
/// How fast each sender may send (<c>Samsara:Outreach:Pacing</c>). Defaults follow Twilio's published limits for US
/// traffic: a long code 1 segment/s, toll-free 3/s, a short code 100/s; carriers filter numbers that send more per day.
/// </summary>
public sealed class OutreachPacingOptions
{
    /// <summary>
    /// Off leaves pacing to the provider (Twilio queues and paces each sender itself, at the cost of messages waiting
    /// unseen in its queue); the engine then sends as fast as it can. Benchmarks turn it off to measure the engine.
    /// </summary>
    public bool Enabled { get; set; } = true;

    public SenderLimit LongCode { get; set; } = new() { SegmentsPerSecond = 1, Burst = 1, DailyCap = 500 };
    public SenderLimit TollFree { get; set; } = new() { SegmentsPerSecond = 3, Burst = 3, DailyCap = 2000 };
    public SenderLimit ShortCode { get; set; } = new() { SegmentsPerSecond = 100, Burst = 100, DailyCap = 0 };

    /// <summary>For email a "segment" is one message.</summary>
    public SenderLimit Email { get; set; } = new() { SegmentsPerSecond = 5, Burst = 5, DailyCap = 2000 };

    /// <summary>Timers overdue after downtime are spread over this window instead of firing together.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan OverdueSpread { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A reserved send slot older than this is not used (the send was held by quiet hours or downtime since); the
    /// send reserves a fresh one, so a morning's backlog is paced instead of released at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StaleSlot { get; set; } = TimeSpan.FromMinutes(5);

    public SenderLimit For(SenderKind kind) => kind switch
    {
        SenderKind.LongCode => LongCode,
        SenderKind.TollFree => TollFree,
        SenderKind.ShortCode => ShortCode,
        SenderKind.Email => Email,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

public sealed class SenderLimit
{
    [Range(0.001, 100_000)]
    public double SegmentsPerSecond { get; set; } = 1;

    /// <summary>Segments that may go back to back after a quiet spell.</summary>
    [Range(1, 100_000)]
    public int Burst { get; set; } = 1;

    /// <summary>Messages per sender per UTC day; 0 means no cap.</summary>
    [Range(0, 10_000_000)]
    public int DailyCap { get; set; }

    public TimeSpan Interval => TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond / SegmentsPerSecond));
}

/// <summary>Validates the nested pacing options, which DataAnnotations would not look into on its own.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ValidPacingAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not OutreachPacingOptions pacing)
        {
            return new ValidationResult("Samsara:Outreach:Pacing is missing.");
        }

        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(pacing, new ValidationContext(pacing), errors, validateAllProperties: true);
        foreach (var kind in Enum.GetValues<SenderKind>())
        {
            var limit = pacing.For(kind);
            Validator.TryValidateObject(limit, new ValidationContext(limit) { MemberName = kind.ToString() }, errors, validateAllProperties: true);
        }

        return errors.Count == 0
            ? ValidationResult.Success
            : new ValidationResult("Samsara:Outreach:Pacing: " + string.Join("; ", errors.Select(e => e.ErrorMessage)));
    }
}
