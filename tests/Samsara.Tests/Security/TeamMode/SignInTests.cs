using System.Net;
using System.Net.Http.Json;
using Samsara.Core.Users;
using Samsara.Testing;

namespace Samsara.Tests.Security.TeamMode;

/// <summary>Signing in and out of a team-mode app through its forms, as a browser does, and what the cookie allows.</summary>
public sealed class SignInTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";
    private SamsaraAppFactory app = null!;
    private TeamSession session = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        app = new SamsaraAppFactory(settings: new Dictionary<string, string?> { ["Samsara:TeamMode"] = "On", ["Samsara:Security:MaxFailedSignIns"] = "3" });
        await app.AddUserBeforeStartAsync("boss@agency.test", "the admin's passphrase", UserRole.Admin);
        await app.AddUserBeforeStartAsync("ada@agency.test", Password, UserRole.Recruiter);
        await app.AddUserBeforeStartAsync("vera@agency.test", Password, UserRole.Viewer);
        session = new TeamSession(app.StartBrowserServer());
    }

    public async ValueTask DisposeAsync()
    {
        session.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task SignIn_RightPassword_RedirectsBackAndTheApiAnswers()
    {
        var before = await session.Http.GetAsync(new Uri("/api/v1/projects", UriKind.Relative), Ct);

        var signedIn = await session.SignInAsync("ada@agency.test", Password, "/settings");
        var after = await session.Http.GetAsync(new Uri("/api/v1/projects", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        Assert.Equal("application/problem+json", before.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/settings", signedIn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task SignIn_Cookie_IsHttpOnlyAndSameSiteLax()
    {
        var signedIn = await session.SignInAsync("ada@agency.test", Password);

        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("Samsara.Auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        // Plain HTTP on loopback: a Secure cookie would never come back. Behind TLS (or a configured proxy) it is Secure.
        Assert.DoesNotContain("secure", cookie.Replace("samesite", "", StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignIn_WrongPassword_SaysSoWithoutSayingWhetherTheEmailExists()
    {
        var wrongPassword = await session.SignInAsync("ada@agency.test", "not the password at all");
        var unknownEmail = await session.SignInAsync("nobody@agency.test", "not the password at all");

        Assert.Equal(HttpStatusCode.BadRequest, wrongPassword.StatusCode);
        Assert.Contains("The email or password is not right.", await wrongPassword.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("The email or password is not right.", await unknownEmail.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_AfterMaxFailedAttempts_IsLockedEvenWithTheRightPassword()
    {
        for (var i = 0; i < 3; i++)
        {
            await session.SignInAsync("ada@agency.test", "not the password at all");
        }

        var right = await session.SignInAsync("ada@agency.test", Password);
        var api = await session.Http.GetAsync(new Uri("/api/v1/projects", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task SignIn_ReturnUrlToAnotherSite_GoesHomeInstead()
    {
        var signedIn = await session.SignInAsync("ada@agency.test", Password, "//evil.example/phish");

        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignIn_WithoutTheAntiforgeryToken_IsRefused()
    {
        using var body = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "ada@agency.test", ["password"] = Password });

        var posted = await session.Http.PostAsync(new Uri("/account/sign-in", UriKind.Relative), body, Ct);
        var api = await session.Http.GetAsync(new Uri("/api/v1/projects", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task SignOut_ThenTheApi_Answers401()
    {
        await session.SignInAsync("ada@agency.test", Password);
        var page = await session.Http.GetStringAsync(new Uri("/account/sign-in", UriKind.Relative), Ct);
        var token = System.Text.RegularExpressions.Regex.Match(page, """name="(?<name>__RequestVerificationToken)" value="(?<value>[^"]+)" """.Trim());
        using var body = new FormUrlEncodedContent(new Dictionary<string, string> { [token.Groups["name"].Value] = WebUtility.HtmlDecode(token.Groups["value"].Value) });

        var signedOut = await session.Http.PostAsync(new Uri("/account/sign-out", UriKind.Relative), body, Ct);
        var api = await session.Http.GetAsync(new Uri("/api/v1/projects", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task SignOutEverywhere_AnotherSessionsCookie_StopsWorking()
    {
        await session.SignInAsync("ada@agency.test", Password);
        using var other = new TeamSession(session.Root);
        await other.SignInAsync("ada@agency.test", Password);
        var page = await session.Http.GetStringAsync(new Uri("/account/sign-in", UriKind.Relative), Ct);
        var token = System.Text.RegularExpressions.Regex.Match(page, """name="(?<name>__RequestVerificationToken)" value="(?<value>[^"]+)" """.Trim());
        using var body = new FormUrlEncodedContent(new Dictionary<string, string> { [token.Groups["name"].Value] = WebUtility.HtmlDecode(token.Groups["value"].Value) });

        await session.Http.PostAsync(new Uri("/account/sign-out-everywhere", UriKind.Relative), body, Ct);
        // The other cookie is checked against the security stamp at most a minute after it was issued.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        HttpStatusCode status;
        do
        {
            status = (await other.Http.GetAsync(new Uri("/api/v1/projects", UriKind.Relative), Ct)).StatusCode;
            if (status == HttpStatusCode.Unauthorized)
            {
                break;
            }

            await Task.Delay(2000, Ct);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Viewer_ReadsButCannotCreateAProject_WhileARecruiterCan()
    {
        using var recruiter = new TeamSession(session.Root);
        await recruiter.SignInAsync("ada@agency.test", Password);
        await session.SignInAsync("vera@agency.test", Password);

        var viewerReads = await session.Http.GetAsync(new Uri("/api/v1/projects", UriKind.Relative), Ct);
        var viewerWrites = await session.Http.PostAsJsonAsync(new Uri("/api/v1/projects", UriKind.Relative), new { name = "Viewer's project", clientName = "Acme" }, Ct);
        var recruiterWrites = await recruiter.Http.PostAsJsonAsync(new Uri("/api/v1/projects", UriKind.Relative), new { name = "Recruiter's project", clientName = "Acme" }, Ct);

        Assert.Equal(HttpStatusCode.OK, viewerReads.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewerWrites.StatusCode);
        Assert.Equal(HttpStatusCode.Created, recruiterWrites.StatusCode);
        var names = await session.Http.GetStringAsync(new Uri("/api/v1/projects", UriKind.Relative), Ct);
        Assert.DoesNotContain("Viewer's project", names, StringComparison.Ordinal);
    }
}
