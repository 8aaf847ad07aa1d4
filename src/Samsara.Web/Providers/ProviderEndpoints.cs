using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Samsara.Core.Providers;
using Samsara.Web.Api;

namespace Samsara.Web.Providers;

internal static class ProviderEndpoints
{
    /// <summary>
    /// Provider accounts. Secrets go in (add, rotate) and never come out: listings carry the names of the secret
    /// fields that are set, not their values nor any part of them.
    /// </summary>
    public static IEndpointRouteBuilder MapProviderEndpoints(this IEndpointRouteBuilder app)
    {
        var providers = app.MapGroup("/api/v1/providers").WithTags("Providers").AddEndpointFilter<ValidationProblemFilter>();

        providers.MapGet("/", async (ProviderType? type, CredentialStore store, CancellationToken ct) =>
            TypedResults.Ok(await store.ListAsync(type, ct)))
            .WithSummary("Accounts with status (active, last test); secret fields by name only.");

        providers.MapGet("/{id:guid}", async Task<Results<Ok<ProviderAccountSummary>, NotFound<ProblemDetails>>> (Guid id, CredentialStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } account ? TypedResults.Ok(account) : ApiResults.NotFound("Provider account"));

        providers.MapPost("/", async (ProviderAccountInput input, CredentialStore store, CancellationToken ct) =>
        {
            var created = await store.AddAsync(input, ct);
            return TypedResults.Created($"/api/v1/providers/{created.Id}", created);
        }).ProducesValidationProblem().WithSummary("Adds an account; its secrets are encrypted at rest.");

        providers.MapPut("/{id:guid}", async Task<Results<Ok<ProviderAccountSummary>, NotFound<ProblemDetails>>> (Guid id, ProviderAccountInput input, CredentialStore store, CancellationToken ct) =>
            await store.UpdateAsync(id, input, ct) is { } account ? TypedResults.Ok(account) : ApiResults.NotFound("Provider account"))
            .ProducesValidationProblem()
            .WithSummary("Changes name, settings and active flag (active = the one of its type used; the others become inactive); a secret field given with a value is rotated, the others are kept.");

        providers.MapPost("/{id:guid}/activate", async Task<Results<Ok<ProviderAccountSummary>, NotFound<ProblemDetails>>> (Guid id, CredentialStore store, CancellationToken ct) =>
            await store.ActivateAsync(id, ct) is { } account ? TypedResults.Ok(account) : ApiResults.NotFound("Provider account"))
            .WithSummary("Makes this the account its provider type uses at send time; the other accounts of that type become inactive.");

        providers.MapPost("/{id:guid}/secrets", async Task<Results<Ok<ProviderAccountSummary>, NotFound<ProblemDetails>>> (Guid id, RotateSecretsRequest request, CredentialStore store, CancellationToken ct) =>
            await store.RotateAsync(id, request.Secrets, ct) is { } account ? TypedResults.Ok(account) : ApiResults.NotFound("Provider account"))
            .ProducesValidationProblem()
            .WithSummary("Rotates the given secret fields; fields not given keep their stored values.");

        providers.MapDelete("/{id:guid}", async Task<Results<NoContent, NotFound<ProblemDetails>>> (Guid id, CredentialStore store, CancellationToken ct) =>
            await store.RemoveAsync(id, ct) ? TypedResults.NoContent() : ApiResults.NotFound("Provider account"));

        providers.MapPost("/{id:guid}/test", async Task<Results<Ok<ProviderTestResult>, NotFound<ProblemDetails>>> (Guid id, ProviderTestRequest request, ProviderTester tester, CancellationToken ct) =>
            await tester.TestAsync(id, request.To, ct) is { } result ? TypedResults.Ok(result) : ApiResults.NotFound("Provider account"))
            .ProducesValidationProblem()
            .WithSummary("Sends a test SMS (Twilio) or email (SMTP, SendGrid) to `to`, or makes an authenticated read (voice, IMAP); the outcome becomes the account's status.");

        return app;
    }
}

public sealed record RotateSecretsRequest(Dictionary<string, string>? Secrets);

/// <param name="To">Your mobile number (E.164) for Twilio, your email address for SMTP and SendGrid; unused otherwise.</param>
public sealed record ProviderTestRequest(string? To);
