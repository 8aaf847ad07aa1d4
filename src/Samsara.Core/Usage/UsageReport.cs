namespace Samsara.Core.Usage;

/// <summary>Which usage to report: <c>[From, To)</c> in UTC, optionally one project.</summary>
public sealed record UsageQuery(DateTimeOffset From, DateTimeOffset To, Guid? ProjectId = null);

/// <summary>What the agency spent over a period, and on what.</summary>
/// <param name="Currency">Every amount is in this currency; rows in another one are counted in <paramref name="OtherCurrencyEvents"/>, not added.</param>
/// <param name="EstimatedCost">The part of <paramref name="TotalCost"/> that is the configured estimate, not a provider's reported price.</param>
/// <param name="UnpricedEvents">Rows with no cost at all: the provider reported none and the account has no price set.</param>
/// <param name="Buckets">The chart: cost per channel per day (ranges up to 62 days) or per month.</param>
/// <param name="CostPerScreenedCandidate">Total cost over the candidates whose AI screening call reached an outcome in the period.</param>
/// <param name="CostPerCandidateSentToClient">Total cost over the candidates sent to a client in the period.</param>
public sealed record UsageReport(
    DateTimeOffset From, DateTimeOffset To, Guid? ProjectId, string Currency,
    decimal TotalCost, decimal EstimatedCost, int Events, int UnpricedEvents, int OtherCurrencyEvents,
    IReadOnlyList<UsageChannelTotal> Channels, IReadOnlyList<UsagePeriodTotal> Months, IReadOnlyList<UsageProjectTotal> Projects,
    string BucketSize, IReadOnlyList<UsagePeriodTotal> Buckets,
    int ScreenedCandidates, decimal? CostPerScreenedCandidate, int CandidatesSentToClient, decimal? CostPerCandidateSentToClient);

public sealed record UsageChannelTotal(UsageKind Kind, decimal Quantity, string Unit, decimal Cost, int Events);

/// <param name="Period">"2026-11" for a month, "2026-11-24" for a day.</param>
/// <param name="ByChannel">Cost per <see cref="UsageKind"/> name ("Sms", "Email", "CallMinutes", "TranscriptionMinutes").</param>
public sealed record UsagePeriodTotal(string Period, decimal Cost, IReadOnlyDictionary<string, decimal> ByChannel)
{
    public decimal CostOf(UsageKind kind) => ByChannel.GetValueOrDefault(kind.ToString());
}

/// <param name="ProjectId">Null for usage tied to no project (a provider test message).</param>
public sealed record UsageProjectTotal(Guid? ProjectId, string Name, decimal Cost, int Events);

/// <summary>One ledger row as the CSV export writes it.</summary>
public sealed record UsageRow(
    DateTimeOffset OccurredAt, Guid? ProjectId, string? ProjectName, Guid? CandidateId, UsageKind Kind, string Provider, Guid? ProviderAccountId,
    string? ProviderRef, decimal Quantity, string Unit, decimal? Cost, string? Currency, bool IsEstimate);
