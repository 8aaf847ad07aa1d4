using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Samsara.Core;
using Samsara.Core.Calls;
using Samsara.Core.Candidates;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Templates;
using Samsara.Testing;

namespace Samsara.Tests.Data;

/// <summary>The same data-access checks, run once per database provider (see the derived classes).</summary>
public abstract class DataAccessTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly string[] SeedTables =
    [
        "projects", "cvs", "job_descriptions", "cv_jd_matches", "app_meta", "usage_events", "provider_credentials",
        "message_templates", "outreach_sequences", "messages", "call_records", "transcripts", "ats_field_mappings",
        "ats_submissions", "outreach_events",
    ];

    private SamsaraAppFactory app = null!;

    public async ValueTask InitializeAsync()
    {
        app = new SamsaraAppFactory(await TestDatabase.CreateAsync(provider, empty: true));
        _ = app.Server; // starts the host, which migrates the database
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task<SamsaraDbContext> DbAsync() =>
        await app.Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task Migrate_FreshDatabase_CreatesEverySeedTable()
    {
        await using var db = await DbAsync();
        var sql = provider == DatabaseProvider.Sqlite
            ? "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'"
            : "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'";
        var tables = await db.Database.SqlQueryRaw<string>(sql).ToListAsync();

        Assert.All(SeedTables, t => Assert.Contains(t, tables));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task OutreachSequence_SecondForSameCandidate_IsRejectedByUniqueKey()
    {
        var project = await app.CreateProjectAsync();
        var candidate = await app.AddCandidateAsync(project.Id, "Ana Lima");
        await using var db = await DbAsync();
        db.OutreachSequences.Add(NewSequence(project.Id, candidate.Id));
        await db.SaveChangesAsync();

        await using var other = await DbAsync();
        other.OutreachSequences.Add(NewSequence(project.Id, candidate.Id));
        await Assert.ThrowsAsync<DbUpdateException>(() => other.SaveChangesAsync());
    }

    [Fact]
    public async Task DeleteProject_WithOutreachHistory_CascadesToEverythingInIt()
    {
        var project = await app.CreateProjectAsync();
        var candidate = await app.AddCandidateAsync(project.Id, "Ana Lima", "ana@example.com");
        var now = DateTimeOffset.UtcNow;
        await using (var db = await DbAsync())
        {
            var sequence = NewSequence(project.Id, candidate.Id);
            var call = new CallRecord { Id = Guid.NewGuid(), SequenceId = sequence.Id, PhoneNumber = "+447700900123", Status = CallStatus.Completed, CreatedAt = now };
            db.AddRange(
                sequence,
                new OutreachEvent { Id = Guid.NewGuid(), SequenceId = sequence.Id, ToState = CandidateState.Pending, Reason = "enrolled", Actor = "test", OccurredAt = now },
                new Message { Id = Guid.NewGuid(), SequenceId = sequence.Id, Recipient = "+447700900123", Body = "Hi", Status = MessageStatus.Sent, CreatedAt = now },
                call,
                new Transcript { Id = Guid.NewGuid(), CallRecordId = call.Id, Provider = "deepgram", Content = "Hello", CreatedAt = now });
            await db.SaveChangesAsync();
        }

        await app.Service<Samsara.Core.Projects.ProjectService>().DeleteAsync(project.Id);

        await using var after = await DbAsync();
        Assert.Equal(0, await after.Candidates.CountAsync());
        Assert.Equal(0, await after.OutreachSequences.CountAsync());
        Assert.Equal(0, await after.OutreachEvents.CountAsync());
        Assert.Equal(0, await after.Messages.CountAsync());
        Assert.Equal(0, await after.CallRecords.CountAsync());
        Assert.Equal(0, await after.Transcripts.CountAsync());
    }

    [Fact]
    public async Task DeleteTemplate_UsedByMessage_KeepsTheMessage()
    {
        var project = await app.CreateProjectAsync();
        var candidate = await app.AddCandidateAsync(project.Id, "Ana Lima");
        var now = DateTimeOffset.UtcNow;
        var template = new MessageTemplate { Id = Guid.NewGuid(), Name = "Intro", Channel = MessageChannel.Sms, Body = "Hi {{ candidate.first_name }}", CreatedAt = now, UpdatedAt = now };
        var sequence = NewSequence(project.Id, candidate.Id);
        var message = new Message { Id = Guid.NewGuid(), SequenceId = sequence.Id, TemplateId = template.Id, Recipient = "+447700900123", Body = "Hi Ana", Status = MessageStatus.Sent, CreatedAt = now };
        await using (var db = await DbAsync())
        {
            db.AddRange(template, sequence, message);
            await db.SaveChangesAsync();
        }

        await using (var db = await DbAsync())
        {
            await db.MessageTemplates.Where(t => t.Id == template.Id).ExecuteDeleteAsync();
        }

        await using var after = await DbAsync();
        var kept = await after.Messages.SingleAsync(m => m.Id == message.Id);
        Assert.Null(kept.TemplateId);
    }

    [Fact]
    public async Task OutreachEvents_OrderedByTime_ComeBackInTimeOrderWithFullPrecision()
    {
        var project = await app.CreateProjectAsync();
        var candidate = await app.AddCandidateAsync(project.Id, "Ana Lima");
        var sequence = NewSequence(project.Id, candidate.Id);
        var t0 = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero).AddTicks(1234560);
        await using (var db = await DbAsync())
        {
            db.OutreachSequences.Add(sequence);
            foreach (var (minutes, to) in new[] { (30, CandidateState.Timeout), (0, CandidateState.OutreachSent), (1, CandidateState.AwaitingReply) })
            {
                db.OutreachEvents.Add(new OutreachEvent { Id = Guid.NewGuid(), SequenceId = sequence.Id, ToState = to, Reason = "test", Actor = "engine", OccurredAt = t0.AddMinutes(minutes) });
            }

            await db.SaveChangesAsync();
        }

        await using var read = await DbAsync();
        var events = await read.OutreachEvents.Where(e => e.SequenceId == sequence.Id && e.OccurredAt >= t0).OrderBy(e => e.OccurredAt).ToListAsync();
        Assert.Equal([CandidateState.OutreachSent, CandidateState.AwaitingReply, CandidateState.Timeout], events.Select(e => e.ToState));
        Assert.Equal(t0.UtcTicks / 10, events[0].OccurredAt.UtcTicks / 10); // PostgreSQL keeps microseconds
    }

    [Fact]
    public async Task JobDescription_SecondRowForSameProject_IsRejectedByUniqueKey()
    {
        var project = await app.CreateProjectAsync();
        await app.Service<CandidateService>().SetJobDescriptionAsync(project.Id, new JobDescriptionInput { Text = "C#" });
        await using var db = await DbAsync();
        db.JobDescriptions.Add(new JobDescription { Id = Guid.NewGuid(), ProjectId = project.Id, RawText = "Java", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task ListCandidates_SearchAndSortByCreated_WorksOnThisDatabase()
    {
        var project = await app.CreateProjectAsync();
        await app.AddCandidateAsync(project.Id, "Ana Lima", "ana@lisbon.example", location: "Lisbon");
        await app.AddCandidateAsync(project.Id, "Bruno Costa", "bruno@porto.example", location: "Porto");
        await app.AddCandidateAsync(project.Id, "Carla Dias", "carla@lisbon.example", location: "Lisbon");

        var page = await app.Service<CandidateService>().ListAsync(project.Id, new CandidateQuery(Sort: CandidateSort.Created, Descending: true, Search: "Lisbon"));

        Assert.NotNull(page);
        Assert.Equal(2, page.Total);
        Assert.Equal(["Carla Dias", "Ana Lima"], page.Items.Select(c => c.FullName));
    }

    [Fact]
    public async Task Transition_TwoConcurrentMovesFromTheSameState_ExactlyOneWins()
    {
        var project = await app.CreateProjectAsync();
        var candidate = await app.AddCandidateAsync(project.Id, "Ana Lima");
        var outreach = app.Service<OutreachService>();
        await outreach.EnrolAsync(project.Id, new EnrolRequest([candidate.Id]), "test");

        var results = await Task.WhenAll(
            Task.Run(() => outreach.TransitionAsync(project.Id, candidate.Id, CandidateState.OutreachSent, "sent by node a", "a")),
            Task.Run(() => outreach.TransitionAsync(project.Id, candidate.Id, CandidateState.OutreachSent, "sent by node b", "b")));

        // Whatever the interleaving, the second move finds the state taken (conflict) or already moved (illegal).
        Assert.Single(results, r => r.Outcome == TransitionOutcome.Moved);
        Assert.Single(results, r => r.Outcome is TransitionOutcome.Conflict or TransitionOutcome.Illegal);
        await using var db = await DbAsync();
        Assert.Equal(1, await db.OutreachEvents.CountAsync(e => e.ToState == CandidateState.OutreachSent));
    }

    private static OutreachSequence NewSequence(Guid projectId, Guid candidateId) => new()
    {
        Id = Guid.NewGuid(),
        ProjectId = projectId,
        CandidateId = candidateId,
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    };
}

public sealed class SqliteDataAccessTests() : DataAccessTests(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task Initialize_Sqlite_UsesWriteAheadLogging()
    {
        await using var app = new SamsaraAppFactory(TestDatabase.EmptySqlite());
        _ = app.Server;
        await using var db = await app.Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync();
        var mode = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();
        Assert.Equal("wal", Assert.Single(mode));
        Assert.True(File.Exists(Path.Combine(app.DataDirectory, "samsara.db")));
    }

    [Fact]
    public async Task Migrate_FreshSqlite_LogsNoWarning()
    {
        // The app filters EF's own logs below Warning, so the context is built the way the app builds it
        // and every EF event is captured directly.
        var folder = Directory.CreateTempSubdirectory("samsara-migrate-").FullName;
        var events = new List<(EventId Id, LogLevel Level, string Text)>();
        var builder = new DbContextOptionsBuilder<SamsaraDbContext>();
        DataRegistration.Configure(builder, DatabaseProvider.Sqlite, null, folder);
        builder.LogTo((_, _) => true, e => events.Add((e.EventId, e.LogLevel, e.ToString())));
        try
        {
            await using (var db = new SamsaraDbContext(builder.Options))
            {
                await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
                Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
            }

            Assert.DoesNotContain(events, e => e.Level >= LogLevel.Warning);
            // The table rebuild still happens and stays visible at Debug level (see docs/decisions/sqlite-rebuild-pragma-warning.md).
            Assert.Contains(events, e => e.Id == RelationalEventId.NonTransactionalMigrationOperationWarning && e.Level == LogLevel.Debug
                && e.Text.Contains("SequencesPacingProviders", StringComparison.Ordinal));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Initialize_Sqlite_MigrationLockLeftByAKilledStart_StartsAnyway()
    {
        await using var app = new SamsaraAppFactory(TestDatabase.EmptySqlite());
        _ = app.Server;
        await using (var db = await app.Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync())
        {
            // What a start killed in the middle of migrating leaves behind: EF's lock row, held by nobody.
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS \"__EFMigrationsLock\" (\"Id\" INTEGER PRIMARY KEY, \"Timestamp\" TEXT NOT NULL)");
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsLock\" (\"Id\", \"Timestamp\") VALUES (1, '2026-11-27 15:37:00')");
        }

        // The next start must come up instead of waiting for the dead process forever.
        await app.Services.InitializeDatabaseAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        await using var check = await app.Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync();
        Assert.Empty(await check.Database.SqlQueryRaw<int>("SELECT \"Id\" AS \"Value\" FROM \"__EFMigrationsLock\"").ToListAsync());
    }
}

public sealed class PostgresDataAccessTests() : DataAccessTests(DatabaseProvider.Postgres);
