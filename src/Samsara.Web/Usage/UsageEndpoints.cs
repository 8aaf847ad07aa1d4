using Microsoft.AspNetCore.Http.HttpResults;
using Samsara.Core.Usage;
using Samsara.Web.Api;

namespace Samsara.Web.Usage;

internal static class UsageEndpoints
{
    public static IEndpointRouteBuilder MapUsageEndpoints(this IEndpointRouteBuilder app)
    {
        var usage = app.MapGroup("/api/v1/usage").WithTags("Usage").AddEndpointFilter<ValidationProblemFilter>();

        usage.MapGet("/", async Task<Ok<UsageReport>> (UsageReports reports, TimeProvider clock, CancellationToken ct, string? from = null, string? to = null, Guid? project = null) =>
            TypedResults.Ok(await reports.ReportAsync(UsagePeriod.Parse(from, to, project, clock.GetUtcNow()), ct)))
            .ProducesValidationProblem()
            .WithSummary("What messages, calls and transcriptions cost: totals per month, project and channel, cost per screened candidate and per " +
                "candidate sent to a client. `from`/`to` are dates (YYYY-MM-DD, `to` included) or ISO times; default the last 12 months.");

        usage.MapGet("/export.csv", async Task<FileContentHttpResult> (UsageReports reports, TimeProvider clock, CancellationToken ct, string? from = null, string? to = null, Guid? project = null) =>
        {
            var rows = await reports.RowsAsync(UsagePeriod.Parse(from, to, project, clock.GetUtcNow()), ct);
            return Csv.File("usage.csv", rows.Select(r => Csv.Line(
                    r.OccurredAt, r.ProjectName, r.ProjectId, r.CandidateId, r.Kind, r.Provider, r.ProviderAccountId, r.ProviderRef, r.Quantity, r.Unit, r.Cost, r.Currency,
                    r.Cost is null ? "unpriced" : r.IsEstimate ? "estimate" : "reported"))
                .Prepend(Csv.Line("occurred_at_utc", "project", "project_id", "candidate_id", "channel", "provider", "provider_account_id", "provider_ref",
                    "quantity", "unit", "cost", "currency", "price")));
        })
            .ProducesValidationProblem()
            .WithSummary("Every usage row of the period as CSV (same filters as GET /api/v1/usage).");

        return app;
    }
}
