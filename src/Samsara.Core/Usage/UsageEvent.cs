namespace Samsara.Core.Usage;

/// <summary>
/// One billable use of a provider: an SMS (its segments), an email, call minutes, transcription minutes. Written once
/// per provider id (<see cref="ProviderRef"/>, unique per provider and kind), so a restart or a second node recording
/// the same send finds the row already there.
/// </summary>
public sealed class UsageEvent
{
    public Guid Id { get; set; }
    public Guid? ProjectId { get; set; }

    /// <summary>The candidate the message, call or transcript was for; null for sends to no candidate (a client, a test).</summary>
    public Guid? CandidateId { get; set; }
    public UsageKind Kind { get; set; }

    /// <summary>"twilio", "smtp", "sendgrid", "vapi", "bland", "retell", "deepgram", "assemblyai".</summary>
    public required string Provider { get; set; }

    /// <summary>The stored provider account that carried it (Settings → Providers); null when configuration did.</summary>
    public Guid? ProviderAccountId { get; set; }

    /// <summary>The provider's own id (SMS SID, email Message-ID, call id, transcription request id): the idempotency key.</summary>
    public string? ProviderRef { get; set; }
    public decimal Quantity { get; set; }
    public required string Unit { get; set; }

    /// <summary>Null when neither the provider reported a price nor the account has one configured.</summary>
    public decimal? Cost { get; set; }
    public string? Currency { get; set; }

    /// <summary>True while the cost comes from the account's configured unit price, not the provider's reported one.</summary>
    public bool IsEstimate { get; set; }

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
