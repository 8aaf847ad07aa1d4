using System.Text;
using Microsoft.EntityFrameworkCore;
using Samsara.Core;
using Samsara.Core.Candidates;
using Samsara.Core.CvIntake.Fields;
using Samsara.Core.CvIntake.Import;
using Samsara.Core.Data;
using Samsara.Testing;
using Samsara.Testing.CvCorpus;

namespace Samsara.Tests.CvIntake;

/// <summary>The import queue end to end, once per database (see the derived classes at the end).</summary>
public abstract class CvImportTests(DatabaseProvider provider) : IAsyncLifetime
{
    protected TestDatabase Database { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Database = await TestDatabase.CreateAsync(provider);

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private protected Task<CvIntakeHost> StartAsync(string? dataDirectory = null, bool startWorkers = true, Dictionary<string, string?>? settings = null) =>
        CvIntakeHost.StartAsync(dataDirectory, startWorkers, settings, Database);

    [Fact]
    public async Task StartAsync_MixedBatch_ImportsGoodFilesAndGivesEachBadOneAReason()
    {
        await using var app = await StartAsync();
        var projectId = await app.CreateProjectAsync();
        var good = CvCorpusBuilder.Build(3);
        var zip = BadFiles.Zip(("../escape.txt", "x"u8.ToArray()), ("inner.txt", Encoding.UTF8.GetBytes(CvWriters.Text(CvLayout.Compose(CvPersonas.Create(10), CvStyle.Classic, 0)))));
        List<UploadedCv> uploads =
        [
            .. good.Select(cv => new UploadedCv(cv.FileName, new MemoryStream(cv.Content))),
            new("empty.pdf", new MemoryStream()),
            new("fake.pdf", new MemoryStream("not really a pdf"u8.ToArray())),
            new("scan.pdf", new MemoryStream(BadFiles.ImageOnlyPdf())),
            new("bundle.zip", new MemoryStream(zip)),
        ];

        var started = await app.Get<CvImportService>().StartAsync(projectId, uploads, TestContext.Current.CancellationToken);
        var status = await app.WaitForImportAsync(projectId, started!.ImportId);

        Assert.True(status.Finished);
        Assert.Equal(8, status.Total);
        Assert.Equal(4, status.Imported);
        Assert.Equal(4, status.Failed);
        Assert.Contains("empty", Error(status, "empty.pdf"), StringComparison.Ordinal);
        Assert.Contains("not a PDF", Error(status, "fake.pdf"), StringComparison.Ordinal);
        Assert.Contains("no text layer (scanned?)", Error(status, "scan.pdf"), StringComparison.Ordinal);
        Assert.Contains("path traversal", Error(status, "bundle.zip/../escape.txt"), StringComparison.Ordinal);
        var candidates = await Candidates(app, projectId);
        Assert.Equal(good.Select(c => c.Truth.Email.ToLowerInvariant()).Append(CvPersonas.Create(10).Email.ToLowerInvariant()).Order(), candidates.Select(c => c.Email).Order());
    }

    [Fact]
    public async Task Import_CandidateFields_StoredWithCvJsonAndOriginalFile()
    {
        await using var app = await StartAsync();
        var projectId = await app.CreateProjectAsync();
        var cv = CvCorpusBuilder.Build(1)[0];

        var started = await app.Get<CvImportService>().StartAsync(projectId, [new UploadedCv(cv.FileName, new MemoryStream(cv.Content))], TestContext.Current.CancellationToken);
        await app.WaitForImportAsync(projectId, started!.ImportId);

        var candidate = Assert.Single(await Candidates(app, projectId));
        Assert.Equal(cv.Truth.FullName, candidate.FullName);
        Assert.Equal(cv.Truth.PhoneE164, candidate.Phone);
        Assert.Equal(CandidateSource.Import, candidate.Source);
        Assert.Equal(cv.Content, await File.ReadAllBytesAsync(Path.Combine(app.DataDirectory, candidate.StoredFilePath!), TestContext.Current.CancellationToken));
        var doc = CvDocument.FromJson(candidate.CvJson)!;
        Assert.Equal(cv.Truth.FullName, doc.FullName!.Value);
        Assert.True(doc.FullName.Confidence > 0);
        Assert.Contains(cv.Truth.CanonicalSkills[0], doc.Skills!.Value);
    }

    [Fact]
    public async Task Import_SameEmailOrSameFileTwice_FlagsDuplicateInsteadOfSilentlyAdding()
    {
        await using var app = await StartAsync();
        var projectId = await app.CreateProjectAsync();
        var original = CvCorpusBuilder.Build(1)[0];
        var sameEmailOtherLayout = CvWriters.Write(CvLayout.Compose(original.Truth, CvStyle.Labelled, 1), CvFormat.Docx);
        var service = app.Get<CvImportService>();

        var first = await service.StartAsync(projectId, [new UploadedCv("a.pdf", new MemoryStream(original.Content))], TestContext.Current.CancellationToken);
        await app.WaitForImportAsync(projectId, first!.ImportId);
        var second = await service.StartAsync(projectId, [new UploadedCv("b.docx", new MemoryStream(sameEmailOtherLayout)), new UploadedCv("a-again.pdf", new MemoryStream(original.Content))], TestContext.Current.CancellationToken);
        var status = await app.WaitForImportAsync(projectId, second!.ImportId);

        var firstId = (await service.GetStatusAsync(projectId, first.ImportId, TestContext.Current.CancellationToken))!.Files[0].CandidateId;
        Assert.All(status.Files, f => Assert.Equal(firstId, f.DuplicateOfId));
        Assert.Equal(3, (await Candidates(app, projectId)).Count);
    }

    [Fact]
    public async Task Import_StoppedMidwayAndRestarted_ImportsEveryFileExactlyOnce()
    {
        var corpus = CvCorpusBuilder.Build(40);
        Guid projectId, importId;
        string dataDirectory;
        await using (var before = await StartAsync(settings: new() { ["Samsara:CvIntake:WorkerConcurrency"] = "1" }))
        {
            dataDirectory = before.DataDirectory;
            projectId = await before.CreateProjectAsync();
            var started = await before.Get<CvImportService>().StartAsync(projectId, corpus.Select(c => new UploadedCv(c.FileName, new MemoryStream(c.Content))).ToList(), TestContext.Current.CancellationToken);
            importId = started!.ImportId;
            while ((await before.Get<CvImportService>().GetStatusAsync(projectId, importId, TestContext.Current.CancellationToken))!.Done < 5)
            {
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }
        }

        var midway = await StatusFromDisk(dataDirectory, projectId, importId);
        Assert.True(midway.Done < corpus.Count, $"the first run should stop before the end, it did {midway.Done}");

        await using var after = await StartAsync(dataDirectory);
        var status = await after.WaitForImportAsync(projectId, importId);

        Assert.Equal(corpus.Count, status.Imported);
        var candidates = await Candidates(after, projectId);
        Assert.Equal(corpus.Count, candidates.Count);
        Assert.Equal(status.Files.Select(f => f.FileId).Order(), candidates.Select(c => c.Id).Order());
    }

    [Fact]
    public async Task Import_WorkerDiedHoldingAFile_AnotherClaimsItAfterTheLeaseAndImportsItOnce()
    {
        await using var app = await StartAsync(startWorkers: false);
        var projectId = await app.CreateProjectAsync();
        var cv = CvCorpusBuilder.Build(1)[0];
        var started = await app.Get<CvImportService>().StartAsync(projectId, [new UploadedCv(cv.FileName, new MemoryStream(cv.Content))], TestContext.Current.CancellationToken);
        var fileId = started!.Files[0].FileId;
        await using (var db = await app.Get<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            // As a crashed worker leaves it: claimed, lease not yet run out.
            await db.Set<CvImportFile>().Where(f => f.Id == fileId).ExecuteUpdateAsync(
                s => s.SetProperty(f => f.Status, CvImportFileStatus.Processing).SetProperty(f => f.Attempts, 1)
                    .SetProperty(f => f.ClaimToken, Guid.NewGuid()).SetProperty(f => f.LeaseUntil, DateTimeOffset.UtcNow.AddSeconds(1)), TestContext.Current.CancellationToken);
        }

        var processor = app.Get<CvImportProcessor>();
        Assert.False(await processor.ProcessAsync(fileId, TestContext.Current.CancellationToken));
        await Task.Delay(1200, TestContext.Current.CancellationToken);
        Assert.True(await processor.ProcessAsync(fileId, TestContext.Current.CancellationToken));
        Assert.False(await processor.ProcessAsync(fileId, TestContext.Current.CancellationToken));

        var candidate = Assert.Single(await Candidates(app, projectId));
        Assert.Equal(fileId, candidate.Id);
    }

    [Fact]
    public async Task Import_NulCharactersInCvText_ImportsTheCvWithoutThemAndItsNeighbours()
    {
        await using var app = await StartAsync();
        var projectId = await app.CreateProjectAsync();
        var good = CvCorpusBuilder.Build(2);
        List<UploadedCv> uploads =
        [
            new(good[0].FileName, new MemoryStream(good[0].Content)),
            new("nul.txt", new MemoryStream(Hostile.HostileFiles.NulLadenText("Nora Null", "nora@example.com"))),
            new("nul.rtf", new MemoryStream(Hostile.HostileFiles.NulLadenRtf("Rita Null", "rita@example.com"))),
            new("nul\0name.txt", new MemoryStream("Nils Name\nnils@example.com\n"u8.ToArray())),
            new(good[1].FileName, new MemoryStream(good[1].Content)),
        ];

        var started = await app.Get<CvImportService>().StartAsync(projectId, uploads, TestContext.Current.CancellationToken);
        var status = await app.WaitForImportAsync(projectId, started!.ImportId);

        Assert.Equal(5, status.Imported);
        var candidates = await Candidates(app, projectId);
        Assert.Contains(candidates, c => c.FullName == "Nora Null" && c.Email == "nora@example.com");
        Assert.Contains(candidates, c => c.Email == "rita@example.com");
        Assert.All(candidates, c => Assert.DoesNotContain('\0', c.RawText + c.FullName + c.OriginalFileName));
    }

    [Fact]
    public async Task Start_AfterACrashHoldingFiles_ReleasesItsOwnClaimsAtOnceAndImportsThem()
    {
        var corpus = CvCorpusBuilder.Build(3);
        Guid projectId, importId;
        string dataDirectory;
        await using (var crashed = await StartAsync(startWorkers: false))
        {
            dataDirectory = crashed.DataDirectory;
            projectId = await crashed.CreateProjectAsync();
            importId = (await crashed.Get<CvImportService>().StartAsync(projectId, corpus.Select(c => new UploadedCv(c.FileName, new MemoryStream(c.Content))).ToList(), TestContext.Current.CancellationToken))!.ImportId;

            // As a kill -9 leaves them: claimed by this node with a lease far from over.
            Assert.Equal(3, (await crashed.Get<CvImportProcessor>().ClaimBatchAsync(10, TestContext.Current.CancellationToken)).Count);
        }

        var started = DateTime.UtcNow;
        await using var restarted = await StartAsync(dataDirectory, settings: new() { ["Samsara:CvIntake:ClaimLease"] = "00:10:00" });
        var status = await restarted.WaitForImportAsync(projectId, importId, TimeSpan.FromSeconds(60));

        Assert.Equal(3, status.Imported);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), "the restart did not wait out the 10-minute lease");
        Assert.Equal(3, (await Candidates(restarted, projectId)).Count);
    }

    [Fact]
    public async Task Start_AnotherNodesClaims_AreLeftToTheirLease()
    {
        var cv = CvCorpusBuilder.Build(1)[0];
        await using var other = await StartAsync(startWorkers: false, settings: new() { ["Samsara:CvIntake:NodeId"] = "node-a", ["Samsara:CvIntake:ClaimLease"] = "00:10:00" });
        var projectId = await other.CreateProjectAsync();
        var importId = (await other.Get<CvImportService>().StartAsync(projectId, [new UploadedCv(cv.FileName, new MemoryStream(cv.Content))], TestContext.Current.CancellationToken))!.ImportId;
        Assert.Single(await other.Get<CvImportProcessor>().ClaimBatchAsync(10, TestContext.Current.CancellationToken));

        await using var me = await StartAsync(other.DataDirectory, startWorkers: false, settings: new() { ["Samsara:CvIntake:NodeId"] = "node-b" });
        var released = await me.Get<CvImportProcessor>().ReleaseOwnClaimsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, released);
        var status = await me.Get<CvImportService>().GetStatusAsync(projectId, importId, TestContext.Current.CancellationToken);
        Assert.Equal(CvImportFileStatus.Processing, Assert.Single(status!.Files).Status);
    }

    [Fact]
    public async Task Start_StoredFilesWithoutRows_OldOnesDeletedReferencedAndRecentOnesKept()
    {
        var cv = CvCorpusBuilder.Build(1)[0];
        await using var first = await StartAsync();
        var projectId = await first.CreateProjectAsync();
        var started = await first.Get<CvImportService>().StartAsync(projectId, [new UploadedCv(cv.FileName, new MemoryStream(cv.Content))], TestContext.Current.CancellationToken);
        await first.WaitForImportAsync(projectId, started!.ImportId);
        var folder = Path.Combine(first.DataDirectory, "cv-files", projectId.ToString("N"));
        var kept = Assert.Single(Directory.GetFiles(folder));
        File.SetLastWriteTimeUtc(kept, DateTime.UtcNow.AddDays(-2));

        // What an upload cut off before its rows were written leaves behind: one long ago, one a moment ago.
        var orphan = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".pdf");
        File.WriteAllBytes(orphan, cv.Content);
        File.SetLastWriteTimeUtc(orphan, DateTime.UtcNow.AddDays(-2));
        var recent = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".pdf");
        File.WriteAllBytes(recent, cv.Content);
        var swept = await first.Get<CvImportProcessor>().SweepOrphanFilesAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, swept);
        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(kept));
        Assert.True(File.Exists(recent));
    }

    protected static string? Error(CvImportStatus status, string fileName) => status.Files.Single(f => f.FileName == fileName).Error;

    private protected static async Task<List<Candidate>> Candidates(CvIntakeHost app, Guid projectId)
    {
        await using var db = await app.Get<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync();
        return await db.Candidates.AsNoTracking().Where(c => c.ProjectId == projectId).ToListAsync();
    }

    private async Task<CvImportStatus> StatusFromDisk(string dataDirectory, Guid projectId, Guid importId)
    {
        await using var app = await StartAsync(dataDirectory, startWorkers: false);
        return (await app.Get<CvImportService>().GetStatusAsync(projectId, importId))!;
    }
}

public sealed class CvImportSqliteTests() : CvImportTests(DatabaseProvider.Sqlite);

public sealed class CvImportPostgresTests() : CvImportTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task Import_SamePeopleOnTwoNodesAtOnce_EachPersonIsOneCandidatePlusFlaggedDuplicates()
    {
        // Two nodes of a team install: one PostgreSQL, one shared data folder, each with its own in-process gate.
        await using var nodeA = await StartAsync(startWorkers: false);
        await using var nodeB = await StartAsync(nodeA.DataDirectory, startWorkers: false);
        var projectId = await nodeA.CreateProjectAsync();
        var people = Enumerable.Range(0, 12).Select(i => CvPersonas.Create(i)).ToList();
        var firstCopies = people.Select((p, i) => new UploadedCv($"a{i}.txt", new MemoryStream(CvWriters.Write(CvLayout.Compose(p, CvStyle.Classic, 0), CvFormat.Txt)))).ToList();
        var secondCopies = people.Select((p, i) => new UploadedCv($"b{i}.docx", new MemoryStream(CvWriters.Write(CvLayout.Compose(p, CvStyle.Labelled, 1), CvFormat.Docx)))).ToList();
        var first = await nodeA.Get<CvImportService>().StartAsync(projectId, firstCopies, TestContext.Current.CancellationToken);
        var second = await nodeB.Get<CvImportService>().StartAsync(projectId, secondCopies, TestContext.Current.CancellationToken);

        // Each person's two CVs are written at the same moment, one by each node.
        var work = first!.Files.Zip(second!.Files, (a, b) => new[]
        {
            nodeA.Get<CvImportProcessor>().ProcessAsync(a.FileId, TestContext.Current.CancellationToken),
            nodeB.Get<CvImportProcessor>().ProcessAsync(b.FileId, TestContext.Current.CancellationToken),
        }).SelectMany(t => t);
        Assert.All(await Task.WhenAll(work), Assert.True);

        var candidates = await Candidates(nodeA, projectId);
        Assert.Equal(people.Count * 2, candidates.Count);
        foreach (var person in people)
        {
            var copies = candidates.Where(c => string.Equals(c.Email, person.Email, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.Equal(2, copies.Count);
            var original = Assert.Single(copies, c => c.DuplicateOfId is null);
            Assert.Single(copies, c => c.DuplicateOfId == original.Id);
        }
    }
}
