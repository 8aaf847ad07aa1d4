using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Samsara.Sandbox;
using Samsara.Tests.Sandbox.Contract;

namespace Samsara.Tests.Sandbox;

public sealed class TwilioPagingTests : IAsyncLifetime
{
    private SandboxHarness _h = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _h = await SandboxHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    private async Task<(List<string> Sids, string? Next)> GetPageAsync(HttpClient http, string relative)
    {
        using var response = await http.GetAsync(new Uri(_h.Server.Url(SandboxRegistration.Paths.Twilio) + relative), Ct);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var sids = doc.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("sid").GetString()!).ToList();
        var next = doc.RootElement.GetProperty("next_page_uri").GetString();
        return (sids, next);
    }

    [Fact]
    public async Task ListMessages_NewMessageArrivesBetweenPages_NextPageNeitherRepeatsNorSkips()
    {
        var o = _h.Server.Options;
        var original = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            original.Add(_h.Server.Sms.AddInbound($"+1555123020{i}", SandboxHarness.OurNumber, $"Reply {i}"));
            _h.Time.Advance(TimeSpan.FromSeconds(1));
        }

        using var http = _h.Recorder.Client();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.TwilioAccountSid}:{o.TwilioAuthToken}")));
        var first = await GetPageAsync(http, $"/2010-04-01/Accounts/{o.TwilioAccountSid}/Messages.json?To=%2B15005550006&PageSize=2");

        // Newest first: a message arriving now would shift an offset-based second page by one.
        _h.Server.Sms.AddInbound("+15551230299", SandboxHarness.OurNumber, "Late reply");
        var second = await GetPageAsync(http, first.Next!);

        Assert.Equal(2, first.Sids.Count);
        Assert.Equal(original.AsEnumerable().Reverse(), first.Sids.Concat(second.Sids));
        Assert.Null(second.Next);
        _h.AssertContract(ProviderSpecs.Twilio, SandboxRegistration.Paths.Twilio);
    }

    [Fact]
    public async Task ListMessages_DateSentWithFullTimestamp_WholeUtcDayAndUnsentExcluded()
    {
        var o = _h.Server.Options;
        var early = _h.Server.Sms.AddInbound("+15551230301", SandboxHarness.OurNumber, "Early reply");
        _h.Time.Advance(TimeSpan.FromHours(1));
        var late = _h.Server.Sms.AddInbound("+15551230302", SandboxHarness.OurNumber, "Late reply");
        var queued = await _h.Twilio().SendAsync(new Samsara.Core.Channels.Sms.SmsToSend("+15551230303", "Not sent yet"), Ct);
        Assert.True(queued.Succeeded);

        using var http = _h.Recorder.Client();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.TwilioAccountSid}:{o.TwilioAuthToken}")));
        // The SDKs send a timestamp one hour after the early reply; Twilio reads only its day.
        var sameDay = await GetPageAsync(http, $"/2010-04-01/Accounts/{o.TwilioAccountSid}/Messages.json?DateSent%3E=2026-11-24T10:30:00Z");
        var nextDay = await GetPageAsync(http, $"/2010-04-01/Accounts/{o.TwilioAccountSid}/Messages.json?DateSent%3E=2026-11-25");

        Assert.Equal([late, early], sameDay.Sids);
        Assert.Empty(nextDay.Sids);
    }
}
