using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Samsara.Web.Demo;

internal static class DemoProjectRegistration
{
    public static IHostApplicationBuilder AddDemoProject(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoProjectOptions>().BindConfiguration(DemoProjectOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DemoProjectService>();
        return builder;
    }

    /// <summary><c>POST /api/v1/demo-project</c>: the dashboard's "Try the demo project", for scripts (the CI smoke test).</summary>
    public static IEndpointRouteBuilder MapDemoProjectEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/demo-project", async Task<Results<Created<DemoProjectCreated>, Conflict<ProblemDetails>>> (DemoProjectService demo, CancellationToken ct) =>
            await demo.CreateAsync(ct) is { } project
                ? TypedResults.Created($"/api/v1/projects/{project.Id}", new DemoProjectCreated(project.Id, project.Name))
                : TypedResults.Conflict(new ProblemDetails
                {
                    Title = "The demo project needs sandbox mode.",
                    Detail = "Real providers are configured, so the demo's sample numbers and addresses would be real messages.",
                    Status = StatusCodes.Status409Conflict,
                }))
            .WithTags("Demo")
            .WithSummary("Creates the demo project (sandbox mode only): job description, 12 sample CVs, templates, a sequence, everyone enrolled.");
        return app;
    }
}

internal sealed record DemoProjectCreated(Guid Id, string Name);
