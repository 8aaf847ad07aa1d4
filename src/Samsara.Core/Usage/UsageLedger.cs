using Microsoft.EntityFrameworkCore;
using Samsara.Core.Common;
using Samsara.Core.Data;
using Samsara.Core.Templates;

namespace Samsara.Core.Usage;

/// <summary>
/// Writes usage rows outside a caller's unit of work (an email sent by the package or a test, a late price from
/// Twilio). A row is keyed by its provider id: recording the same send twice, on a restart or on a second node, finds
/// the first row (the unique index decides a race), and a provider's reported price replaces the estimate.
/// </summary>
public sealed class UsageLedger(IDbContextFactory<SamsaraDbContext> dbFactory, ChangeFeed changes)
{
    /// <summary>The <see cref="ChangeFeed"/> tag of a new or repriced usage row (the /usage page refreshes on it).</summary>
    public const string ChangeTag = "usage";

    /// <returns>True when the row was written; false when one with the same provider id was already there.</returns>
    public async Task<bool> RecordAsync(UsageEvent usage, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (usage.ProviderRef is { } key && await ExistsAsync(db, usage.Provider, usage.Kind, key, ct))
        {
            return false;
        }

        db.UsageEvents.Add(usage);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (usage.ProviderRef is not null)
        {
            // Another node wrote the same provider id between the look and the insert: theirs is the row.
            await using var fresh = await dbFactory.CreateDbContextAsync(ct);
            if (await ExistsAsync(fresh, usage.Provider, usage.Kind, usage.ProviderRef, ct))
            {
                return false;
            }

            throw;
        }

        changes.Publish(usage.ProjectId, ChangeTag);
        return true;
    }

    /// <summary>
    /// The provider's own price for a row written earlier with an estimate (or none): the cost, currency and, when
    /// reported, the units are replaced and the row stops being an estimate. A row already carrying a reported price of
    /// the same amount is left alone.
    /// </summary>
    /// <returns>True when a row changed.</returns>
    public async Task<bool> ReportPriceAsync(string provider, UsageKind kind, string providerRef, decimal cost, string currency, decimal? quantity, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.UsageEvents.SingleOrDefaultAsync(u => u.Provider == provider && u.Kind == kind && u.ProviderRef == providerRef, ct);
        if (row is null || (!row.IsEstimate && row.Cost == cost && row.Currency == currency))
        {
            return false;
        }

        row.Cost = cost;
        row.Currency = currency.ToUpperInvariant();
        row.IsEstimate = false;
        if (quantity is > 0)
        {
            row.Quantity = quantity.Value;
        }

        await db.SaveChangesAsync(ct);
        changes.Publish(row.ProjectId, ChangeTag);
        return true;
    }

    private static Task<bool> ExistsAsync(SamsaraDbContext db, string provider, UsageKind kind, string key, CancellationToken ct) =>
        db.UsageEvents.AnyAsync(u => u.Provider == provider && u.Kind == kind && u.ProviderRef == key, ct);
}

/// <summary>Builds usage rows the same way wherever a send, call or transcription completes.</summary>
public static class UsageRows
{
    /// <summary>An SMS: its segments (GSM-7 or UCS-2, as Twilio will split it), priced at the account's per-segment price until Twilio reports its own.</summary>
    public static UsageEvent Sms(string sid, string body, Guid? projectId, Guid? candidateId, Guid? messageId, PriceQuote price, DateTimeOffset at)
    {
        var segments = Math.Max(1, SmsPreview.For(body).Segments);
        return New(UsageKind.Sms, "twilio", sid, segments, "segment", projectId, candidateId, messageId, price, at);
    }

    /// <summary>An email through SMTP or SendGrid (<paramref name="carrier"/>), keyed by its Message-ID.</summary>
    public static UsageEvent Email(string carrier, string messageId, Guid? projectId, Guid? candidateId, Guid? referenceId, PriceQuote price, DateTimeOffset at) =>
        New(UsageKind.Email, carrier, messageId, 1, "email", projectId, candidateId, referenceId, price, at);

    /// <summary>Minutes of a call or of transcribed audio; a reported cost wins over the configured per-minute price.</summary>
    public static UsageEvent Minutes(
        UsageKind kind, string provider, string providerRef, TimeSpan length, decimal? reportedCost, Guid? projectId, Guid? candidateId, Guid? referenceId,
        PriceQuote price, DateTimeOffset at)
    {
        var minutes = Math.Round((decimal)length.TotalMinutes, 2);
        var row = New(kind, provider, providerRef, minutes, "minute", projectId, candidateId, referenceId, price, at);
        if (reportedCost is { } cost)
        {
            row.Cost = Math.Round(cost, 6);
            row.Currency = UsagePrices.DefaultCurrency;
            row.IsEstimate = false;
        }

        return row;
    }

    /// <summary>
    /// Fills in the account and the configured estimate of usage rows added to <paramref name="db"/> without them (the
    /// call engine decides in memory and prices the batch once, just before its save).
    /// </summary>
    public static async Task PriceAddedAsync(SamsaraDbContext db, CancellationToken ct)
    {
        var rows = db.ChangeTracker.Entries<UsageEvent>().Where(e => e.State == EntityState.Added && e.Entity.ProviderAccountId is null)
            .Select(e => e.Entity).ToList();
        var quotes = new Dictionary<string, PriceQuote>();
        foreach (var row in rows)
        {
            if (!quotes.TryGetValue(row.Provider, out var quote))
            {
                quote = quotes[row.Provider] = UsagePrices.TypeOf(row.Provider) is { } type ? await UsagePrices.ForAsync(db, type, ct) : PriceQuote.None;
            }

            row.ProviderAccountId = quote.AccountId;
            if (row.IsEstimate && row.Cost is null && quote.CostOf(row.Quantity) is { } cost)
            {
                row.Cost = cost;
                row.Currency = quote.Currency;
            }
        }
    }

    private static UsageEvent New(
        UsageKind kind, string provider, string providerRef, decimal quantity, string unit, Guid? projectId, Guid? candidateId, Guid? referenceId,
        PriceQuote price, DateTimeOffset at) => new()
        {
            Id = Guid.CreateVersion7(at),
            ProjectId = projectId,
            CandidateId = candidateId,
            Kind = kind,
            Provider = provider,
            ProviderAccountId = price.AccountId,
            ProviderRef = providerRef.Length > 300 ? providerRef[..300] : providerRef,
            Quantity = quantity,
            Unit = unit,
            Cost = price.CostOf(quantity),
            Currency = price.UnitPrice is null ? null : price.Currency,
            IsEstimate = true,
            ReferenceId = referenceId,
            OccurredAt = at,
        };
}
