using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Samsara.Sandbox;

namespace Samsara.Bench.Outreach;

/// <summary>The baseline: form-encoded Twilio creates to the sandbox, <c>concurrency</c> in flight, no database, no Samsara code.</summary>
internal static class BareLoop
{
    public static async Task<double> SendsPerSecondAsync(Uri twilio, int sends, int concurrency)
    {
        var accounts = new SandboxOptions();
        var endpoint = new Uri($"{twilio.ToString().TrimEnd('/')}/2010-04-01/Accounts/{accounts.TwilioAccountSid}/Messages.json");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{accounts.TwilioAccountSid}:{accounts.TwilioAuthToken}")));

        async Task SendAsync(int i)
        {
            using var content = new FormUrlEncodedContent(
            [
                new("To", "+4478" + (10_000_000 + i).ToString(CultureInfo.InvariantCulture)),
                new("From", EngineHost.OurNumber),
                new("Body", "Hi Ada, are you open to a role with Acme Ltd? Reply STOP to opt out."),
            ]);
            using var response = await http.PostAsync(endpoint, content);
            if ((int)response.StatusCode != 201)
            {
                throw new InvalidOperationException($"The sandbox answered {(int)response.StatusCode}.");
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency * 4).Select(i => SendAsync(sends + i)));
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < sends)
            {
                await SendAsync(i);
            }
        }));
        return sends / stopwatch.Elapsed.TotalSeconds;
    }
}
