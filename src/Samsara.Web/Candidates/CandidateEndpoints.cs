using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Samsara.Core.Candidates;
using Samsara.Web.Api;

namespace Samsara.Web.Candidates;

internal static class CandidateEndpoints
{
    public static IEndpointRouteBuilder MapCandidateEndpoints(this IEndpointRouteBuilder app)
    {
        var project = app.MapGroup("/api/v1/projects/{id:guid}").WithTags("Candidates").AddEndpointFilter<ValidationProblemFilter>();

        project.MapGet("/candidates", async Task<Results<Ok<CandidatePageDto>, NotFound<ProblemDetails>>> (
            Guid id, CandidateService service, CancellationToken ct,
            int page = 1, int pageSize = 50, CandidateSort sort = CandidateSort.Name, bool descending = false, string? search = null) =>
            await service.ListAsync(id, new CandidateQuery(page, pageSize, sort, descending, search), ct) is { } result
                ? TypedResults.Ok(CandidatePageDto.From(result))
                : ApiResults.NotFound("Project"))
            .WithSummary("List a project's candidates, paged and sorted.");

        project.MapPost("/candidates", async Task<Results<Created<CandidateDto>, NotFound<ProblemDetails>>> (Guid id, CandidateInput input, CandidateService service, CancellationToken ct) =>
            await service.AddAsync(id, input, ct) is { } c
                ? TypedResults.Created($"/api/v1/projects/{id}/candidates/{c.Id}", CandidateDto.From(c))
                : ApiResults.NotFound("Project"))
            .ProducesValidationProblem();

        project.MapGet("/candidates/{candidateId:guid}", async Task<Results<Ok<CandidateDto>, NotFound<ProblemDetails>>> (Guid id, Guid candidateId, CandidateService service, CancellationToken ct) =>
            await service.GetAsync(id, candidateId, ct) is { } c ? TypedResults.Ok(CandidateDto.From(c)) : ApiResults.NotFound("Candidate"));

        project.MapPut("/candidates/{candidateId:guid}", async Task<Results<Ok<CandidateDto>, NotFound<ProblemDetails>>> (Guid id, Guid candidateId, CandidateInput input, CandidateService service, CancellationToken ct) =>
            await service.UpdateAsync(id, candidateId, input, ct) is { } c ? TypedResults.Ok(CandidateDto.From(c)) : ApiResults.NotFound("Candidate"))
            .ProducesValidationProblem();

        project.MapDelete("/candidates/{candidateId:guid}", async Task<Results<NoContent, NotFound<ProblemDetails>>> (Guid id, Guid candidateId, CandidateService service, CancellationToken ct) =>
            await service.DeleteAsync(id, candidateId, ct) ? TypedResults.NoContent() : ApiResults.NotFound("Candidate"));

        project.MapGet("/job-description", async Task<Results<Ok<JobDescriptionDto>, NotFound<ProblemDetails>>> (Guid id, CandidateService service, CancellationToken ct) =>
            await service.GetJobDescriptionAsync(id, ct) is { } jd ? TypedResults.Ok(JobDescriptionDto.From(jd)) : ApiResults.NotFound("Job description"));

        project.MapPut("/job-description", async Task<Results<Ok<JobDescriptionDto>, NotFound<ProblemDetails>>> (Guid id, JobDescriptionInput input, CandidateService service, CancellationToken ct) =>
            await service.SetJobDescriptionAsync(id, input, ct) is { } jd ? TypedResults.Ok(JobDescriptionDto.From(jd)) : ApiResults.NotFound("Project"))
            .ProducesValidationProblem();

        return app;
    }
}

/// <summary>A candidate as the API returns it: the raw CV text and stored file path stay server-side.</summary>
public sealed record CandidateDto(
    Guid Id, Guid ProjectId, string FullName, string? Email, string? Phone, string? Location, string? CurrentTitle,
    string? Notes, string Source, Guid? DuplicateOfId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static CandidateDto From(Candidate c) => new(
        c.Id, c.ProjectId, c.FullName, c.Email, c.Phone, c.Location, c.CurrentTitle, c.Notes, c.Source.ToString(), c.DuplicateOfId, c.CreatedAt, c.UpdatedAt);
}

public sealed record CandidatePageDto(IReadOnlyList<CandidateDto> Items, int Total, int Page, int PageSize)
{
    public static CandidatePageDto From(CandidatePage p) => new([.. p.Items.Select(CandidateDto.From)], p.Total, p.Page, p.PageSize);
}

public sealed record JobDescriptionDto(Guid Id, Guid ProjectId, string? Title, string Text, DateTimeOffset UpdatedAt)
{
    public static JobDescriptionDto From(JobDescription jd) => new(jd.Id, jd.ProjectId, jd.Title, jd.RawText, jd.UpdatedAt);
}
