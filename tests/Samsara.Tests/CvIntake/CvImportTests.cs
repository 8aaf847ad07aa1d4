using System.Text;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Candidates;
using Samsara.Core.CvIntake.Fields;
using Samsara.Core.CvIntake.Import;
using Samsara.Core.Data;
using Samsara.Testing.CvCorpus;

namespace Samsara.Tests.CvIntake;

public sealed class CvImportTests
{
    [Fact]
    public async Task StartAsync_MixedBatch_ImportsGoodFilesAndGivesEachBadOneAReason()
    {
        await using var app = await CvIntakeHost.StartAsync();
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
        await using var app = await CvIntakeHost.StartAsync();
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
        await using var app = await CvIntakeHost.StartAsync();
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
        await using (var before = await CvIntakeHost.StartAsync(settings: new() { ["Samsara:CvIntake:WorkerConcurrency"] = "1" }))
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

        await using var after = await CvIntakeHost.StartAsync(dataDirectory);
        var status = await after.WaitForImportAsync(projectId, importId);

        Assert.Equal(corpus.Count, status.Imported);
        var candidates = await Candidates(after, projectId);
        Assert.Equal(corpus.Count, candidates.Count);
        Assert.Equal(status.Files.Select(f => f.FileId).Order(), candidates.Select(c => c.Id).Order());
    }

    [Fact]
    public async Task Import_WorkerDiedHoldingAFile_AnotherClaimsItAfterTheLeaseAndImportsItOnce()
    {
        await using var app = await CvIntakeHost.StartAsync(startWorkers: false);
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

    private static string? Error(CvImportStatus status, string fileName) => status.Files.Single(f => f.FileName == fileName).Error;

    private static async Task<List<Candidate>> Candidates(CvIntakeHost app, Guid projectId)
    {
        await using var db = await app.Get<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync();
        return await db.Candidates.AsNoTracking().Where(c => c.ProjectId == projectId).ToListAsync();
    }

    private static async Task<CvImportStatus> StatusFromDisk(string dataDirectory, Guid projectId, Guid importId)
    {
        await using var app = await CvIntakeHost.StartAsync(dataDirectory, startWorkers: false);
        return (await app.Get<CvImportService>().GetStatusAsync(projectId, importId))!;
    }
}
