using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Samsara.Core.Ats.Mapping;
using Samsara.UiTests;

// Time from Samsara's fill request to the extension's per-field result, in Debian's Chromium with the unpacked
// extension, on the sandbox's 40-field controlled form. Baseline in the same run: the same round trip with a
// 1-field mapping (socket, routing and result plumbing without the per-field work).
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
await using var session = await ExtensionSession.StartAsync();
var app = session.App;
var project = await app.CreateProjectAsync("Bench");
var candidate = await app.AddCandidateAsync(project.Id, "María de la Cruz", email: "maria@example.com", phone: "07700 900123");
await app.MoveToAtsReadyAsync(project.Id, candidate.Id);
var mappings = app.Service<AtsMappingService>();
var wide = await mappings.CreateAsync(new AtsMappingInput
{
    Vendor = AtsVendor.Generic,
    Name = "40 fields",
    Fields = Enumerable.Range(1, 40).ToDictionary(i => $"field{i:00}", i => i % 2 == 0
        ? new FieldRule { Source = "candidate.full_name", Transform = AtsTransform.LastName }
        : new FieldRule { Source = "candidate.phone", Transform = AtsTransform.PhoneE164 }),
});
var narrow = await mappings.CreateAsync(new AtsMappingInput
{
    Vendor = AtsVendor.Generic,
    Name = "1 field",
    Fields = new Dictionary<string, FieldRule> { ["field01"] = new() { Source = "candidate.full_name", Transform = AtsTransform.LastName } },
});
await session.PairAsync();
var page = await session.OpenAtsAsync("wide");
using var http = new HttpClient { BaseAddress = session.BaseAddress };

async Task<double[]> Measure(Guid mappingId, int n)
{
    var times = new double[n];
    for (var i = 0; i < n; i++)
    {
        var watch = Stopwatch.StartNew();
        var response = await http.PostAsJsonAsync($"/api/v1/projects/{project.Id}/candidates/{candidate.Id}/ats/fill", new { mappingId });
        var body = await response.Content.ReadAsStringAsync();
        times[i] = watch.Elapsed.TotalMilliseconds;
        if (!response.IsSuccessStatusCode || !body.Contains("\"delivered\":true", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Fill failed: " + body);
        }
    }

    return times;
}

await Measure(wide.Id, 3); // warm-up: JIT, first content-script run
var filled = await page.EvaluateAsync<Dictionary<string, string>>("() => window.atsState()");
if (filled!.Count != 40 || filled["field02"] != "de la Cruz")
{
    throw new InvalidOperationException($"The page state holds {filled.Count} of 40 fields.");
}

var baseline = await Measure(narrow.Id, rounds);
var measured = await Measure(wide.Id, rounds);

static string Stats(double[] t)
{
    var s = t.Order().ToArray();
    double P(double q) => s[(int)Math.Min(s.Length - 1, Math.Ceiling(q * s.Length) - 1)];
    return string.Create(CultureInfo.InvariantCulture, $"p50 {P(0.5):F0} ms, p95 {P(0.95):F0} ms, max {s[^1]:F0} ms");
}

Console.WriteLine($"rounds: {rounds}");
Console.WriteLine($"1-field fill (baseline): {Stats(baseline)}");
Console.WriteLine($"40-field fill:           {Stats(measured)}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio p50 40/1: {measured.Order().ElementAt(rounds / 2) / baseline.Order().ElementAt(rounds / 2):F2}"));
