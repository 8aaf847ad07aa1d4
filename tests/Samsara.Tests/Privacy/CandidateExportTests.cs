using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Samsara.Core;
using Samsara.Core.Ats;
using Samsara.Core.Calls;
using Samsara.Core.Candidates;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Privacy;
using Samsara.Core.Templates;
using Samsara.Testing;
using Samsara.Tests.Matching;

namespace Samsara.Tests.Privacy;

/// <summary>
/// Issue 18, candidate data rights: the export zip parses, holds every kind of record about the person (fields, CV data,
/// scores, states and events, messages both ways, calls with transcripts, consent, submissions) and their files byte for
/// byte, and nothing about anyone else. Once per database.
/// </summary>
public abstract class CandidateExportTests(DatabaseProvider provider) : IAsyncLifetime
{
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
    public async Task Export_CandidateWithHistory_ZipHoldsEveryKindOfRecordAndTheirFilesAndNoOneElse()
    {
        var projectId = (await app.CreateProjectAsync("Senior Backend Engineer")).Id;
        await app.Service<CandidateService>().SetJobDescriptionAsync(projectId, new JobDescriptionInput { Text = "Senior Backend Engineer\nRequired: C#, ASP.NET Core, SQL Server, Docker" }, Ct);
        var cvBytes = Encoding.UTF8.GetBytes(RankingTests.PerfectCv);
        await app.ImportCvsAsync(projectId, ("alice-martin-cv.txt", cvBytes), ("carol.txt", Encoding.UTF8.GetBytes(RankingTests.UnrelatedCv)));
        var candidates = (await app.Service<CandidateService>().ListAsync(projectId, new CandidateQuery(1, 10, CandidateSort.Name, false, null), Ct))!.Items;
        var alice = candidates.Single(c => c.FullName == "Alice Martin");
        var carol = candidates.Single(c => c.FullName == "Carol White");
        await app.Service<OutreachService>().EnrolAsync(projectId, new EnrolRequest(All: true), "recruiter", Ct);
        var recording = await AddHistoryAsync(projectId, alice);
        await WaitForScoreAsync(alice.Id);

        var response = await client.GetAsync(new Uri($"/api/v1/candidates/{alice.Id}/export", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct)));
        var person = JsonDocument.Parse(Read(zip, "candidate.json")).RootElement;
        Assert.Equal("Alice Martin", person.GetProperty("fullName").GetString());
        Assert.Equal("alice@example.com", person.GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.Object, person.GetProperty("cvJson").ValueKind); // the CV data as structure, not a string

        await using var db = await app.Service<Microsoft.EntityFrameworkCore.IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(Ct);
        string Table<T>() => db.Model.FindEntityType(typeof(T))!.GetTableName()!;
        Assert.Single(Rows(zip, Table<CvJdMatch>()));
        Assert.Contains(Rows(zip, Table<OutreachEvent>()), e => e.GetProperty("toState").GetString() == "Pending");
        Assert.Equal(["Inbound", "Outbound"], Rows(zip, Table<Message>()).Select(m => m.GetProperty("direction").GetString()).Order());
        Assert.Single(Rows(zip, Table<CallRecord>()));
        Assert.Contains("notice period is one month", Assert.Single(Rows(zip, Table<Transcript>())).GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(ConsentKind.OptOut.ToString(), Assert.Single(Rows(zip, Table<ConsentEntry>())).GetProperty("kind").GetString());
        Assert.Equal("https://ats.example/candidates/1", Assert.Single(Rows(zip, Table<AtsSubmission>())).GetProperty("recordUrl").GetString());

        // The files, byte for byte: the CV as received and the call's recording.
        var files = zip.Entries.Where(e => e.FullName.StartsWith("files/", StringComparison.Ordinal)).ToList();
        Assert.True(files.Count == 2, "Files in the zip: " + string.Join(", ", files.Select(e => e.FullName)));
        Assert.Equal(cvBytes, Bytes(Assert.Single(files, e => e.FullName == "files/cv/alice-martin-cv.txt")));
        Assert.Equal(recording, Bytes(Assert.Single(files, e => e.Name.EndsWith(".wav", StringComparison.Ordinal))));

        // Nothing about the other candidate in the same project.
        var everything = string.Join("\n", zip.Entries.Select(e => Encoding.UTF8.GetString(Bytes(e))));
        Assert.DoesNotContain("Carol", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(carol.Id.ToString(), everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_UnknownCandidate_Returns404()
    {
        var response = await client.GetAsync(new Uri($"/api/v1/candidates/{Guid.NewGuid()}/export", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task People_EmailOrPhoneAsTyped_FindsThePersonInEveryProject()
    {
        var first = (await app.CreateProjectAsync("Data Engineer")).Id;
        var second = (await app.CreateProjectAsync("Platform Engineer")).Id;
        await app.AddCandidateAsync(first, "Ines Duarte", "Ines.Duarte@example.pt", "+351 912 345 678");
        await app.AddCandidateAsync(second, "Inês Duarte", "ines.duarte@example.pt");
        await app.AddCandidateAsync(second, "Someone Else", "someone@example.pt", "+351 912 000 000");

        var byEmail = await client.GetFromJsonAsync<JsonElement[]>("/api/v1/people?contact=INES.DUARTE%40example.pt", Ct);
        var byPhone = await client.GetFromJsonAsync<JsonElement[]>("/api/v1/people?contact=%2B351%20912-345-678", Ct);
        var missing = await client.GetAsync(new Uri("/api/v1/people", UriKind.Relative), Ct);

        Assert.Equal(["Data Engineer", "Platform Engineer"], byEmail!.Select(p => p.GetProperty("projectName").GetString()));
        Assert.Equal("Ines Duarte", Assert.Single(byPhone!).GetProperty("fullName").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task Link_EveryTableWithAKeyToACandidateSequenceOrCall_IsCoveredByTheExport()
    {
        // A table added later that points at a candidate, one of their sequences or calls must be exported (and erased)
        // without anyone remembering to add it: the walk is driven by the model, and this guards the key names it knows.
        await using var db = await app.Service<Microsoft.EntityFrameworkCore.IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(Ct);
        var keys = new PersonalDataRows.Keys(Guid.NewGuid(), [Guid.NewGuid()], [Guid.NewGuid()], ["+447700900123"]);
        Type[] personal = [typeof(Candidate), typeof(OutreachSequence), typeof(CallRecord)];

        var uncovered = db.Model.GetEntityTypes()
            .Where(e => e.GetForeignKeys().Any(fk => personal.Contains(fk.PrincipalEntityType.ClrType)))
            .Where(e => PersonalDataRows.Link(e, keys).Property is null)
            .Select(e => e.GetTableName())
            .ToList();

        Assert.Empty(uncovered);
    }

    private async Task<byte[]> AddHistoryAsync(Guid projectId, Candidate alice)
    {
        var now = DateTimeOffset.UtcNow;
        var recording = new byte[48_044];
        Random.Shared.NextBytes(recording);
        "RIFF"u8.CopyTo(recording);
        var relative = Path.Combine("recordings", $"{Guid.NewGuid():N}.wav");
        Directory.CreateDirectory(Path.Combine(app.DataDirectory, "recordings"));
        await File.WriteAllBytesAsync(Path.Combine(app.DataDirectory, relative), recording, Ct);

        await using var db = await app.Service<Microsoft.EntityFrameworkCore.IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(Ct);
        var sequence = await db.OutreachSequences.SingleAsync(s => s.CandidateId == alice.Id, Ct);
        db.Messages.Add(new Message { Id = Guid.NewGuid(), SequenceId = sequence.Id, Channel = MessageChannel.Sms, Direction = MessageDirection.Outbound, Recipient = "+447911123456", Body = "Hi Alice, a backend role in London?", Status = MessageStatus.Delivered, CreatedAt = now });
        db.Messages.Add(new Message { Id = Guid.NewGuid(), SequenceId = sequence.Id, Channel = MessageChannel.Sms, Direction = MessageDirection.Inbound, Recipient = "+447911123456", Body = "Yes, tell me more", Status = MessageStatus.Received, CreatedAt = now });
        var call = new CallRecord { Id = Guid.NewGuid(), SequenceId = sequence.Id, CallType = CallType.AiScreening, PhoneNumber = "+447911123456", Status = CallStatus.Completed, RecordingPath = relative, CreatedAt = now };
        db.CallRecords.Add(call);
        db.Transcripts.Add(new Transcript { Id = Guid.NewGuid(), CallRecordId = call.Id, Provider = "deepgram", Content = "Agent: When could you start? Alice: My notice period is one month.", CreatedAt = now });
        db.AtsSubmissions.Add(new AtsSubmission { Id = Guid.NewGuid(), SequenceId = sequence.Id, AtsVendor = "bullhorn", Status = AtsSubmissionStatus.Completed, RecordUrl = "https://ats.example/candidates/1", CreatedAt = now });
        ConsentLedger.Record(db, "+447911123456", ConsentChannel.Phone, ConsentKind.OptOut, ConsentSource.RecruiterClick, "asked on the phone", projectId, now);
        await db.SaveChangesAsync(Ct);
        return recording;
    }

    private async Task WaitForScoreAsync(Guid candidateId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using var db = await app.Service<Microsoft.EntityFrameworkCore.IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(Ct);
            if (await db.CvJdMatches.AnyAsync(m => m.CandidateId == candidateId, Ct))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "The candidate was never scored.");
            await Task.Delay(100, Ct);
        }
    }

    private static string Read(ZipArchive zip, string name) => Encoding.UTF8.GetString(Bytes(zip.GetEntry(name) ?? throw new InvalidOperationException($"{name} is not in the zip; it has {string.Join(", ", zip.Entries.Select(e => e.FullName))}")));

    private static JsonElement[] Rows(ZipArchive zip, string table) => JsonDocument.Parse(Read(zip, $"data/{table}.json")).RootElement.EnumerateArray().ToArray();

    private static byte[] Bytes(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

public sealed class SqliteCandidateExportTests() : CandidateExportTests(DatabaseProvider.Sqlite);

public sealed class PostgresCandidateExportTests() : CandidateExportTests(DatabaseProvider.Postgres);
