using Microsoft.EntityFrameworkCore;
using Samsara.Core;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Templates;
using Samsara.Testing;

namespace Samsara.Tests.Data;

/// <summary>
/// <see cref="BulkWrites.WriteChangesAsync"/> must write exactly what SaveChanges would, on both databases: every
/// column and conversion (enums as text, UTC times, nulls), across statement boundaries, and leave the tracked
/// entities as written so later changes build on them.
/// </summary>
public abstract class BulkWritesTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset At = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private SamsaraAppFactory _app = null!;
    private Guid _sequenceId;

    public async ValueTask InitializeAsync()
    {
        _app = new SamsaraAppFactory(await TestDatabase.CreateAsync(provider));
        var project = await _app.CreateProjectAsync();
        var candidate = await _app.AddCandidateAsync(project.Id, "Ana Lima", phone: "+447700900123");
        await using var db = await DbAsync();
        var sequence = new OutreachSequence
        {
            Id = Guid.CreateVersion7(),
            ProjectId = project.Id,
            CandidateId = candidate.Id,
            StateChangedAt = At,
            CreatedAt = At,
            UpdatedAt = At,
        };
        db.OutreachSequences.Add(sequence);
        await db.SaveChangesAsync(Ct);
        _sequenceId = sequence.Id;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<SamsaraDbContext> DbAsync() => await _app.Service<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync(Ct);

    [Fact]
    public async Task UpdateColumns_UntrackedCallsChanged_OnlyTheNamedColumnsWrittenWithConversions()
    {
        // 150 rows: several statements on SQLite. Detail and Status are named; Notes is changed too but not named.
        var calls = Enumerable.Range(0, 150).Select(i => Samsara.Core.Calls.Engine.CallIntake.New(_sequenceId, $"+4477009{i:00000}", At, attempt: i + 1)).ToList();
        await using (var db = await DbAsync())
        {
            db.CallRecords.AddRange(calls);
            await db.SaveChangesAsync(Ct);
        }

        foreach (var (call, i) in calls.Select((c, i) => (c, i)))
        {
            call.Status = i % 2 == 0 ? Samsara.Core.Calls.CallStatus.InProgress : Samsara.Core.Calls.CallStatus.Ringing;
            call.Detail = i % 3 == 0 ? null : $"poll {i} 'quoted'";
            call.DueAt = At.AddSeconds(5 + i);
            call.Notes = "not written";
        }

        await using (var db = await DbAsync())
        {
            await db.UpdateColumnsAsync(calls, [nameof(Samsara.Core.Calls.CallRecord.Status), nameof(Samsara.Core.Calls.CallRecord.Detail), nameof(Samsara.Core.Calls.CallRecord.DueAt)], Ct);
        }

        await using (var db = await DbAsync())
        {
            var stored = await db.CallRecords.AsNoTracking().OrderBy(c => c.Attempt).ToListAsync(Ct);
            Assert.Equal(150, stored.Count);
            Assert.All(stored.Zip(calls), p => Assert.Equal((p.Second.Status, p.Second.Detail, p.Second.DueAt, (string?)null), (p.First.Status, p.First.Detail, p.First.DueAt, p.First.Notes)));
        }
    }

    [Fact]
    public async Task WriteChanges_ManyAddedRowsWithRepeatedValues_AllStoredAsSaveChangesWould()
    {
        // 250 rows of 7 columns: several statements on either database, most values shared between rows.
        var events = Enumerable.Range(0, 250).Select(i => new OutreachEvent
        {
            Id = Guid.CreateVersion7(),
            SequenceId = _sequenceId,
            FromState = i % 3 == 0 ? null : CandidateState.Pending,
            ToState = i % 2 == 0 ? CandidateState.OutreachSent : CandidateState.AwaitingReply,
            Reason = i % 5 == 0 ? $"Reason {i} with 'quotes' and ünïcödé" : "Same reason",
            Actor = "engine",
            OccurredAt = At.AddSeconds(i % 4),
        }).ToList();
        await using (var db = await DbAsync())
        {
            db.OutreachEvents.AddRange(events);
            await db.WriteChangesAsync(Ct);
            Assert.All(db.ChangeTracker.Entries(), e => Assert.Equal(EntityState.Unchanged, e.State));
            Assert.Equal(0, await db.SaveChangesAsync(Ct));
        }

        await using var check = await DbAsync();
        var stored = await check.OutreachEvents.AsNoTracking().Where(e => e.SequenceId == _sequenceId).ToDictionaryAsync(e => e.Id, Ct);
        Assert.Equal(events.Count, stored.Count);
        Assert.All(events, e =>
        {
            var s = stored[e.Id];
            Assert.Equal((e.FromState, e.ToState, e.Reason, e.Actor, e.OccurredAt), (s.FromState, s.ToState, s.Reason, s.Actor, s.OccurredAt));
        });
    }

    [Fact]
    public async Task WriteChanges_RowsModifiedInDifferentColumns_EachRowGetsItsOwnChangesAndKeepsThem()
    {
        var messages = Enumerable.Range(0, 150).Select(i => new Message
        {
            Id = Guid.CreateVersion7(),
            SequenceId = _sequenceId,
            Channel = MessageChannel.Sms,
            Direction = MessageDirection.Outbound,
            Recipient = "+447700900123",
            Body = $"Hello {i}",
            Status = MessageStatus.Queued,
            StatusDetail = "queued",
            CreatedAt = At,
        }).ToList();
        await using (var db = await DbAsync())
        {
            db.Messages.AddRange(messages);
            await db.SaveChangesAsync(Ct);
        }

        await using (var db = await DbAsync())
        {
            var tracked = await db.Messages.Where(m => m.SequenceId == _sequenceId).ToListAsync(Ct);
            foreach (var m in tracked)
            {
                var i = Number(m);
                if (i % 2 == 0)
                {
                    m.Status = MessageStatus.Sent;
                    m.ProviderMessageId = "SM" + i;
                    m.SentAt = At.AddMinutes(1);
                }
                else
                {
                    // A nullable column set to NULL: typed on PostgreSQL, or the UPDATE ... FROM (VALUES) would not bind.
                    m.StatusDetail = null;
                }
            }

            await db.WriteChangesAsync(Ct);

            // The entities keep what was written; a later change adds to it instead of reverting it.
            var first = tracked.Single(m => Number(m) == 0);
            Assert.Equal(MessageStatus.Sent, first.Status);
            first.Status = MessageStatus.Delivered;
            first.DeliveredAt = At.AddMinutes(2);
            await db.WriteChangesAsync(Ct);
        }

        await using var check = await DbAsync();
        var stored = await check.Messages.AsNoTracking().Where(m => m.SequenceId == _sequenceId).ToListAsync(Ct);
        Assert.Equal(messages.Count, stored.Count);
        Assert.All(stored, s =>
        {
            var i = Number(s);
            var expected = i == 0 ? (MessageStatus.Delivered, "SM0", At.AddMinutes(1), At.AddMinutes(2), "queued")
                : i % 2 == 0 ? (MessageStatus.Sent, "SM" + i, At.AddMinutes(1), (DateTimeOffset?)null, "queued")
                : (MessageStatus.Queued, (string?)null, (DateTimeOffset?)null, (DateTimeOffset?)null, (string?)null);
            Assert.Equal(expected, (s.Status, s.ProviderMessageId, s.SentAt, s.DeliveredAt, s.StatusDetail));
        });
    }

    private static int Number(Message m) => int.Parse(m.Body["Hello ".Length..], System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class SqliteBulkWritesTests() : BulkWritesTests(DatabaseProvider.Sqlite);

public sealed class PostgresBulkWritesTests() : BulkWritesTests(DatabaseProvider.Postgres);
