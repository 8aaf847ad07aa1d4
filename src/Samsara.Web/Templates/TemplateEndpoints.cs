using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Samsara.Core.Templates;
using Samsara.Web.Api;

namespace Samsara.Web.Templates;

internal static class TemplateEndpoints
{
    public static IEndpointRouteBuilder MapTemplateEndpoints(this IEndpointRouteBuilder app)
    {
        var templates = app.MapGroup("/api/v1/templates").WithTags("Templates")
            .AddEndpointFilter<ValidationProblemFilter>()
            .AddEndpointFilter<TemplateProblemFilter>();

        templates.MapGet("/", async (Guid? projectId, TemplateService service, CancellationToken ct) =>
            TypedResults.Ok((await service.ListAsync(projectId, ct)).Select(TemplateDto.From).ToList()))
            .WithSummary("Global templates and, with projectId, that project's own.");

        templates.MapGet("/{id:guid}", async Task<Results<Ok<TemplateDto>, NotFound<ProblemDetails>>> (Guid id, TemplateService service, CancellationToken ct) =>
            await service.GetAsync(id, ct) is { } t ? TypedResults.Ok(TemplateDto.From(t)) : ApiResults.NotFound("Template"));

        templates.MapPost("/", async (TemplateInput input, TemplateService service, CancellationToken ct) =>
        {
            var created = await service.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/templates/{created.Id}", TemplateDto.From(created));
        }).ProducesValidationProblem().WithSummary("Unknown variables and syntax errors are refused with their line and name.");

        templates.MapPut("/{id:guid}", async Task<Results<Ok<TemplateDto>, NotFound<ProblemDetails>>> (Guid id, TemplateInput input, TemplateService service, CancellationToken ct) =>
            await service.UpdateAsync(id, input, ct) is { } t ? TypedResults.Ok(TemplateDto.From(t)) : ApiResults.NotFound("Template"))
            .ProducesValidationProblem();

        templates.MapDelete("/{id:guid}", async Task<Results<NoContent, NotFound<ProblemDetails>>> (Guid id, TemplateService service, CancellationToken ct) =>
            await service.DeleteAsync(id, ct) ? TypedResults.NoContent() : ApiResults.NotFound("Template"));

        templates.MapPost("/{id:guid}/preview", async Task<Results<Ok<RenderedMessage>, NotFound<ProblemDetails>>> (Guid id, PreviewRequest request, TemplateService service, CancellationToken ct) =>
            await service.PreviewAsync(id, request.CandidateId, ct: ct) is { } rendered ? TypedResults.Ok(rendered) : ApiResults.NotFound("Template or candidate"))
            .WithSummary("Renders the template for a candidate; a missing value comes back as canSend=false with the reason.");

        templates.MapPost("/preview", async Task<Results<Ok<RenderedMessage>, ValidationProblem, NotFound<ProblemDetails>>> (DraftPreviewRequest request, TemplateService service, CancellationToken ct) =>
        {
            var draft = new TemplateInput { ProjectId = request.ProjectId, Name = request.Name, Channel = request.Channel, Subject = request.Subject, Body = request.Body };
            var result = await service.PreviewDraftAsync(draft, request.CandidateId, ct: ct);
            return result switch
            {
                null => ApiResults.NotFound("Candidate"),
                { Problems.Count: > 0 } => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [.. result.Problems] }, title: "The template has problems."),
                _ => TypedResults.Ok(result.Rendered!),
            };
        }).WithSummary("Renders unsaved subject/body text for a candidate (the editor's live preview); problems come back as 400 with line and name.");

        return app;
    }
}

public sealed record PreviewRequest(Guid CandidateId);

/// <summary>Template text as typed, not saved.</summary>
public sealed record DraftPreviewRequest(Guid CandidateId, MessageChannel Channel, string? Body, string? Subject = null, Guid? ProjectId = null, string? Name = null);

public sealed record TemplateDto(Guid Id, Guid? ProjectId, string Name, MessageChannel Channel, string? Subject, string Body, DateTimeOffset UpdatedAt)
{
    public static TemplateDto From(MessageTemplate t) => new(t.Id, t.ProjectId, t.Name, t.Channel, t.Subject, t.Body, t.UpdatedAt);
}

/// <summary>Template syntax errors and unknown variables become 400 problem details naming field, line and variable.</summary>
internal sealed class TemplateProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (TemplateValidationException e)
        {
            var errors = e.Problems
                .GroupBy(p => p.Field)
                .ToDictionary(g => g.Key, g => g.Select(p => p.ToString()).ToArray());
            return TypedResults.ValidationProblem(errors, title: "The template is not valid.");
        }
    }
}
