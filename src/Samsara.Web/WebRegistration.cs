using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MudBlazor.Services;
using Samsara.Core.Data;
using Samsara.Web.Api;
using Samsara.Web.Components.Shared;
using Samsara.Web.Security;

namespace Samsara.Web;

internal static class WebRegistration
{
    /// <summary>The UI, API documentation, health check and request guards.</summary>
    public static IHostApplicationBuilder AddSamsaraWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddOpenApi();
        builder.Services.AddProblemDetails();
        // Enum values by name only (a number would bind to a value no switch knows); bad bodies answer naming the field.
        builder.AddBadRequestProblems();
        // `dotnet run` is Production (error pages without stack traces) and serves the packages' static files from the
        // build output as Development does; a published app has no such manifest and this does nothing.
        if (builder is WebApplicationBuilder web && !builder.Environment.IsDevelopment())
        {
            web.WebHost.UseStaticWebAssets();
        }

        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        builder.Services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<WheelSections>();
        builder.Services.AddScoped<RecruiterClock>();
        builder.AddWheelSection(new WheelSection("cvs", "CVs", MudBlazor.Icons.Material.Filled.Description, 10,
            (sp, projectId, ct) => CountCandidatesAsync(sp, projectId, ct)));
        builder.AddWheelSection(new WheelSection("outreach", "Outreach", MudBlazor.Icons.Material.Filled.Send, 20,
            (sp, projectId, ct) => CountEnrolledAsync(sp, projectId, ct),
            (sp, projectId, ct) => sp.GetRequiredService<Samsara.Core.Outreach.Inbox.InboxService>().UnreadAsync(projectId, ct)));
        builder.AddWheelSection(new WheelSection("settings", "Settings", MudBlazor.Icons.Material.Filled.Tune, 90, null));
        return builder;
    }

    private static async Task<int?> CountEnrolledAsync(IServiceProvider sp, Guid projectId, CancellationToken ct)
    {
        await using var db = await sp.GetRequiredService<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(ct);
        return await db.OutreachSequences.CountAsync(s => s.ProjectId == projectId, ct);
    }

    private static async Task<int?> CountCandidatesAsync(IServiceProvider sp, Guid projectId, CancellationToken ct)
    {
        await using var db = await sp.GetRequiredService<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(ct);
        return await db.Candidates.CountAsync(c => c.ProjectId == projectId, ct);
    }
}

internal sealed class DatabaseHealthCheck(IDbContextFactory<SamsaraDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database cannot be reached.");
    }
}
