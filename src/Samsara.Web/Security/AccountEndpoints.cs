using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Samsara.Core.Users;

namespace Samsara.Web.Security;

/// <summary>
/// Sign-in and sign-out as plain HTML forms (no Blazor circuit: a signed-out browser may not open one), each with an
/// antiforgery token that UseAntiforgery checks before the handler runs.
/// </summary>
internal static class AccountEndpoints
{
    public const string SignInPath = "/account/sign-in";
    public const string SignOutPath = "/account/sign-out";
    public const string SignOutEverywherePath = "/account/sign-out-everywhere";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/account").ExcludeFromDescription();
        group.MapGet("/sign-in", (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
            Page(context, antiforgery, LocalOrHome(returnUrl), error: null, email: null)).AllowAnonymous();

        group.MapPost("/sign-in", async Task<Results<RedirectHttpResult, ContentHttpResult>> (
            HttpContext context, IAntiforgery antiforgery, SignInManager<SamsaraUser> signIn, [FromForm] SignInForm form) =>
        {
            var returnUrl = LocalOrHome(form.ReturnUrl);
            var result = await signIn.PasswordSignInAsync(form.Email ?? "", form.Password ?? "", isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                return TypedResults.LocalRedirect(returnUrl);
            }

            // One message for an unknown email and a wrong password, so the form does not tell which emails have accounts.
            var error = result.IsLockedOut
                ? "Too many failed attempts: this account is locked for a while. Try again later or ask an admin."
                : "The email or password is not right.";
            return Page(context, antiforgery, returnUrl, error, form.Email, StatusCodes.Status400BadRequest);
        }).AllowAnonymous();

        group.MapPost("/sign-out", async Task<RedirectHttpResult> (SignInManager<SamsaraUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(SignInPath);
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());

        // Changing the security stamp makes every other cookie of this user fail its next check.
        group.MapPost("/sign-out-everywhere", async Task<RedirectHttpResult> (
            HttpContext context, UserManager<SamsaraUser> users, SignInManager<SamsaraUser> signIn) =>
        {
            if (await users.GetUserAsync(context.User) is { } user)
            {
                await users.UpdateSecurityStampAsync(user);
            }

            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(SignInPath);
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());
        return app;
    }

    /// <summary>Only a path on this site: an absolute or protocol-relative URL would make sign-in an open redirect.</summary>
    internal static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";

    private static ContentHttpResult Page(HttpContext context, IAntiforgery antiforgery, string returnUrl, string? error, string? email, int status = 200)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var html = HtmlEncoder.Default;
        var errorBlock = error is null ? "" : $"""<div class="mud-alert mud-alert-text-error mud-elevation-0 mb-4 pa-3" role="alert" data-test="sign-in-error">{html.Encode(error)}</div>""";
        var body = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8" />
              <meta name="viewport" content="width=device-width, initial-scale=1.0" />
              <title>Sign in · Samsara</title>
              <link rel="stylesheet" href="/_content/MudBlazor/MudBlazor.min.css" />
              <link rel="stylesheet" href="/app.css" />
              <link rel="icon" type="image/png" href="/favicon.png" />
            </head>
            <body class="sign-in-page">
              <main class="sign-in-card mud-paper mud-elevation-2">
                <h1 class="mud-typography mud-typography-h5 mb-1">Samsara</h1>
                <p class="mud-typography mud-typography-body2 mb-4">Sign in to your agency's workbench.</p>
                {{errorBlock}}
                <form method="post" action="{{SignInPath}}">
                  <input type="hidden" name="{{html.Encode(tokens.FormFieldName)}}" value="{{html.Encode(tokens.RequestToken ?? "")}}" />
                  <input type="hidden" name="returnUrl" value="{{html.Encode(returnUrl)}}" />
                  <label for="email">Email</label>
                  <input id="email" name="email" type="email" autocomplete="username" required autofocus value="{{html.Encode(email ?? "")}}" />
                  <label for="password">Password</label>
                  <input id="password" name="password" type="password" autocomplete="current-password" required />
                  <button type="submit" class="mud-button-root mud-button mud-button-filled mud-button-filled-primary mud-button-filled-size-medium mt-4" data-test="sign-in-submit">Sign in</button>
                </form>
              </main>
            </body>
            </html>
            """;
        return TypedResults.Content(body, "text/html; charset=utf-8", statusCode: status);
    }
}

internal sealed class SignInForm
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}
