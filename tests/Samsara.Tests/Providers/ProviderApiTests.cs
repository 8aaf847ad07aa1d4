using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Samsara.Core;
using Samsara.Sandbox.Infrastructure;
using Samsara.Sandbox.SendGrid;
using Samsara.Testing;

namespace Samsara.Tests.Providers;

/// <summary>/api/v1/providers end to end, in demo mode so test sends reach the in-process sandbox over HTTP.</summary>
public abstract class ProviderApiTests(DatabaseProvider provider) : IAsyncLifetime
{
    // Distinctive enough that any leak (whole or in part) is found by a plain substring scan.
    private const string Secret = "tw-secret-7Q9zK2xLmP4vR8sW";
    private const string SecretTail = "R8sW";
    private const string SendGridSecret = "SG.sg-secret-J3hN6bV1cX5z";

    private readonly CapturedLogs logs = new();
    private readonly List<string> responses = [];
    private SamsaraAppFactory app = null!;
    private HttpClient client = null!;

    public async ValueTask InitializeAsync()
    {
        // The sandbox accepts only these credentials, so a successful test send proves the stored secret was used.
        app = SamsaraAppFactory.StartWithSandbox(await TestDatabase.CreateAsync(provider), new Dictionary<string, string?>
        {
            ["Samsara:Sandbox:TwilioAuthToken"] = Secret,
            ["Samsara:Sandbox:SendGridApiKey"] = SendGridSecret,
        }, logs);
        client = app.CreateClient();
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task EveryEndpointAndPage_AccountWithDistinctiveSecret_NeverShowsOrLogsTheSecret()
    {
        var created = await SendAsync(HttpMethod.Post, "/api/v1/providers", new
        {
            providerType = "Twilio",
            providerName = "Agency Twilio",
            settingsJson = """{"accountSid":"AC00000000000000000000000000000001","fromNumber":"+15005550006"}""",
            secrets = new { authToken = Secret },
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Json.GetProperty("id").GetGuid();
        Assert.Equal(["authToken"], created.Json.GetProperty("secretFields").EnumerateArray().Select(e => e.GetString()));

        var list = await SendAsync(HttpMethod.Get, "/api/v1/providers");
        Assert.Equal("Agency Twilio", Assert.Single(list.Json.EnumerateArray()).GetProperty("providerName").GetString());
        await SendAsync(HttpMethod.Get, $"/api/v1/providers/{id}");

        var test = await SendAsync(HttpMethod.Post, $"/api/v1/providers/{id}/test", new { to = "+447700900123" });
        Assert.Equal(HttpStatusCode.OK, test.Status);
        Assert.True(test.Json.GetProperty("succeeded").GetBoolean(), test.Json.GetProperty("message").GetString());
        Assert.Contains("+447700900123", test.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        var sms = Assert.Single(app.Service<RequestLog>().Entries("twilio"), e => e.Method == "POST");
        Assert.Contains("Samsara test message", Uri.UnescapeDataString(sms.Body.Replace('+', ' ')), StringComparison.Ordinal);

        var afterTest = await SendAsync(HttpMethod.Get, $"/api/v1/providers/{id}");
        Assert.True(afterTest.Json.GetProperty("lastTestSucceeded").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, afterTest.Json.GetProperty("lastTestAt").ValueKind);

        var updated = await SendAsync(HttpMethod.Put, $"/api/v1/providers/{id}", new
        {
            providerType = "Twilio",
            providerName = "Agency Twilio UK",
            isActive = true,
            settingsJson = """{"accountSid":"AC00000000000000000000000000000001","fromNumber":"+15005550006"}"""
        });
        Assert.Equal("Agency Twilio UK", updated.Json.GetProperty("providerName").GetString());
        Assert.Equal(["authToken"], updated.Json.GetProperty("secretFields").EnumerateArray().Select(e => e.GetString()));

        // Still works after a settings-only update: blank secrets kept the stored token.
        Assert.True((await SendAsync(HttpMethod.Post, $"/api/v1/providers/{id}/test", new { to = "+447700900123" })).Json.GetProperty("succeeded").GetBoolean());

        var page = await client.GetStringAsync(new Uri("/settings", UriKind.Relative));
        responses.Add(page);
        Assert.Contains("Agency Twilio UK", page, StringComparison.Ordinal);
        responses.Add(await client.GetStringAsync(new Uri("/", UriKind.Relative)));
        responses.Add(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));

        var rotated = await SendAsync(HttpMethod.Post, $"/api/v1/providers/{id}/secrets", new { secrets = new { authToken = "not-the-sandbox-token" } });
        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        var failing = await SendAsync(HttpMethod.Post, $"/api/v1/providers/{id}/test", new { to = "+447700900123" });
        Assert.False(failing.Json.GetProperty("succeeded").GetBoolean());
        Assert.Contains("refused the credentials", failing.Json.GetProperty("message").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, $"/api/v1/providers/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/api/v1/providers/{id}")).Status);

        var everything = string.Join('\n', responses) + '\n' + logs.AllText;
        Assert.NotEmpty(logs.Lines);
        Assert.Contains("Provider account", logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretTail, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"AC00000000000000000000000000000001:{Secret}")), everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestSend_SendGridAccount_EmailReachesTheSandboxWithOurHeaders()
    {
        var created = await SendAsync(HttpMethod.Post, "/api/v1/providers", new
        {
            providerType = "SendGrid",
            providerName = "Agency SendGrid",
            settingsJson = """{"fromAddress":"rita@agency.test","fromName":"Rita Recruiter","replyAddress":"replies@agency.test"}""",
            secrets = new { apiKey = SendGridSecret },
        });
        var id = created.Json.GetProperty("id").GetGuid();

        var test = await SendAsync(HttpMethod.Post, $"/api/v1/providers/{id}/test", new { to = "me@agency.test" });

        Assert.True(test.Json.GetProperty("succeeded").GetBoolean(), test.Json.GetProperty("message").GetString());
        var mail = Assert.Single(app.Service<SentMailStore>().All());
        Assert.Equal(["me@agency.test"], mail.To);
        Assert.StartsWith("<samsara.", mail.Request.GetProperty("headers").GetProperty("Message-ID").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(SendGridSecret, string.Join('\n', responses) + logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostProvider_MissingNameAndSecrets_Returns400NamingTheFields()
    {
        var response = await SendAsync(HttpMethod.Post, "/api/v1/providers", new { providerType = "Twilio", providerName = " " });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        var errors = response.Json.GetProperty("errors");
        Assert.True(errors.TryGetProperty("providerName", out _));
        Assert.True(errors.TryGetProperty("secrets", out _));
        Assert.Empty((await SendAsync(HttpMethod.Get, "/api/v1/providers")).Json.EnumerateArray());
    }

    [Fact]
    public async Task PostProvider_VoiceAccountCallsAtOnce_StoredAndABadValueRefusedKeepingTheOldOne()
    {
        var refused = await SendAsync(HttpMethod.Post, "/api/v1/providers", new { providerType = "Vapi", providerName = "Vapi", settingsJson = """{"maxConcurrentCalls":"0"}""", secrets = new { apiKey = "k" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("Calls at once must be a whole number from 1 to 1000 (it was \"0\").", refused.Json.GetProperty("errors").GetProperty("maxConcurrentCalls")[0].GetString());

        var created = await SendAsync(HttpMethod.Post, "/api/v1/providers", new { providerType = "Vapi", providerName = "Vapi", settingsJson = """{"maxConcurrentCalls":4}""", secrets = new { apiKey = "k" } });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Json.GetProperty("id").GetGuid();

        var bad = await SendAsync(HttpMethod.Put, $"/api/v1/providers/{id}", new { providerType = "Vapi", providerName = "Vapi", isActive = true, settingsJson = """{"maxConcurrentCalls":"lots"}""" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("(it was \"lots\")", bad.Json.GetProperty("errors").GetProperty("maxConcurrentCalls")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("""{"maxConcurrentCalls":4}""", (await SendAsync(HttpMethod.Get, $"/api/v1/providers/{id}")).Json.GetProperty("settingsJson").GetString());
    }

    [Fact]
    public async Task TestSend_TwilioWithBadNumber_Returns400AndSendsNothing()
    {
        var created = await SendAsync(HttpMethod.Post, "/api/v1/providers", new { providerType = "Twilio", providerName = "T", secrets = new { authToken = Secret } });
        var id = created.Json.GetProperty("id").GetGuid();

        var response = await SendAsync(HttpMethod.Post, $"/api/v1/providers/{id}/test", new { to = "07700 900123" });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("E.164", response.Json.GetProperty("errors").GetProperty("to")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(app.Service<RequestLog>().Entries("twilio"));
    }

    [Fact]
    public async Task RotateSecrets_NoValues_Returns400AndKeepsTheOldSecret()
    {
        var created = await SendAsync(HttpMethod.Post, "/api/v1/providers", new
        {
            providerType = "Twilio",
            providerName = "T",
            settingsJson = """{"accountSid":"AC00000000000000000000000000000001","fromNumber":"+15005550006"}""",
            secrets = new { authToken = Secret },
        });
        var id = created.Json.GetProperty("id").GetGuid();

        var response = await SendAsync(HttpMethod.Post, $"/api/v1/providers/{id}/secrets", new { secrets = new { authToken = "" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.True((await SendAsync(HttpMethod.Post, $"/api/v1/providers/{id}/test", new { to = "+447700900123" })).Json.GetProperty("succeeded").GetBoolean());
    }

    [Fact]
    public async Task UnknownAccount_EveryEndpoint_Returns404()
    {
        var id = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/api/v1/providers/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Put, $"/api/v1/providers/{id}", new { providerType = "Twilio", providerName = "x" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, $"/api/v1/providers/{id}/secrets", new { secrets = new { authToken = "x" } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, $"/api/v1/providers/{id}/test", new { to = "+447700900123" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, $"/api/v1/providers/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, $"/api/v1/providers/{id}/activate")).Status);
    }

    [Fact]
    public async Task Activate_TwoTwilioAccounts_ChosenOneIsTheOnlyActiveAndSendsUseIt()
    {
        var good = await AddTwilioAsync("Agency Twilio", Secret);
        // Saved as active, the newer account takes over from the older one.
        var wrong = await AddTwilioAsync("Old Twilio", "not-the-token-the-sandbox-accepts");
        Assert.Equal(["Old Twilio"], await ActiveTwilioNamesAsync());
        var sms = app.Service<Samsara.Core.Channels.Sms.TwilioSmsClient>();
        var refused = await sms.SendAsync(new("+447700900123", "Hello"), TestContext.Current.CancellationToken);
        Assert.Equal(401, refused.Failure?.HttpStatus);

        var activated = await SendAsync(HttpMethod.Post, $"/api/v1/providers/{good}/activate");

        Assert.Equal(HttpStatusCode.OK, activated.Status);
        Assert.True(activated.Json.GetProperty("isActive").GetBoolean());
        Assert.Equal(["Agency Twilio"], await ActiveTwilioNamesAsync());
        Assert.False((await SendAsync(HttpMethod.Get, $"/api/v1/providers/{wrong}")).Json.GetProperty("isActive").GetBoolean());
        var sent = await sms.SendAsync(new("+447700900123", "Hello"), TestContext.Current.CancellationToken);
        Assert.True(sent.Succeeded, sent.ToString());
    }

    private async Task<Guid> AddTwilioAsync(string name, string token)
    {
        var created = await SendAsync(HttpMethod.Post, "/api/v1/providers", new
        {
            providerType = "Twilio",
            providerName = name,
            settingsJson = """{"accountSid":"AC00000000000000000000000000000001","fromNumber":"+15005550006"}""",
            secrets = new { authToken = token },
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return created.Json.GetProperty("id").GetGuid();
    }

    private async Task<List<string?>> ActiveTwilioNamesAsync() =>
        [.. (await SendAsync(HttpMethod.Get, "/api/v1/providers?type=Twilio")).Json.EnumerateArray()
            .Where(a => a.GetProperty("isActive").GetBoolean()).Select(a => a.GetProperty("providerName").GetString())];

    private async Task<(HttpStatusCode Status, JsonElement Json, string? MediaType)> SendAsync(HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        responses.Add(text);
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, json, response.Content.Headers.ContentType?.MediaType);
    }
}

public sealed class SqliteProviderApiTests() : ProviderApiTests(DatabaseProvider.Sqlite);

public sealed class PostgresProviderApiTests() : ProviderApiTests(DatabaseProvider.Postgres);
