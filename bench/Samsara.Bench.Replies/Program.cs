using System.Diagnostics;
using System.Globalization;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Outreach.Replies;

// Classifies the labelled replies (tests/Samsara.Tests/Outreach/Replies/labelled-replies.tsv) over and over through
// ReplyIntentClassifier and, as the baseline in the same run, the keyword check replies had before (OptOutKeywords).
// Prints throughput (replies/s, one thread) and per-reply latency percentiles of the classifier.
var path = args.Length > 0 ? args[0] : Path.Combine("tests", "Samsara.Tests", "Outreach", "Replies", "labelled-replies.tsv");
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
var rows = File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).ToArray();
var texts = rows.Select(f => f[3].Replace("\\n", "\n", StringComparison.Ordinal)).ToArray();
var today = new DateOnly(2026, 12, 2);

// Accuracy on the labelled set (the same figures the tests assert a floor for).
var got = texts.Select(t => ReplyIntentClassifier.Classify(t, today).Intent).ToArray();
foreach (var intent in Enum.GetValues<ReplyIntent>())
{
    var labelled = rows.Count(f => f[1] == intent.ToString());
    var predicted = got.Count(g => g == intent);
    var right = rows.Where((f, i) => f[1] == intent.ToString() && got[i] == intent).Count();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{intent,-14} labelled {labelled,3}  precision {(predicted == 0 ? 0 : (double)right / predicted):0.000}  recall {(labelled == 0 ? 0 : (double)right / labelled):0.000}"));
}

// "misses" as a third argument lists every reply read differently from its label (for a held-out set's report).
if (args.Length > 2 && args[2] == "misses")
{
    for (var i = 0; i < rows.Length; i++)
    {
        if (rows[i][1] != got[i].ToString())
        {
            Console.WriteLine($"  miss: labelled {rows[i][1]}, read {got[i]}: {rows[i][0]} \"{rows[i][3]}\"");
        }
    }
}

// Warm up both paths (regex source generators have no JIT cost to hide, but the runtime's tiering does).
for (var i = 0; i < 3; i++)
{
    foreach (var t in texts)
    {
        ReplyIntentClassifier.Classify(t, today);
        OptOutKeywords.IsOptOut(t);
    }
}

var keywordTime = Stopwatch.StartNew();
var keywordHits = 0;
for (var r = 0; r < rounds; r++)
{
    foreach (var t in texts)
    {
        keywordHits += OptOutKeywords.IsOptOut(t) ? 1 : 0;
    }
}

keywordTime.Stop();

var latencies = new double[texts.Length * rounds];
var n = 0;
var optOuts = 0;
var total = Stopwatch.StartNew();
for (var r = 0; r < rounds; r++)
{
    foreach (var t in texts)
    {
        var start = Stopwatch.GetTimestamp();
        optOuts += ReplyIntentClassifier.Classify(t, today).Intent == ReplyIntent.OptOut ? 1 : 0;
        latencies[n++] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }
}

total.Stop();
Array.Sort(latencies);
double Pct(double p) => latencies[(int)Math.Min(latencies.Length - 1, Math.Ceiling(p * latencies.Length) - 1)];
var classifierRate = n / total.Elapsed.TotalSeconds;
var keywordRate = n / keywordTime.Elapsed.TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replies: {texts.Length} x {rounds} rounds = {n}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"classifier: {classifierRate:N0} replies/s; latency p50 {Pct(0.50):N1} µs, p99 {Pct(0.99):N1} µs, max {latencies[^1]:N1} µs ({optOuts / rounds} opt-outs a round)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"baseline (STOP keyword check only): {keywordRate:N0} replies/s ({keywordHits / rounds} keyword opt-outs a round)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio classifier/baseline: {classifierRate / keywordRate:0.000}"));
