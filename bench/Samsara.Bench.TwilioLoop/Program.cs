using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Samsara.Sandbox;

// The baseline the outreach engine is measured against: a bare HTTP loop sending SMS to the Twilio
// simulator, nothing else (no rendering, no database). Usage:
//   dotnet run -c Release --project bench/Samsara.Bench.TwilioLoop -- [--sends N] [--concurrency C] [--url http://127.0.0.1:5099/twilio]
// Without --url the simulator runs in this process on a loopback port (sharing the same cores).
var sends = IntArg("--sends", 20_000);
var concurrency = IntArg("--concurrency", 32);
var url = StringArg("--url");
var accounts = new SandboxOptions();

SandboxServer? server = null;
if (url is null)
{
    server = await SandboxServer.StartAsync();
    url = server.Url(SandboxRegistration.Paths.Twilio).ToString();
}

var endpoint = new Uri($"{url.TrimEnd('/')}/2010-04-01/Accounts/{accounts.TwilioAccountSid}/Messages.json");
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
    "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{accounts.TwilioAccountSid}:{accounts.TwilioAuthToken}")));

async Task<int> SendAsync(int i)
{
    using var content = new FormUrlEncodedContent(
    [
        new("To", "+1555" + (1_000_000 + i).ToString(CultureInfo.InvariantCulture)),
        new("From", "+15005550006"),
        new("Body", "Hi, a role you might like. Reply STOP to opt out. #" + i.ToString(CultureInfo.InvariantCulture)),
    ]);
    using var response = await http.PostAsync(endpoint, content);
    return (int)response.StatusCode;
}

// Warm up connections and the JIT before timing.
await Task.WhenAll(Enumerable.Range(0, concurrency * 4).Select(i => SendAsync(-1 - i)));

var next = -1;
var failures = 0;
var stopwatch = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < sends)
    {
        if (await SendAsync(i) != 201)
        {
            Interlocked.Increment(ref failures);
        }
    }
}));
stopwatch.Stop();

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"twilio-bare-loop sends={sends} concurrency={concurrency} failures={failures} seconds={stopwatch.Elapsed.TotalSeconds:F2} sends_per_second={sends / stopwatch.Elapsed.TotalSeconds:F0} simulator={(server is null ? "separate process" : "in process")}"));

if (server is not null)
{
    await server.DisposeAsync();
}

return failures == 0 ? 0 : 1;

int IntArg(string name, int fallback) =>
    StringArg(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

string? StringArg(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
