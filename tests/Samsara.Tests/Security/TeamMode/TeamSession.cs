using System.Net;
using System.Text.RegularExpressions;

namespace Samsara.Tests.Security.TeamMode;

/// <summary>A browser-like HTTP client of a team-mode app: a cookie jar, no automatic redirects, the sign-in form.</summary>
internal sealed partial class TeamSession : IDisposable
{
    private readonly HttpClientHandler handler = new() { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };

    public TeamSession(Uri root)
    {
        Root = root;
        Http = new HttpClient(handler) { BaseAddress = root, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Root { get; }

    public HttpClient Http { get; }

    public CookieContainer Cookies => handler.CookieContainer;

    /// <summary>Fills in and posts the sign-in form as a browser would (antiforgery field and cookie included).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string email, string password, string returnUrl = "/")
    {
        var form = await Http.GetStringAsync(new Uri("/account/sign-in", UriKind.Relative), TestContext.Current.CancellationToken);
        var token = AntiforgeryField().Match(form);
        Assert.True(token.Success, "The sign-in page has no antiforgery field.");
        using var body = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [WebUtility.HtmlDecode(token.Groups["name"].Value)] = WebUtility.HtmlDecode(token.Groups["value"].Value),
            ["email"] = email,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        });
        return await Http.PostAsync(new Uri("/account/sign-in", UriKind.Relative), body, TestContext.Current.CancellationToken);
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]+)" />""")]
    private static partial Regex AntiforgeryField();

    public void Dispose()
    {
        Http.Dispose();
        handler.Dispose();
    }
}
