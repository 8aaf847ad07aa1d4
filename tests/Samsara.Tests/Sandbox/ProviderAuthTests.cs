using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Samsara.Core.Channels;
using Samsara.Core.Channels.Sms;
using Samsara.Sandbox;
using Samsara.Sandbox.Infrastructure;
using Samsara.Tests.Sandbox.Contract;

namespace Samsara.Tests.Sandbox;

/// <summary>Each simulator checks credentials the way its provider does, and answers errors in its shape.</summary>
public sealed class ProviderAuthTests : IAsyncLifetime
{
    private SandboxHarness _h = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _h = await SandboxHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(string providerPath, string path, string? authorization, string json = "{}")
    {
        using var http = _h.Recorder.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_h.Server.Url(providerPath) + path));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("/vapi", "/call", "Bearer sandbox-vapi-key", "sandbox-vapi-key")]
    [InlineData("/bland", "/v1/calls", "sandbox-bland-key", "Bearer wrong")]
    [InlineData("/retell", "/v2/create-phone-call", "Bearer sandbox-retell-key", "sandbox-retell-key")]
    [InlineData("/deepgram", "/v1/listen", "Token sandbox-deepgram-key", "Bearer sandbox-deepgram-key")]
    [InlineData("/assemblyai", "/v2/transcript", "sandbox-assemblyai-key", "Bearer sandbox-assemblyai-key")]
    public async Task Simulator_CredentialInWrongScheme_401ButRightSchemeGetsPastAuth(string provider, string path, string right, string wrong)
    {
        var rejected = await SendAsync(provider, path, wrong);
        var missing = await SendAsync(provider, path, null);
        var accepted = await SendAsync(provider, path, right);

        Assert.Equal(HttpStatusCode.Unauthorized, rejected.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);

        // An empty body gets past authentication and fails validation instead.
        Assert.Equal(HttpStatusCode.BadRequest, accepted.Status);
    }

    [Fact]
    public async Task Deepgram_WrongKey_ErrorBodyMatchesDocumentedShape()
    {
        await SendAsync("/deepgram", "/v1/listen", "Token nope", """{"url":"https://example.com/a.wav"}""");

        _h.AssertContract(ProviderSpecs.Deepgram, SandboxRegistration.Paths.Deepgram);
    }

    [Fact]
    public async Task Twilio_InvalidToFromRawRequest_400With21211InTwilioShape()
    {
        using var http = _h.Recorder.Client();
        var o = _h.Server.Options;
        using var request = new HttpRequestMessage(HttpMethod.Post,
            new Uri(_h.Server.Url(SandboxRegistration.Paths.Twilio) + $"/2010-04-01/Accounts/{o.TwilioAccountSid}/Messages.json"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.TwilioAccountSid}:{o.TwilioAuthToken}")));
        request.Content = new FormUrlEncodedContent([new("To", "07700900123"), new("From", SandboxHarness.OurNumber), new("Body", "Hi")]);

        using var response = await http.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"code\":21211", body, StringComparison.Ordinal);
        Assert.Contains("\"more_info\":\"https://www.twilio.com/docs/errors/21211\"", body, StringComparison.Ordinal);
        _h.AssertContract(ProviderSpecs.Twilio, SandboxRegistration.Paths.Twilio);
    }

    [Fact]
    public async Task Twilio_OtherAccountInPath_404()
    {
        var result = await _h.Twilio().FetchAsync("SMded05904ccb347238880ca9264e8fe1c", Ct);

        Assert.Equal(ProviderOutcome.Permanent, result.Outcome);
        Assert.Equal("20404", result.Failure!.ProviderCode);
    }

    [Fact]
    public async Task SlowFault_AnswersOnlyWhenSandboxClockPassesTheDelay()
    {
        _h.Server.Faults.Add(new FaultRule("twilio", FaultKind.Slow, Delay: TimeSpan.FromSeconds(3)));
        var sending = _h.Twilio().SendAsync(new SmsToSend("+15551230001", "Hello"), Ct);

        // Wait (in real time) until the sandbox holds the request, then move its clock.
        for (var i = 0; i < 200 && _h.Server.Log.Entries("twilio").Count == 0; i++)
        {
            await Task.Delay(10, Ct);
        }

        await Task.Delay(100, Ct);
        Assert.False(sending.IsCompleted);
        _h.Time.Advance(TimeSpan.FromSeconds(3));

        var result = await sending.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.True(result.Succeeded, result.ToString());
    }
}
