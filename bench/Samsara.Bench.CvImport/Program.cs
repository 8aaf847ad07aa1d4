using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Samsara.Core;
using Samsara.Core.Candidates;
using Samsara.Core.CvIntake;
using Samsara.Core.CvIntake.Extraction;
using Samsara.Core.CvIntake.Fields;
using Samsara.Core.CvIntake.Import;
using Samsara.Core.Data;
using Samsara.Core.Matching;
using Samsara.Core.Projects;
using Samsara.Testing.CvCorpus;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

// CV import benchmark: generates N CV PDFs (of P pages each), then times pdftotext over them and Samsara's end-to-end
// import (store, parse, extract fields, score, write candidate and match to SQLite) in the same run: once with parsing
// in the app's process and once in the isolated worker processes, so the isolation's cost is known.
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var pagesPerCv = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
var work = Path.Combine(Path.GetTempPath(), "samsara-bench-cv-" + Guid.NewGuid().ToString("N")[..8]);
var cvDir = Path.Combine(work, "cvs");
Directory.CreateDirectory(cvDir);

Console.WriteLine($"Generating {count} CV PDFs of {pagesPerCv} page(s) in {cvDir} ...");
var files = new List<string>();
var index = 0;
foreach (var cv in pagesPerCv == 1 ? CvCorpusBuilder.BuildPdfs(count) : CvCorpusBuilder.Build(count).Select(c => c with { FileName = Path.ChangeExtension(c.FileName, ".pdf") }))
{
    var path = Path.Combine(cvDir, cv.FileName);
    File.WriteAllBytes(path, pagesPerCv == 1 ? cv.Content : MultiPage.Pdf(CvWriters.Text(CvLayout.Compose(CvPersonas.Create(index), CvStyle.Classic, 0)), pagesPerCv));
    files.Add(path);
    index++;
}

var totalBytes = files.Sum(f => new FileInfo(f).Length);
Console.WriteLine($"  {totalBytes / (1024.0 * 1024):0.0} MB in total");

// Reset the resident-memory high-water mark so the figure covers the import, not the corpus generation.
ResetPeakMemory();
var cores = Environment.ProcessorCount;
var pdftotext = TimePdftotext(files, cores);
Console.WriteLine($"pdftotext ({cores} processes in parallel): {count / pdftotext.TotalSeconds:0.0} files/s ({pdftotext.TotalSeconds:0.00} s)");

var parseOnly = TimeParseOnly(files, cores);
Console.WriteLine($"Samsara parse + extract + score in memory ({cores} threads): {count / parseOnly.TotalSeconds:0.0} CVs/s ({parseOnly.TotalSeconds:0.00} s)");

var (elapsed, imported, failed) = await ImportAsync(work, "in-process", files, ParserIsolation.InProcess);
var peak = PeakWorkingSetMb();
Console.WriteLine($"Samsara import end to end, parsing in process: {imported / elapsed.TotalSeconds:0.0} CVs/s ({elapsed.TotalSeconds:0.00} s, {imported} imported, {failed} failed)");
Console.WriteLine($"Peak working set of this process: {peak:0} MB");
ResetPeakMemory();
var (isolatedElapsed, isolatedImported, isolatedFailed) = await ImportAsync(work, "isolated", files, ParserIsolation.WorkerProcess);
var isolatedPeak = PeakWorkingSetMb();
Console.WriteLine($"Samsara import end to end, parsing in worker processes: {isolatedImported / isolatedElapsed.TotalSeconds:0.0} CVs/s ({isolatedElapsed.TotalSeconds:0.00} s, {isolatedImported} imported, {isolatedFailed} failed)");
Console.WriteLine($"Peak working set of this process (workers not included): {isolatedPeak:0} MB");
var ratio = isolatedImported / isolatedElapsed.TotalSeconds / (imported / elapsed.TotalSeconds);
Console.WriteLine($"| {count} PDFs × {pagesPerCv} pages | {cores} cores | pdftotext {count / pdftotext.TotalSeconds:0.0} files/s | in process {imported / elapsed.TotalSeconds:0.0} CVs/s | isolated {isolatedImported / isolatedElapsed.TotalSeconds:0.0} CVs/s | isolated/in-process {ratio:0.00} | peak {peak:0} / {isolatedPeak:0} MB |");

Directory.Delete(work, recursive: true);
return failed + isolatedFailed == 0 ? 0 : 1;

static TimeSpan TimeParseOnly(List<string> files, int parallelism)
{
    var text = new CvTextExtractor(new CvIntakeOptions());
    var fields = new CvFieldExtractor(SkillCatalog.Default);
    var parser = new JobDescriptionParser(SkillCatalog.Default);
    var job = parser.Parse("Senior Backend Engineer\nRequirements: C#, .NET, PostgreSQL, Docker, Kubernetes");
    var scorer = new MatchScorer(SkillCatalog.Default);
    var today = DateOnly.FromDateTime(DateTime.UtcNow);
    var sw = Stopwatch.StartNew();
    Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, file =>
    {
        var extracted = text.ExtractFile(file, Path.GetFileName(file));
        scorer.Score(job, extracted.Text, fields.Extract(extracted.Text!, "GB", today));
    });
    return sw.Elapsed;
}

static TimeSpan TimePdftotext(List<string> files, int parallelism)
{
    var sw = Stopwatch.StartNew();
    Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, file =>
    {
        using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-q", file, "-"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
    });
    return sw.Elapsed;
}

static async Task<(TimeSpan Elapsed, int Imported, int Failed)> ImportAsync(string work, string name, List<string> files, ParserIsolation isolation)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Samsara:DataDirectory"] = Path.Combine(work, "data-" + name),
        ["Samsara:CvIntake:Isolation"] = isolation.ToString(),
    });
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.AddSamsaraCore();
    builder.AddCvIntake();
    using var host = builder.Build();
    await host.Services.InitializeDatabaseAsync();
    await host.StartAsync();

    var project = await host.Services.GetRequiredService<ProjectService>().CreateAsync(new ProjectInput { Name = "Benchmark" });
    await host.Services.GetRequiredService<CandidateService>().SetJobDescriptionAsync(project.Id, new JobDescriptionInput
    {
        Text = "Senior Backend Engineer\nLocation: London\nRequirements: C#, .NET, PostgreSQL, Docker, Kubernetes\nNice to have: Kafka, Terraform\n5+ years of experience",
    });

    var imports = host.Services.GetRequiredService<CvImportService>();
    var sw = Stopwatch.StartNew();
    var started = await imports.StartAsync(project.Id, OpenEach(files));
    Console.WriteLine($"  upload (store {files.Count} originals, queue them): {sw.Elapsed.TotalSeconds:0.00} s");
    CvImportStatus status;
    do
    {
        await Task.Delay(100);
        status = (await imports.GetStatusAsync(project.Id, started!.ImportId, failuresOnly: true))!;
    }
    while (!status.Finished);

    var elapsed = sw.Elapsed;
    await host.StopAsync();
    return (elapsed, status.Imported, status.Failed);
}

static async IAsyncEnumerable<UploadedCv> OpenEach(List<string> files)
{
    foreach (var file in files)
    {
        await using var stream = File.OpenRead(file);
        yield return new UploadedCv(Path.GetFileName(file), stream);
    }
}

static void ResetPeakMemory()
{
    try
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
    }
    catch (IOException)
    {
        // Not Linux, or not allowed: the peak then includes corpus generation.
    }
    catch (UnauthorizedAccessException)
    {
    }
}

static double PeakWorkingSetMb()
{
    // VmHWM is the kernel's high-water mark of resident memory, which Process.PeakWorkingSet64 reads on Linux.
    using var self = Process.GetCurrentProcess();
    return self.PeakWorkingSet64 / (1024.0 * 1024);
}

/// <summary>A CV laid out over several pages: its own text on the first, then project history, as long CVs run.</summary>
internal static class MultiPage
{
    public static byte[] Pdf(string cvText, int pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        var lines = new Queue<string>(cvText.Split('\n'));
        for (var page = 0; page < pages; page++)
        {
            var p = builder.AddPage(595, 842);
            for (var y = 800; y > 40; y -= 14)
            {
                var line = lines.Count > 0 ? lines.Dequeue()
                    : $"Project {page}-{y}: migrated a reporting service to .NET and PostgreSQL, cut batch time by {y % 70 + 10}%.";
                p.AddText(Ascii(line), 10, new PdfPoint(40, y), font);
            }
        }

        return builder.Build();
    }

    /// <summary>The standard Helvetica has no glyphs beyond Latin-1; accents are dropped, other symbols become spaces.</summary>
    private static string Ascii(string line) =>
        string.Concat(line.Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            .Select(c => c is >= ' ' and <= '~' ? c : ' '));
}
