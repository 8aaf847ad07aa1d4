using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Samsara.Core;
using Samsara.Core.Calls;
using Samsara.Core.Candidates;
using Samsara.Core.ClientPackages;
using Samsara.Core.Data;
using Samsara.Core.Matching;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Templates;
using Samsara.Core.Usage;
using Samsara.Testing;
using Samsara.Tests.Matching;

namespace Samsara.Tests.Privacy;

/// <summary>
/// Issue 18, erasure: after erasing a person, neither the database (the SQLite file and its log byte for byte; every
/// PostgreSQL table as text) nor the data folder holds their name, email or phone, in any project; their opt-out still
/// holds as a hash, so a number that opted out is never contacted again and a re-import is recognised. Once per database.
/// </summary>
public abstract class CandidateErasureTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Phone = "+447911123456";
    private const string Email = "alice@example.com";
    private SamsaraAppFactory app = null!;
    private HttpClient client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        app = new SamsaraAppFactory(await TestDatabase.CreateAsync(provider));
        client = app.CreateClient();
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Erase_PersonInTwoProjectsWithHistory_NothingLeftAnywhereAndTheOptOutStillHolds()
    {
        var (first, alice, carol) = await ProjectWithAliceAndCarolAsync();
        var second = (await app.CreateProjectAsync("Platform Engineer")).Id;
        var aliceAgain = await app.AddCandidateAsync(second, "Alice Martin", "Alice@Example.com", "+44 7911 123456");
        var package = await AddHistoryAsync(first, alice, carol);

        var scope = await client.GetFromJsonAsync<JsonElement[]>($"/api/v1/candidates/{alice.Id}/erasure", Ct);
        var refused = await client.PostAsJsonAsync($"/api/v1/candidates/{alice.Id}/erase", new { confirm = false }, Ct);
        var erased = await client.PostAsJsonAsync($"/api/v1/candidates/{alice.Id}/erase", new { confirm = true }, Ct);

        Assert.Equal([alice.Id, aliceAgain.Id], scope!.Select(p => p.GetProperty("candidateId").GetGuid()).Order());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var result = await erased.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(2, result.GetProperty("candidates").GetInt32());
        Assert.Equal(1, result.GetProperty("optOutsKept").GetInt32());
        Assert.True(result.GetProperty("files").GetInt32() >= 2, $"files removed: {result}"); // the CV and the recording

        string[] personal = ["Alice Martin", Email, Phone, "7911 123456", "notice period is one month"];
        foreach (var text in personal)
        {
            Assert.Empty(await WhereInDatabaseAsync(text));
            Assert.Empty(WhereInDataFolder(text));
        }

        // Nobody else lost anything: Carol, her CV and the projects stay; the agency keeps what the call cost.
        await using var db = await app.Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(Ct);
        Assert.True(await db.Candidates.AnyAsync(c => c.Id == carol.Id, Ct));
        Assert.False(await db.Candidates.AnyAsync(c => c.Id == alice.Id || c.Id == aliceAgain.Id, Ct));
        Assert.Equal(2, await db.Projects.CountAsync(p => p.Id == first || p.Id == second, Ct));
        var usage = await db.UsageEvents.SingleAsync(u => u.ProviderRef == "erasure-test-call", Ct);
        Assert.Null(usage.CandidateId);
        Assert.Equal(0.42m, usage.Cost);

        // The client package that named her keeps Carol's page only; the comparison page named both and is gone too.
        var redacted = await db.ClientPackages.SingleAsync(p => p.Id == package, Ct);
        Assert.Equal(["carol-white.pdf"], JsonSerializer.Deserialize<List<PackageFile>>(redacted.FilesJson, PackageJson)!.Select(f => f.Name));
        Assert.Equal("Please find [erased] and Carol White attached.", redacted.EmailText);
        Assert.Equal(["carol-white.pdf"], Directory.GetFiles(Path.Combine(app.DataDirectory, "packages", package.ToString("N"))).Select(Path.GetFileName));
        Assert.Equal(1, result.GetProperty("packagesRedacted").GetInt32());

        // The opt-out holds without the number: any message to it is blocked, and a re-imported CV comes in opted out.
        Assert.NotNull(await ConsentLedger.BlockedReasonAsync(db, Phone, ConsentChannel.Phone, Ct));
        Assert.Null(await ConsentLedger.BlockedReasonAsync(db, Email, ConsentChannel.Email, Ct));
        await app.ImportCvsAsync(first, ("alice-again.txt", Encoding.UTF8.GetBytes(RankingTests.PerfectCv)));
        var ranking = (await app.Service<CandidateRanking>().ListAsync(first, new RankingQuery(), Ct)).Items;
        Assert.True(Assert.Single(ranking, r => r.FullName == "Alice Martin").OptedOut);
        Assert.False(Assert.Single(ranking, r => r.FullName == "Carol White").OptedOut);
    }

    [Fact]
    public async Task Erase_UnknownCandidate_Returns404()
    {
        var response = await client.PostAsJsonAsync($"/api/v1/candidates/{Guid.NewGuid()}/erase", new { confirm = true }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<(Guid Project, Candidate Alice, Candidate Carol)> ProjectWithAliceAndCarolAsync()
    {
        var projectId = (await app.CreateProjectAsync("Senior Backend Engineer")).Id;
        await app.Service<CandidateService>().SetJobDescriptionAsync(projectId, new JobDescriptionInput { Text = "Senior Backend Engineer\nRequired: C#, ASP.NET Core, SQL Server, Docker" }, Ct);
        await app.ImportCvsAsync(projectId, ("alice-martin-cv.txt", Encoding.UTF8.GetBytes(RankingTests.PerfectCv)), ("carol.txt", Encoding.UTF8.GetBytes(RankingTests.UnrelatedCv)));
        var candidates = (await app.Service<CandidateService>().ListAsync(projectId, new CandidateQuery(1, 10, CandidateSort.Name, false, null), Ct))!.Items;
        await app.Service<OutreachService>().EnrolAsync(projectId, new EnrolRequest(All: true), "recruiter", Ct);
        return (projectId, candidates.Single(c => c.FullName == "Alice Martin"), candidates.Single(c => c.FullName == "Carol White"));
    }

    private static readonly JsonSerializerOptions PackageJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private async Task<Guid> AddHistoryAsync(Guid projectId, Candidate alice, Candidate carol)
    {
        var now = DateTimeOffset.UtcNow;
        var relative = Path.Combine("recordings", $"{Guid.NewGuid():N}.wav");
        Directory.CreateDirectory(Path.Combine(app.DataDirectory, "recordings"));
        await File.WriteAllBytesAsync(Path.Combine(app.DataDirectory, relative), Encoding.UTF8.GetBytes("RIFF....Alice Martin speaking"), Ct);

        await using var db = await app.Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(Ct);
        var sequence = await db.OutreachSequences.SingleAsync(s => s.CandidateId == alice.Id, Ct);
        db.Messages.Add(new Message { Id = Guid.NewGuid(), SequenceId = sequence.Id, Channel = MessageChannel.Sms, Direction = MessageDirection.Outbound, Recipient = Phone, Body = "Hi Alice Martin, a backend role in London?", Status = MessageStatus.Delivered, CreatedAt = now });
        db.Messages.Add(new Message { Id = Guid.NewGuid(), SequenceId = sequence.Id, Channel = MessageChannel.Sms, Direction = MessageDirection.Inbound, Recipient = Phone, Body = "STOP", Status = MessageStatus.Received, CreatedAt = now });
        var call = new CallRecord { Id = Guid.NewGuid(), SequenceId = sequence.Id, CallType = CallType.AiScreening, PhoneNumber = Phone, Status = CallStatus.Completed, RecordingPath = relative, CreatedAt = now };
        db.CallRecords.Add(call);
        db.Transcripts.Add(new Transcript { Id = Guid.NewGuid(), CallRecordId = call.Id, Provider = "deepgram", Content = "Agent: When could you start? Alice Martin: My notice period is one month.", CreatedAt = now });
        db.UsageEvents.Add(new UsageEvent { Id = Guid.NewGuid(), ProjectId = projectId, CandidateId = alice.Id, Kind = UsageKind.CallMinutes, Provider = "vapi", ProviderRef = "erasure-test-call", Quantity = 2, Unit = "minute", Cost = 0.42m, Currency = "USD", OccurredAt = now });
        // An earlier opt-in, then the STOP in force: only the opt-out in force is kept, as a hash and without its detail.
        ConsentLedger.Record(db, Phone, ConsentChannel.Phone, ConsentKind.OptIn, ConsentSource.StartKeyword, "START from Alice Martin", projectId, now.AddDays(-1));
        ConsentLedger.Record(db, Phone, ConsentChannel.Phone, ConsentKind.OptOut, ConsentSource.StopKeyword, "STOP from Alice Martin", projectId, now);

        // A package sent to the client with Alice and Carol: a page each and a comparison page naming both.
        var package = Guid.NewGuid();
        var folder = Path.Combine(app.DataDirectory, "packages", package.ToString("N"));
        Directory.CreateDirectory(folder);
        PackageFile[] files =
        [
            new("comparison.pdf", PackageFileKind.Comparison, null, "Comparison", 30, "application/pdf"),
            new("alice-martin.pdf", PackageFileKind.Cv, alice.Id, "Alice Martin", 30, "application/pdf"),
            new("carol-white.pdf", PackageFileKind.Cv, carol.Id, "Carol White", 30, "application/pdf"),
        ];
        await File.WriteAllTextAsync(Path.Combine(folder, "comparison.pdf"), "%PDF Alice Martin vs Carol White", Ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "alice-martin.pdf"), "%PDF Alice Martin, notice period is one month", Ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "carol-white.pdf"), "%PDF Carol White", Ct);
        db.ClientPackages.Add(new ClientPackage
        {
            Id = package,
            ProjectId = projectId,
            RequestJson = JsonSerializer.Serialize(new { candidateIds = new[] { alice.Id, carol.Id } }),
            FilesJson = JsonSerializer.Serialize(files, PackageJson),
            Status = ClientPackageStatus.Sent,
            EmailSubject = "Shortlist: Senior Backend Engineer",
            EmailText = "Please find Alice Martin and Carol White attached.",
            CreatedAt = now,
        });
        await db.SaveChangesAsync(Ct);
        return package;
    }

    /// <summary>Where the text still is: SQLite's file and log read as bytes; every PostgreSQL table read as text.</summary>
    private async Task<List<string>> WhereInDatabaseAsync(string text)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            return WhereInDataFolder(text, databaseOnly: true);
        }

        await using var db = await app.Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(Ct);
        var found = new List<string>();
        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()).Where(t => t is not null).Distinct())
        {
            // Table names come from the model, not from input; the searched text is a parameter.
#pragma warning disable EF1002
            var hits = await db.Database.SqlQueryRaw<int>($"SELECT count(*)::int AS \"Value\" FROM \"{table}\" t WHERE position(lower({{0}}) in lower(t::text)) > 0", text).SingleAsync(Ct);
#pragma warning restore EF1002
            if (hits > 0)
            {
                found.Add($"{table}: {hits} row(s)");
            }
        }

        return found;
    }

    private List<string> WhereInDataFolder(string text, bool databaseOnly = false)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return Directory.EnumerateFiles(app.DataDirectory, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f).StartsWith("samsara.db", StringComparison.Ordinal) == databaseOnly)
            .Where(f => File.ReadAllBytes(f).AsSpan().IndexOf(needle) >= 0)
            .Select(f => Path.GetRelativePath(app.DataDirectory, f))
            .ToList();
    }
}

public sealed class SqliteCandidateErasureTests() : CandidateErasureTests(DatabaseProvider.Sqlite);

public sealed class PostgresCandidateErasureTests() : CandidateErasureTests(DatabaseProvider.Postgres);
