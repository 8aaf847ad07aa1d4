using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Samsara.Core.ClientPackages;
using Samsara.Core.ClientPackages.Branding;
using Samsara.Web.Api;
using Samsara.Web.Components.Shared;

namespace Samsara.Web.ClientPackages;

internal static class ClientPackageEndpoints
{
    /// <summary>Branding, packages and the wheel's "Client" section.</summary>
    public static IHostApplicationBuilder AddClientPackagesSection(this IHostApplicationBuilder builder)
    {
        builder.AddClientPackages();
        builder.AddWheelSection(new WheelSection("client", "Client", MudBlazor.Icons.Material.Filled.WorkOutline, 70, null));
        return builder;
    }

    public static IEndpointRouteBuilder MapClientPackageEndpoints(this IEndpointRouteBuilder app)
    {
        var branding = app.MapGroup("/api/v1/branding").WithTags("Branding").AddEndpointFilter<ValidationProblemFilter>();
        branding.MapGet("", async (BrandingService service, CancellationToken ct) => TypedResults.Ok(await service.GetAsync(ct)))
            .WithSummary("The agency's name, colours, footer line, email signature and whether a logo is stored.");
        branding.MapPut("", async (BrandingInput input, BrandingService service, CancellationToken ct) => TypedResults.Ok(await service.SaveAsync(input, ct)))
            .ProducesValidationProblem()
            .WithSummary("logoBase64: PNG, JPEG or SVG (≤ 512 KB, checked by content; SVG is sanitised); null keeps the logo, \"\" removes it.");
        branding.MapGet("/logo", async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>>> (HttpContext http, BrandingService service, CancellationToken ct) =>
        {
            if (await service.LogoAsync(ct) is not var (bytes, type))
            {
                return ApiResults.NotFound("Logo");
            }

            // An SVG opened on its own is a document: no script may run even if one slipped through sanitising.
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return TypedResults.File(bytes, type);
        });

        var packages = app.MapGroup("/api/v1/projects/{projectId:guid}/packages").WithTags("Client packages").AddEndpointFilter<ValidationProblemFilter>();
        packages.MapGet("", async (Guid projectId, ClientPackageService service, CancellationToken ct) => TypedResults.Ok(await service.ListAsync(projectId, ct)));
        packages.MapGet("/candidates", async (Guid projectId, DossierReader reader, CancellationToken ct) => TypedResults.Ok(await reader.EligibleAsync(projectId, ct)))
            .WithSummary("ATS_READY / ATS_SUBMITTED (and already sent) candidates with their screening call's turns, to pick excerpts from.");
        packages.MapPost("", async Task<Results<Created<PackageView>, NotFound<ProblemDetails>>> (Guid projectId, PackageRequest request, ClientPackageService service, CancellationToken ct) =>
            await service.CreateAsync(projectId, request, ct) is { } created
                ? TypedResults.Created($"/api/v1/projects/{projectId}/packages/{created.Id}", created)
                : ApiResults.NotFound("Project"))
            .ProducesValidationProblem()
            .WithSummary("candidateIds, anonymise, naming (Reference|Initials), excerpts {candidateId: [turn indexes]}, redactTerms, includeOriginalCv.");
        packages.MapGet("/{packageId:guid}", async Task<Results<Ok<PackageView>, NotFound<ProblemDetails>>> (Guid projectId, Guid packageId, ClientPackageService service, CancellationToken ct) =>
            await service.GetAsync(projectId, packageId, ct) is { } p ? TypedResults.Ok(p) : ApiResults.NotFound("Package"));
        packages.MapGet("/{packageId:guid}/files/{name}", async Task<Results<PhysicalFileHttpResult, NotFound<ProblemDetails>>> (
            Guid projectId, Guid packageId, string name, bool? download, HttpContext http, ClientPackageService service, CancellationToken ct) =>
        {
            if (await service.FileAsync(projectId, packageId, name, ct) is not var (path, file) || !File.Exists(path))
            {
                return ApiResults.NotFound("File");
            }

            http.Response.Headers.XContentTypeOptions = "nosniff";
            // Inline for the preview frame; the browser's own PDF viewer shows it. ?download=true saves it.
            return TypedResults.PhysicalFile(path, file.ContentType, download == true ? file.Name : null);
        });
        packages.MapPost("/{packageId:guid}/send", async Task<Results<Ok<PackageView>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ProblemHttpResult>> (
            Guid projectId, Guid packageId, SendPackageRequest request, ClientPackageService service, CancellationToken ct) =>
        {
            var result = await service.SendAsync(projectId, packageId, request, ct);
            return result.Outcome switch
            {
                SendOutcome.Sent => TypedResults.Ok(result.Package!),
                SendOutcome.NotFound => ApiResults.NotFound("Package"),
                SendOutcome.NeedsConfirmation => TypedResults.Conflict(new ProblemDetails
                {
                    Title = "Already sent.",
                    Detail = result.Message + " Send again with confirm: true.",
                    Status = StatusCodes.Status409Conflict,
                }),
                SendOutcome.Failed => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status502BadGateway, title: "The email was not sent."),
            };
        }).ProducesValidationProblem().WithSummary("to (default: the project's client contact), cc, subject, message ({{ client_name }}, {{ project }}, {{ candidates }}, {{ count }}, {{ signature }}), confirm.");
        return app;
    }
}
