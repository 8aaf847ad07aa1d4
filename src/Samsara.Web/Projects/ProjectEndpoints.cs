using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Samsara.Core.Projects;
using Samsara.Web.Api;

namespace Samsara.Web.Projects;

internal static class ProjectEndpoints
{
    public static IEndpointRouteBuilder MapProjectEndpoints(this IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup("/api/v1/projects").WithTags("Projects").AddEndpointFilter<ValidationProblemFilter>();

        projects.MapGet("/", async (ProjectService service, bool? includeArchived, CancellationToken ct) =>
            TypedResults.Ok(await service.ListAsync(includeArchived ?? false, ct)))
            .WithSummary("List projects with their funnel counts.");

        projects.MapGet("/{id:guid}", async Task<Results<Ok<ProjectSummary>, NotFound<ProblemDetails>>> (Guid id, ProjectService service, CancellationToken ct) =>
            await service.GetSummaryAsync(id, ct) is { } project ? TypedResults.Ok(project) : ApiResults.NotFound("Project"));

        projects.MapPost("/", async (ProjectInput input, ProjectService service, CancellationToken ct) =>
        {
            var project = await service.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/projects/{project.Id}", await service.GetSummaryAsync(project.Id, ct));
        }).ProducesValidationProblem();

        projects.MapPut("/{id:guid}", async Task<Results<Ok<ProjectSummary>, NotFound<ProblemDetails>>> (Guid id, ProjectInput input, ProjectService service, CancellationToken ct) =>
            await service.UpdateAsync(id, input, ct) is null ? ApiResults.NotFound("Project") : TypedResults.Ok((await service.GetSummaryAsync(id, ct))!))
            .ProducesValidationProblem();

        projects.MapGet("/{id:guid}/settings", async Task<Results<Ok<ProjectSettingsInput>, NotFound<ProblemDetails>>> (Guid id, ProjectService service, CancellationToken ct) =>
            await service.GetAsync(id, ct) is { } p ? TypedResults.Ok(ProjectSettings.From(p)) : ApiResults.NotFound("Project"));

        projects.MapPut("/{id:guid}/settings", async Task<Results<Ok<ProjectSettingsInput>, NotFound<ProblemDetails>>> (Guid id, ProjectSettingsInput input, ProjectService service, CancellationToken ct) =>
            await service.UpdateSettingsAsync(id, input, ct) is { } p ? TypedResults.Ok(ProjectSettings.From(p)) : ApiResults.NotFound("Project"))
            .ProducesValidationProblem();

        projects.MapDelete("/{id:guid}", async Task<Results<NoContent, NotFound<ProblemDetails>>> (Guid id, ProjectService service, CancellationToken ct) =>
            await service.DeleteAsync(id, ct) ? TypedResults.NoContent() : ApiResults.NotFound("Project"));

        return app;
    }
}
