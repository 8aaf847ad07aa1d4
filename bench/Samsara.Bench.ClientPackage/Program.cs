using System.Diagnostics;
using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Samsara.Core.ClientPackages;
using Samsara.Core.ClientPackages.Branding;
using Samsara.Core.ClientPackages.Pdf;
using Samsara.Testing;

// Time to build a 5-candidate anonymised shortlist through ClientPackageService.CreateAsync on SQLite: read the five
// dossiers (CV data, match, AI screen, transcript), anonymise them, draw the comparison page and 5 CVs + 5 screening
// summaries with the agency's SVG logo, write the files and the package row. Baseline in the same run: the same 11
// documents' text written by bare PDFsharp (one font, one DrawString per line, in memory, nothing read or redacted).
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
var ct = CancellationToken.None;

await using var app = new SamsaraAppFactory();
var project = await app.CreateProjectAsync("Site Supervisor, Leeds", "Northern Build Ltd");
var people = new[] { PackageRig.Ada, PackageRig.Wang, PackageRig.Generated(0), PackageRig.Generated(1), PackageRig.Generated(2) };
var ids = new List<Guid>();
foreach (var (person, i) in people.Select((p, i) => (p, i)))
{
    ids.Add(await PackageRig.AddScreenedAsync(app, project.Id, person, score: 90 - (i * 7)));
}

const string Logo = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><rect width="120" height="40" rx="6" fill="#1F3A5F"/><circle cx="20" cy="20" r="12" fill="#E07A1F"/><text x="40" y="27" font-size="18" fill="#FFFFFF">Northwind</text></svg>""";
await app.Service<BrandingService>().SaveAsync(new BrandingInput("Northwind Talent", "#1F3A5F", "#E07A1F", "Northwind Talent Ltd · Reg. 01234567", "Rita", Convert.ToBase64String(Encoding.UTF8.GetBytes(Logo))), ct);

var packages = app.Service<ClientPackageService>();
var request = new PackageRequest(ids, Anonymise: true, RedactTerms: ["Babbage Engines", "Kier Group", "Morgan Sindall"]);
PackageView? last = null;
for (var i = 0; i < 3; i++)
{
    last = await packages.CreateAsync(project.Id, request, ct);
}

// The baseline writes what the package says, so both sides put the same words on paper.
var facts = new List<CandidateFacts>();
foreach (var id in ids)
{
    facts.Add((await app.Service<DossierReader>().ReadAsync(project.Id, id, null, ct))!);
}

var dossiers = ClientPackageService.ForClient(facts, request, DateTimeOffset.UtcNow.Year);
var documents = new List<string[]>();
documents.Add([.. dossiers.Select(d => $"{d.DisplayName} {d.Score} {string.Join(", ", d.Skills)} {d.ScreeningOutcome}")]);
foreach (var d in dossiers)
{
    documents.Add([d.DisplayName, d.CurrentTitle ?? "", d.Summary ?? "", string.Join(" · ", d.Skills), .. d.WorkHistory.Select(w => $"{w.Title}, {w.Company} {w.Start}-{w.End}"),
        .. d.Education.Select(e => e.Text)]);
    documents.Add([d.DisplayName, $"Match score {d.Score}", .. d.ScoreReasons, $"AI screen: {d.ScreeningOutcome}", .. d.Answers.Select(a => $"Q: {a.Question} A: {a.Answer}"),
        d.RecruiterNotes ?? "", .. d.Excerpts.Select(x => x.Said)]);
}

long Bare()
{
    var font = new XFont(PdfFonts.Sans, 10);
    long bytes = 0;
    foreach (var lines in documents)
    {
        using var document = new PdfDocument();
        var page = document.AddPage();
        using (var g = XGraphics.FromPdfPage(page))
        {
            var y = 40.0;
            foreach (var line in lines)
            {
                g.DrawString(line.Length > 120 ? line[..120] : line, font, XBrushes.Black, 40, y, XStringFormats.TopLeft);
                y += 14;
            }
        }

        using var stream = new MemoryStream();
        document.Save(stream);
        bytes += stream.Length;
    }

    return bytes;
}

for (var i = 0; i < 3; i++)
{
    Bare();
}

var bare = new List<double>();
var samsara = new List<double>();
long bareBytes = 0;
for (var r = 0; r < rounds; r++)
{
    // Interleaved, so a burst of load on the shared machine hits both sides alike.
    var start = Stopwatch.GetTimestamp();
    bareBytes = Bare();
    bare.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    start = Stopwatch.GetTimestamp();
    last = await packages.CreateAsync(project.Id, request, ct);
    samsara.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
}

static string Stats(List<double> ms)
{
    var sorted = ms.Order().ToArray();
    return string.Create(CultureInfo.InvariantCulture, $"median {sorted[sorted.Length / 2]:0} ms, p90 {sorted[(int)(sorted.Length * 0.9)]:0} ms, max {sorted[^1]:0} ms");
}

var files = last!.Files;

// To look at the pages: SAMSARA_PDF_DUMP=/some/folder keeps this anonymised package and the same one named.
if (Environment.GetEnvironmentVariable("SAMSARA_PDF_DUMP") is { Length: > 0 } dump)
{
    var named = await packages.CreateAsync(project.Id, request with { Anonymise = false }, ct);
    foreach (var (package, kind) in new[] { (last, "anonymised"), (named!, "named") })
    {
        Directory.CreateDirectory(Path.Combine(dump, kind));
        foreach (var file in package.Files)
        {
            var (path, _) = (await packages.FileAsync(project.Id, package.Id, file.Name, ct))!.Value;
            File.Copy(path, Path.Combine(dump, kind, file.Name), overwrite: true);
        }
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rounds {rounds}; {files.Count} files, {files.Sum(f => f.Bytes) / 1024} KB per package; bare {bareBytes / 1024} KB"));
Console.WriteLine("Samsara CreateAsync (5 anonymised, SQLite, SVG logo): " + Stats(samsara));
Console.WriteLine("bare PDFsharp, same 11 documents' text:              " + Stats(bare));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"median ratio Samsara / bare: {samsara.Order().ElementAt(rounds / 2) / bare.Order().ElementAt(rounds / 2):0.0}; goal < 2000 ms: {(samsara.Order().ElementAt(rounds / 2) < 2000 ? "met" : "not met")}"));
