using System.Net.Http.Headers;
using System.Text;
using Samsara.Core.Channels;
using Samsara.Core.Channels.SendGrid;
using Samsara.Sandbox;
using Samsara.Sandbox.Infrastructure;
using Samsara.Tests.Sandbox.Contract;

namespace Samsara.Tests.Sandbox;

public sealed class SendGridTests : IAsyncLifetime
{
    private SandboxHarness _h = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _h = await SandboxHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    private static SendGridMail Mail(string to = "ada@example.com") => new(
        new EmailAddress(to, "Ada Lovelace"),
        new EmailAddress("recruiter@agency.example", "Riley Recruiter"),
        "A role you might like",
        "Hi Ada, ...",
        "<p>Hi Ada, ...</p>",
        new EmailAddress("reply+7f3a@agency.example"),
        new Dictionary<string, string>
        {
            ["List-Unsubscribe"] = "<mailto:unsubscribe+7f3a@agency.example>",
        },
        new Dictionary<string, string> { ["samsara_send"] = "7f3a" });

    [Fact]
    public async Task SendAsync_ValidMail_AcceptedWithMessageId()
    {
        var result = await _h.SendGrid().SendAsync(Mail(), Ct);

        Assert.True(result.Succeeded, result.ToString());
        var stored = Assert.Single(_h.Server.Mail.All());
        Assert.Equal(stored.MessageId, result.Value!.MessageId);
        Assert.Equal(["ada@example.com"], stored.To);
        _h.AssertContract(ProviderSpecs.SendGrid, SandboxRegistration.Paths.SendGrid);
    }

    [Fact]
    public async Task SendAsync_SameAddressInToAndCc_Permanent400NamingTheDuplicateNothingSent()
    {
        var twice = Mail() with { Cc = [new EmailAddress("ADA@example.com")] };

        var result = await _h.SendGrid().SendAsync(twice, Ct);

        Assert.Equal(ProviderOutcome.Permanent, result.Outcome);
        Assert.Equal(400, result.Failure!.HttpStatus);
        Assert.Contains("unique between to, cc, and bcc", result.Failure.Reason, StringComparison.Ordinal);
        Assert.Empty(_h.Server.Mail.All());
        _h.AssertContract(ProviderSpecs.SendGrid, SandboxRegistration.Paths.SendGrid);
    }

    [Fact]
    public async Task MailSend_AttachmentNotBase64_400OnTheAttachmentsContentField()
    {
        using var http = _h.Recorder.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, _h.Server.Url(SandboxRegistration.Paths.SendGrid).ToString().TrimEnd('/') + "/v3/mail/send")
        {
            Content = new StringContent("""
                {"personalizations":[{"to":[{"email":"ada@example.com"}]}],"from":{"email":"rita@agency.example"},"subject":"Shortlist",
                 "content":[{"type":"text/plain","value":"Attached."}],"attachments":[{"content":"this is not base64!","filename":"cv.pdf","type":"application/pdf"}]}
                """, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", _h.Server.Options.SendGridApiKey);

        var response = await http.SendAsync(request, Ct);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("attachments.0.content", await response.Content.ReadAsStringAsync(Ct));
        Assert.Empty(_h.Server.Mail.All());
        _h.AssertContract(ProviderSpecs.SendGrid, SandboxRegistration.Paths.SendGrid);
    }

    [Fact]
    public async Task SendAsync_RateLimited_RetryAfterFromRateLimitReset()
    {
        _h.Server.Faults.Add(new FaultRule("sendgrid", FaultKind.RateLimited, RetryAfter: TimeSpan.FromSeconds(30)));

        var result = await _h.SendGrid().SendAsync(Mail(), Ct);

        Assert.Equal(ProviderOutcome.RateLimited, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(30), result.Failure!.RetryAfter);
        Assert.Empty(_h.Server.Mail.All());
    }

    [Fact]
    public async Task SendAsync_WrongKey_Permanent401()
    {
        var result = await _h.SendGrid(apiKey: "SG.wrong").SendAsync(Mail(), Ct);

        Assert.Equal(ProviderOutcome.Permanent, result.Outcome);
        Assert.Equal(401, result.Failure!.HttpStatus);
        _h.AssertContract(ProviderSpecs.SendGrid, SandboxRegistration.Paths.SendGrid);
    }

    [Fact]
    public async Task SendAsync_ServerError_Transient()
    {
        _h.Server.Faults.Add(new FaultRule("sendgrid", FaultKind.ServerError));

        var result = await _h.SendGrid().SendAsync(Mail(), Ct);

        Assert.Equal(ProviderOutcome.Transient, result.Outcome);
        _h.AssertContract(ProviderSpecs.SendGrid, SandboxRegistration.Paths.SendGrid);
    }

    [Fact]
    public async Task MailSend_MissingFromAndContent_400WithFieldErrors()
    {
        using var http = _h.Recorder.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_h.Server.Url(SandboxRegistration.Paths.SendGrid).ToString().TrimEnd('/') + "/v3/mail/send"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _h.Server.Options.SendGridApiKey);
        request.Content = new StringContent("""{"personalizations":[{"to":[{"email":"ada@example.com"}]}],"subject":"Hi"}""", Encoding.UTF8, "application/json");

        using var response = await http.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("\"field\":\"from.email\"", body, StringComparison.Ordinal);
        Assert.Contains("\"field\":\"content\"", body, StringComparison.Ordinal);
        _h.AssertContract(ProviderSpecs.SendGrid, SandboxRegistration.Paths.SendGrid, responsesOnly: true);
    }
}
