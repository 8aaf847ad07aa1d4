using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Data;
using Samsara.Core.Outreach;

namespace Samsara.Core.Usage;

/// <summary>
/// Sums the usage ledger for the /usage page and <c>GET /api/v1/usage</c>. Rows are read for the period and summed
/// here: SQLite stores decimals as text, so it cannot add them in SQL, and a year of an agency's usage is a few hundred
/// thousand narrow rows at most.
/// </summary>
public sealed class UsageReports(IDbContextFactory<SamsaraDbContext> dbFactory)
{
    /// <summary>Longer ranges chart by month, shorter ones by day.</summary>
    public const int MaxDailyBuckets = 62;

    public async Task<UsageReport> ReportAsync(UsageQuery query, CancellationToken ct = default)
    {
        var rows = await RowsAsync(query, ct);
        var currency = rows.Where(r => r.Cost is not null && r.Currency is not null).GroupBy(r => r.Currency!)
            .OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault() ?? UsagePrices.DefaultCurrency;
        // Rows with no cost count as events; rows in another currency are not added to this one's sums.
        var counted = rows.Where(r => r.Cost is null || r.Currency is null || r.Currency == currency).ToList();
        decimal Cost(IEnumerable<UsageRow> set) => set.Sum(r => r.Cost ?? 0);

        var channels = counted.GroupBy(r => r.Kind).OrderBy(g => g.Key)
            .Select(g => new UsageChannelTotal(g.Key, g.Sum(r => r.Quantity), g.First().Unit, Cost(g), g.Count())).ToList();
        var projects = counted.GroupBy(r => r.ProjectId).Select(g => new UsageProjectTotal(g.Key, g.First().ProjectName ?? "No project", Cost(g), g.Count()))
            .OrderByDescending(p => p.Cost).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        var daily = (query.To - query.From).TotalDays <= MaxDailyBuckets;
        var (screened, sentToClient) = await CandidatesReachedAsync(query, ct);
        var total = Cost(counted);
        return new UsageReport(
            query.From, query.To, query.ProjectId, currency, total, Cost(counted.Where(r => r.IsEstimate)), counted.Count,
            counted.Count(r => r.Cost is null), rows.Count - counted.Count, channels,
            Periods(counted, r => Month(r.OccurredAt)), projects,
            daily ? "day" : "month", daily ? Periods(counted, r => Day(r.OccurredAt), Days(query)) : Periods(counted, r => Month(r.OccurredAt), Months(query)),
            screened, screened > 0 ? Math.Round(total / screened, 4) : null, sentToClient, sentToClient > 0 ? Math.Round(total / sentToClient, 4) : null);
    }

    /// <summary>Every row of the period, oldest first, with its project's name (the CSV export).</summary>
    public async Task<IReadOnlyList<UsageRow>> RowsAsync(UsageQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var events = db.UsageEvents.AsNoTracking().Where(u => u.OccurredAt >= query.From && u.OccurredAt < query.To);
        if (query.ProjectId is { } projectId)
        {
            events = events.Where(u => u.ProjectId == projectId);
        }

        var rows = await events
            .Select(u => new UsageRow(u.OccurredAt, u.ProjectId, db.Projects.Where(p => p.Id == u.ProjectId).Select(p => p.Name).FirstOrDefault(), u.CandidateId,
                u.Kind, u.Provider, u.ProviderAccountId, u.ProviderRef, u.Quantity, u.Unit, u.Cost, u.Currency, u.IsEstimate))
            .ToListAsync(ct);
        return [.. rows.OrderBy(r => r.OccurredAt)];
    }

    /// <summary>Distinct candidates whose AI screen reached an outcome (SCREENED), and who were sent to a client, in the period.</summary>
    private async Task<(int Screened, int SentToClient)> CandidatesReachedAsync(UsageQuery query, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var moves = db.OutreachEvents.AsNoTracking()
            .Where(e => (e.ToState == CandidateState.Screened || e.ToState == CandidateState.SentToClient) && e.OccurredAt >= query.From && e.OccurredAt < query.To);
        if (query.ProjectId is { } projectId)
        {
            moves = moves.Where(e => db.OutreachSequences.Any(s => s.Id == e.SequenceId && s.ProjectId == projectId));
        }

        var reached = await moves.Select(e => new { e.SequenceId, e.ToState }).Distinct().ToListAsync(ct);
        return (reached.Count(r => r.ToState == CandidateState.Screened), reached.Count(r => r.ToState == CandidateState.SentToClient));
    }

    private static List<UsagePeriodTotal> Periods(IReadOnlyList<UsageRow> rows, Func<UsageRow, string> period, IEnumerable<string>? every = null)
    {
        var groups = rows.GroupBy(period).ToDictionary(g => g.Key, g => g.ToList());
        var keys = every?.ToList() ?? [.. groups.Keys.Order(StringComparer.Ordinal)];
        return [.. keys.Select(k => groups.TryGetValue(k, out var set)
            ? new UsagePeriodTotal(k, set.Sum(r => r.Cost ?? 0), set.GroupBy(r => r.Kind).ToDictionary(g => g.Key.ToString(), g => g.Sum(r => r.Cost ?? 0)))
            : new UsagePeriodTotal(k, 0, new Dictionary<string, decimal>()))];
    }

    private static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static IEnumerable<string> Days(UsageQuery q)
    {
        for (var d = q.From.UtcDateTime.Date; d < q.To.UtcDateTime; d = d.AddDays(1))
        {
            yield return Day(new DateTimeOffset(d, TimeSpan.Zero));
        }
    }

    private static IEnumerable<string> Months(UsageQuery q)
    {
        var start = q.From.UtcDateTime;
        for (var m = new DateTime(start.Year, start.Month, 1, 0, 0, 0, DateTimeKind.Utc); m < q.To.UtcDateTime; m = m.AddMonths(1))
        {
            yield return Month(new DateTimeOffset(m, TimeSpan.Zero));
        }
    }
}
