using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Samsara.Core.Data;
using Samsara.Core.Users;

namespace Samsara.Web.Security;

/// <summary>
/// Users, sign-in and the rule that everything needs it in team mode (docs/decisions/team-mode-auth.md). Identity is
/// registered in local mode too (the schema is the same), but nothing asks for a user there.
/// </summary>
internal static class TeamAuthRegistration
{
    public const string CookieName = "Samsara.Auth";

    public static IHostApplicationBuilder AddTeamAuth(this IHostApplicationBuilder builder)
    {
        var teamMode = TeamMode.From(builder.Configuration);
        builder.Services.AddSingleton(teamMode);

        builder.Services.AddIdentityCore<SamsaraUser>()
            .AddEntityFrameworkStores<SamsaraDbContext>()
            .AddSignInManager<SamsaraSignInManager>()
            .AddClaimsPrincipalFactory<SamsaraClaimsFactory>()
            .AddDefaultTokenProviders();
        builder.Services.AddOptions<IdentityOptions>().Configure<IOptions<SecurityOptions>>((o, security) =>
        {
            // Length over composition rules (NIST SP 800-63B): a long passphrase beats "P@ssw0rd1".
            o.Password.RequiredLength = 12;
            o.Password.RequireDigit = false;
            o.Password.RequireLowercase = false;
            o.Password.RequireUppercase = false;
            o.Password.RequireNonAlphanumeric = false;
            o.Password.RequiredUniqueChars = 4;
            o.Lockout.AllowedForNewUsers = true;
            o.Lockout.MaxFailedAccessAttempts = security.Value.MaxFailedSignIns;
            o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(security.Value.LockoutMinutes);
            o.User.RequireUniqueEmail = true;
        });
        // "Sign out everywhere" changes the security stamp; other sessions notice within this interval.
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the request is HTTPS (directly, or as a configured proxy says).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            o.LoginPath = AccountEndpoints.SignInPath;
            o.AccessDeniedPath = AccountEndpoints.SignInPath;
            o.Events.OnRedirectToLogin = context => Challenge(context, StatusCodes.Status401Unauthorized, "Sign in first.");
            o.Events.OnRedirectToAccessDenied = context => Challenge(context, StatusCodes.Status403Forbidden, "Your role does not allow this.");
        });

        builder.Services.AddAuthorization(o =>
        {
            if (teamMode.On)
            {
                // Every endpoint without its own [AllowAnonymous] needs a signed-in, enabled user.
                o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            }
        });
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    /// <summary>Forwarded headers from the configured proxies only, then the user from the cookie.</summary>
    public static WebApplication UseTeamAuthentication(this WebApplication app)
    {
        var proxies = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.KnownProxies;
        if (proxies.Length > 0)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            // The defaults trust loopback; only what the operator listed is trusted.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            app.UseForwardedHeaders(forwarded);
        }

        app.UseAuthentication();
        return app;
    }

    // Pages get the sign-in redirect; the API, the Blazor hub and anything not a page navigation get a status code,
    // since a script cannot follow a redirect to an HTML form.
    private static Task Challenge(RedirectContext<CookieAuthenticationOptions> context, int status, string title)
    {
        var request = context.Request;
        var isPage = HttpMethods.IsGet(request.Method)
            && !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/_blazor")
            && !request.Path.StartsWithSegments("/openapi") && !request.Path.StartsWithSegments("/_sandbox")
            && request.Headers.Upgrade.Count == 0;
        if (isPage)
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }

        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(
            new { type = "about:blank", title, status }, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }

    public static bool IsSignedIn(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;
}

/// <summary>Puts the user's role and display name in the cookie, so checks need no database round trip.</summary>
internal sealed class SamsaraClaimsFactory(UserManager<SamsaraUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<SamsaraUser>(users, options)
{
    public const string DisplayNameClaim = "samsara:name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(SamsaraUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ClaimTypes.Role, RoleName(user.Role)));
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName.Length > 0 ? user.DisplayName : user.Email ?? ""));
        return identity;
    }

    public static string RoleName(UserRole role) => role switch
    {
        UserRole.Admin => "admin",
        UserRole.Recruiter => "recruiter",
        UserRole.Viewer => "viewer",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };
}

/// <summary>A disabled user cannot sign in, whatever their password.</summary>
internal sealed class SamsaraSignInManager(
    UserManager<SamsaraUser> users,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<SamsaraUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<SamsaraUser>> logger,
    Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider schemes,
    IUserConfirmation<SamsaraUser> confirmation)
    : SignInManager<SamsaraUser>(users, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(SamsaraUser user) => !user.Disabled && await base.CanSignInAsync(user);
}
