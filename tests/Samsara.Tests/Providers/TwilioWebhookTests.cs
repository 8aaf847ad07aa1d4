using System.Net;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Channels.Sms;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Templates;
using Samsara.Sandbox.Infrastructure;
using Samsara.Testing;

namespace Samsara.Tests.Providers;

/// <summary>The optional StatusCallback endpoint of a team install with a public URL.</summary>
public sealed class TwilioWebhookTests : IAsyncLifetime
{
    private const string PublicUrl = "https://samsara.agency.example";
    private const string CallbackUrl = PublicUrl + "/api/v1/webhooks/twilio/status";
    private const string SandboxToken = "sandbox-twilio-token";
    private SamsaraAppFactory app = null!;

    public ValueTask InitializeAsync()
    {
        app = SamsaraAppFactory.StartWithSandbox(settings: new Dictionary<string, string?>
        {
            ["Samsara:Sms:PublicBaseUrl"] = PublicUrl,
            ["Samsara:Sms:PollInBackground"] = "false",
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task StatusCallback_ValidSignature_RecordsDelivered()
    {
        var sid = await SendOneSmsAsync();
        var form = Form(sid, "delivered");

        var response = await PostAsync(form, TwilioSignature.Compute(CallbackUrl, form, SandboxToken));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(MessageStatus.Delivered, (await MessageAsync()).Status);
        var send = Assert.Single(app.Service<RequestLog>().Entries("twilio"), e => e.Method == "POST");
        Assert.Contains("StatusCallback=" + Uri.EscapeDataString(CallbackUrl), send.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusCallback_ForgedOrMissingSignature_Returns403AndChangesNothing()
    {
        var sid = await SendOneSmsAsync();
        var form = Form(sid, "undelivered", errorCode: "30003");

        var forged = await PostAsync(form, TwilioSignature.Compute(CallbackUrl, form, "not-the-auth-token"));
        var unsigned = await PostAsync(form, signature: null);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);
        Assert.Equal(MessageStatus.Sent, (await MessageAsync()).Status);
    }

    [Fact]
    public async Task StatusCallback_NoPublicUrlConfigured_IsNotMapped()
    {
        await using var local = new SamsaraAppFactory();
        using var content = new FormUrlEncodedContent(Form("SM00000000000000000000000000000000", "delivered"));

        var response = await local.CreateClient().PostAsync(new Uri("/api/v1/webhooks/twilio/status", UriKind.Relative), content, TestContext.Current.CancellationToken);

        // The pages' catch-all route answers GET only, so an unmapped POST path is 405 rather than 404.
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
    }

    private static List<KeyValuePair<string, string>> Form(string sid, string status, string? errorCode = null)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("MessageSid", sid), new("MessageStatus", status), new("AccountSid", "AC00000000000000000000000000000001"),
            new("To", "+447700900123"), new("From", "+15005550006"),
        };
        if (errorCode is not null)
        {
            form.Add(new("ErrorCode", errorCode));
        }

        return form;
    }

    private async Task<HttpResponseMessage> PostAsync(List<KeyValuePair<string, string>> form, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/webhooks/twilio/status", UriKind.Relative)) { Content = new FormUrlEncodedContent(form) };
        if (signature is not null)
        {
            request.Headers.Add("X-Twilio-Signature", signature);
        }

        return await app.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task<string> SendOneSmsAsync()
    {
        var project = await app.CreateProjectAsync();
        await app.Service<TemplateService>().CreateAsync(new TemplateInput { ProjectId = project.Id, Name = "Intro", Channel = MessageChannel.Sms, Body = "Hi {{ candidate.first_name }}" });
        await app.AddCandidateAsync(project.Id, "Grace Hopper", phone: "+447700900123");
        await app.Service<OutreachService>().EnrolAsync(project.Id, new EnrolRequest(All: true), "recruiter");
        // Midday UK time tomorrow: outside the quiet hours whenever the test runs.
        var midday = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1).AddHours(12), TimeSpan.Zero);
        await app.Service<OutreachEngine>().RunOnceAsync(midday, TestContext.Current.CancellationToken);
        var message = await MessageAsync();
        Assert.Equal(MessageStatus.Sent, message.Status);
        return message.ProviderMessageId!;
    }

    private async Task<Message> MessageAsync()
    {
        await using var db = await app.Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync();
        return await db.Messages.AsNoTracking().SingleAsync(m => m.Direction == MessageDirection.Outbound);
    }
}
