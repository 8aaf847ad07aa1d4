using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Samsara.Core;
using Samsara.Testing;
using Samsara.Tests.Security;

namespace Samsara.Tests.Providers;

/// <summary>
/// Issue 10: one edit of a non-secret setting must not send the stored secrets to a new address. The attacker's host is
/// a loopback listener that records every byte it receives.
/// </summary>
public abstract class ProviderSecretExfiltrationTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Secret = "tw-secret-Exf1ltr8-Qm4Z";
    private const string AccountSid = "AC00000000000000000000000000000001";

    private readonly RecordingListener attacker = new();
    private SamsaraAppFactory app = null!;
    private HttpClient client = null!;

    protected virtual bool AllowCustomEndpoints => false;

    public async ValueTask InitializeAsync()
    {
        app = SamsaraAppFactory.StartWithSandbox(await TestDatabase.CreateAsync(provider), new Dictionary<string, string?>
        {
            ["Samsara:Sandbox:TwilioAuthToken"] = Secret,
            ["Samsara:Providers:AllowCustomEndpoints"] = AllowCustomEndpoints ? "true" : "false",
        });
        client = app.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await attacker.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UpdateBaseUrl_WithoutReenteringSecrets_Returns400AndTestSendsNothingToTheNewHost()
    {
        var id = await AddTwilioAsync();

        var moved = await client.PutAsJsonAsync(new Uri($"/api/v1/providers/{id}", UriKind.Relative), new
        {
            providerType = "Twilio",
            providerName = "Agency Twilio",
            isActive = true,
            settingsJson = $$"""{"accountSid":"{{AccountSid}}","baseUrl":"{{attacker.Url}}"}""",
        }, Ct);
        var test = await client.PostAsJsonAsync(new Uri($"/api/v1/providers/{id}/test", UriKind.Relative), new { to = "+447700900123" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, moved.StatusCode);
        var errors = (await moved.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        var message = errors.TryGetProperty("secrets", out var secrets) ? secrets[0].GetString() : errors.GetProperty("settingsJson")[0].GetString();
        Assert.False(string.IsNullOrEmpty(message));
        // The account still talks to where it did: the sandbox accepts the stored token.
        Assert.True((await test.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("succeeded").GetBoolean());
        Assert.Equal(0, attacker.Connections);
        Assert.DoesNotContain(attacker.Url.ToString().TrimEnd('/'), await client.GetStringAsync(new Uri($"/api/v1/providers/{id}", UriKind.Relative), Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateSmtpHost_WithoutReenteringPassword_Returns400AndTestConnectsNowhereNew()
    {
        const string password = "smtp-pass-Exf1l-9Zq";
        var created = await client.PostAsJsonAsync(new Uri("/api/v1/providers", UriKind.Relative), new
        {
            providerType = "Smtp",
            providerName = "Office SMTP",
            // A closed port: the test fails fast at the old address.
            settingsJson = """{"host":"127.0.0.1","port":"1","security":"None","username":"rita","fromAddress":"rita@agency.test","replyAddress":"replies@agency.test"}""",
            secrets = new { password },
        }, SamsaraAppFactory.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        var moved = await client.PutAsJsonAsync(new Uri($"/api/v1/providers/{id}", UriKind.Relative), new
        {
            providerType = "Smtp",
            providerName = "Office SMTP",
            isActive = true,
            settingsJson = $$"""{"host":"127.0.0.1","port":"{{attacker.Port}}","security":"None","username":"rita","fromAddress":"rita@agency.test","replyAddress":"replies@agency.test"}""",
        }, Ct);
        await client.PostAsJsonAsync(new Uri($"/api/v1/providers/{id}/test", UriKind.Relative), new { to = "me@agency.test" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, moved.StatusCode);
        Assert.Contains("password", (await moved.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("secrets")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, attacker.Connections);
    }

    protected async Task<Guid> AddTwilioAsync()
    {
        var created = await client.PostAsJsonAsync(new Uri("/api/v1/providers", UriKind.Relative), new
        {
            providerType = "Twilio",
            providerName = "Agency Twilio",
            settingsJson = $$"""{"accountSid":"{{AccountSid}}","fromNumber":"+15005550006"}""",
            secrets = new { authToken = Secret },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    protected HttpClient Client => client;

    protected RecordingListener Attacker => attacker;

    protected static string BasicAuth(string token) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{token}"));

    protected static string StoredSecret => Secret;
}

public sealed class SqliteProviderSecretExfiltrationTests() : ProviderSecretExfiltrationTests(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task AddAccount_BaseUrlOnAForeignHost_Returns400AndNothingIsSaved()
    {
        var response = await Client.PostAsJsonAsync(new Uri("/api/v1/providers", UriKind.Relative), new
        {
            providerType = "Twilio",
            providerName = "Planted",
            settingsJson = $$"""{"accountSid":"AC1","baseUrl":"{{Attacker.Url}}"}""",
            secrets = new { authToken = "x" },
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors").GetProperty("settingsJson")[0].GetString();
        Assert.Contains("is not a Twilio address", message, StringComparison.Ordinal);
        Assert.Contains("AllowCustomEndpoints", message, StringComparison.Ordinal);
        Assert.Equal("[]", await Client.GetStringAsync(new Uri("/api/v1/providers", UriKind.Relative), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("https://api.twilio.com")]
    [InlineData("https://api.sydney.au1.twilio.com/")]
    public async Task AddAccount_BaseUrlOnTwilioItself_IsAccepted(string baseUrl)
    {
        var response = await Client.PostAsJsonAsync(new Uri("/api/v1/providers", UriKind.Relative), new
        {
            providerType = "Twilio",
            providerName = "Regional",
            settingsJson = $$"""{"accountSid":"AC1","baseUrl":"{{baseUrl}}"}""",
            secrets = new { authToken = "x" },
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("http://api.twilio.com")]
    [InlineData("https://twilio.com.attacker.test")]
    [InlineData("https://api.twilio.com:8443")]
    public async Task AddAccount_BaseUrlLookingLikeTwilio_Returns400(string baseUrl)
    {
        var response = await Client.PostAsJsonAsync(new Uri("/api/v1/providers", UriKind.Relative), new
        {
            providerType = "Twilio",
            providerName = "Lookalike",
            settingsJson = $$"""{"accountSid":"AC1","baseUrl":"{{baseUrl}}"}""",
            secrets = new { authToken = "x" },
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

public sealed class PostgresProviderSecretExfiltrationTests() : ProviderSecretExfiltrationTests(DatabaseProvider.Postgres);

/// <summary>With custom endpoints allowed by the admin, a move is accepted only with the secrets typed again.</summary>
public sealed class CustomEndpointProviderTests() : ProviderSecretExfiltrationTests(DatabaseProvider.Sqlite)
{
    protected override bool AllowCustomEndpoints => true;

    [Fact]
    public async Task UpdateBaseUrl_WithSecretReentered_NewHostGetsOnlyTheNewSecretAndItsErrorPageIsNotEchoed()
    {
        const string newToken = "fresh-token-for-the-proxy-77";
        var id = await AddTwilioAsync();

        var moved = await Client.PutAsJsonAsync(new Uri($"/api/v1/providers/{id}", UriKind.Relative), new
        {
            providerType = "Twilio",
            providerName = "Agency Twilio via proxy",
            isActive = true,
            settingsJson = $$"""{"accountSid":"AC00000000000000000000000000000001","baseUrl":"{{Attacker.Url}}"}""",
            secrets = new { authToken = newToken },
        }, TestContext.Current.CancellationToken);
        var test = await Client.PostAsJsonAsync(new Uri($"/api/v1/providers/{id}/test", UriKind.Relative), new { to = "+447700900123" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Contains(BasicAuth(newToken), Attacker.Received, StringComparison.Ordinal);
        Assert.DoesNotContain(BasicAuth(StoredSecret), Attacker.Received, StringComparison.Ordinal);
        Assert.DoesNotContain(StoredSecret, Attacker.Received, StringComparison.Ordinal);
        var result = await test.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.False(result.GetProperty("succeeded").GetBoolean());
        var message = result.GetProperty("message").GetString()!;
        Assert.Contains("500", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Attacker.Steal", message, StringComparison.Ordinal);
        Assert.DoesNotContain("<html>", message, StringComparison.Ordinal);
    }
}
