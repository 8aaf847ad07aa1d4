using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

// The Outreach page at 10,000 enrolled candidates, timed in headless Chromium against a real Samsara process
// (docs/benchmarks.md). Usage:
//   dotnet bench/Samsara.Bench.OutreachPage/bin/Release/net10.0/Samsara.Bench.OutreachPage.dll --app path/to/Samsara.Web.dll [--candidates 10000] [--step-timeout 120] [--start-timeout 900]
// Run it once with the build before the change and once after, on the same machine, one after the other.
var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(x => x.a[2..], x => x.i + 1 < args.Length ? args[x.i + 1] : "");
var appDll = Path.GetFullPath(options.GetValueOrDefault("app") ?? throw new ArgumentException("--app path/to/Samsara.Web.dll"));
var count = int.Parse(options.GetValueOrDefault("candidates") ?? "10000", CultureInfo.InvariantCulture);
var stepTimeout = TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("step-timeout") ?? "120", CultureInfo.InvariantCulture));
// On a shared 2-core machine the app's first start (JIT, migrations) has taken over two minutes: wait long, but stop
// at once if it exits.
var startTimeout = TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("start-timeout") ?? "900", CultureInfo.InvariantCulture));

var port = FreePort();
var data = Directory.CreateTempSubdirectory("samsara-page-bench").FullName;
var start = new ProcessStartInfo("dotnet", [appDll, $"--Urls=http://127.0.0.1:{port}", $"--Samsara:DataDirectory={data}", "--Samsara:Outreach:RunInBackground=false",
    "--Samsara:Sms:PollInBackground=false", "--Logging:LogLevel:Default=Warning"])
{ WorkingDirectory = Path.GetDirectoryName(appDll)!, RedirectStandardOutput = true, RedirectStandardError = true, Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production" } };
using var app = Process.Start(start)!;
app.OutputDataReceived += (_, _) => { };
app.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("app: " + e.Data); } };
app.BeginOutputReadLine();
app.BeginErrorReadLine();
var results = new List<(string Name, string Value)>();
try
{
    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
    var started = Stopwatch.StartNew();
    await WaitUpAsync(http, app, startTimeout);
    Console.WriteLine($"app answered its health check after {started.Elapsed.TotalSeconds:0.0} s");
    var project = await (await http.PostAsJsonAsync("/api/v1/projects", new { name = "Bench", clientName = "Acme Ltd" })).Content.ReadFromJsonAsync<JsonElement>();
    var projectId = project.GetProperty("id").GetGuid();
    var seed = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
    {
        var phone = "+4477" + (10_000_000 + i).ToString(CultureInfo.InvariantCulture);
        using var response = await http.PostAsJsonAsync($"/api/v1/projects/{projectId}/candidates",
            new { fullName = $"Candidate {i:D5}", phone, email = $"c{i}@example.com" }, ct);
        response.EnsureSuccessStatusCode();
    });
    Console.WriteLine($"seeded {count} candidates in {seed.Elapsed.TotalSeconds:0.0} s");
    results.Add(("server RSS before the page (MB)", Rss(app)));

    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
    var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 900 } });
    page.SetDefaultTimeout((float)stepTimeout.TotalMilliseconds);
    var outreach = $"http://127.0.0.1:{port}/project/{projectId}/outreach";
    var rows = page.Locator("[data-test=outreach-table] tbody tr");

    // Enrol everyone through the dialog, as a recruiter would.
    await page.GotoAsync(outreach);
    await page.Locator("body[data-interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    await Step("enrol dialog opens (s)", async () =>
    {
        await page.Locator("[data-test=enrol]").First.ClickAsync();
        await page.Locator("[data-test=enrol-all]").GetByText("not yet enrolled").WaitForAsync();
    });
    // The label counts in words ("All 10k not yet enrolled"), so the box is found by its test id.
    await page.Locator("[data-test=enrol-all] input").CheckAsync();
    await Step($"enrol {count} confirms (s)", async () =>
    {
        await page.Locator("[data-test=enrol-confirm]").ClickAsync();
        await page.GetByText(new System.Text.RegularExpressions.Regex(@"^[\d,.]+[kM]? enrolled")).First.WaitForAsync();
    });
    await Step("rows shown after enrolling (s)", () => rows.First.WaitForAsync());

    await Step("first usable render (s)", async () =>
    {
        await page.GotoAsync(outreach);
        await page.Locator("body[data-interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await rows.First.WaitForAsync();
    });
    results.Add(("rows in the DOM", (await rows.CountAsync()).ToString(CultureInfo.InvariantCulture)));
    results.Add(("server RSS with the page open (MB)", Rss(app)));

    await Step("filter by state (s)", async () =>
    {
        await page.Locator("[data-test=outreach-funnel] [data-state=Pending]").ClickAsync();
        await page.Locator("[data-test=outreach-funnel] [data-state=Pending].mud-chip-filled").WaitForAsync();
    });
    await Step("open drawer (s)", async () =>
    {
        await rows.First.Locator("[data-test=outreach-name]").ClickAsync();
        await page.Locator("[data-test=timeline-drawer]").GetByText("Enrolled in outreach").First.WaitForAsync();
    });
    await page.Keyboard.PressAsync("Escape");
    await page.Locator("[data-test=timeline-drawer] [aria-label='Close timeline']").ClickAsync(new() { Force = true, Timeout = 5000 }).ContinueWith(_ => { });
    await Step("select all matching (s)", async () =>
    {
        var matching = page.Locator("[data-test=select-all-matching]");
        if (await page.Locator("[data-test=select-page]").CountAsync() > 0)
        {
            await page.Locator("[data-test=select-page] input").CheckAsync();
            await matching.ClickAsync();
            await page.Locator("[data-test=selection-scope]").GetByText("matching selected").WaitForAsync();
        }
        else
        {
            // The page before server paging: MudTable's own select-all over every row.
            await page.Locator("[data-test=outreach-table] thead input[type=checkbox]").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex($"Pause {count}") }).WaitForAsync();
        }
    });
    results.Add(("server RSS after the clicks (MB)", Rss(app)));
}
finally
{
    app.Kill(entireProcessTree: true);
    await app.WaitForExitAsync();
    try
    {
        Directory.Delete(data, recursive: true);
    }
    catch (IOException)
    {
        // The database may be held a moment longer; the temp folder is the OS's to clean.
    }
}

Console.WriteLine($"| {Path.GetFileName(Path.GetDirectoryName(appDll))} | value |");
foreach (var (name, value) in results)
{
    Console.WriteLine($"| {name} | {value} |");
}

return 0;

async Task Step(string name, Func<Task> action)
{
    var watch = Stopwatch.StartNew();
    try
    {
        await action();
        results.Add((name, watch.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)));
    }
    catch (TimeoutException)
    {
        results.Add((name, $"> {stepTimeout.TotalSeconds:0} (timed out)"));
    }
}

static string Rss(Process process)
{
    var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    return (kb / 1024).ToString(CultureInfo.InvariantCulture);
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task WaitUpAsync(HttpClient http, Process app, TimeSpan timeout)
{
    var deadline = Stopwatch.StartNew();
    while (deadline.Elapsed < timeout)
    {
        if (app.HasExited)
        {
            throw new InvalidOperationException($"Samsara exited with code {app.ExitCode} before answering (its stderr is above).");
        }

        try
        {
            using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            if ((await http.GetAsync(new Uri("/health", UriKind.Relative), probe.Token)).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Not listening yet, or too busy starting to answer within the probe's time.
        }

        await Task.Delay(500);
    }

    throw new TimeoutException($"Samsara did not answer /health within {timeout.TotalSeconds:0} s.");
}
