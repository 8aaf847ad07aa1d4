using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Samsara.Core.ClientPackages;
using Samsara.Core.Common;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Consent;
using Samsara.Core.Usage;

namespace Samsara.Core.Privacy;

/// <summary>What an erasure removed, in counts only: the report and the audit trail must not keep the person.</summary>
public sealed record ErasureResult(int Candidates, int Rows, int Files, int OptOutsKept, int PackagesRedacted);

/// <summary>
/// A candidate's right to erasure (GDPR art. 17), for the person rather than one record: every candidate row in every
/// project that shares their email address or phone number goes, with every row the model ties to them
/// (<see cref="PersonalDataRows"/>) and every stored file those rows name. What must stay to honour an opt-out stays as
/// a one-way hash in the consent ledger (<see cref="ConsentLedger.ErasedKey"/>), so the erased person is still never
/// contacted and is recognised as opted out if imported again. Usage rows keep their cost for the agency's accounts
/// but lose the candidate. Client packages that named them lose their pages, their comparison page and their name.
/// </summary>
public sealed partial class CandidateErasure(
    IDbContextFactory<SamsaraDbContext> dbFactory,
    PersonalDataSearch search,
    ChangeFeed changes,
    IOptions<SamsaraOptions> samsara,
    ILogger<CandidateErasure> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The candidate records that erasing this candidate removes: them and every record sharing a contact.</summary>
    public async Task<IReadOnlyList<PersonFound>?> ScopeAsync(Guid candidateId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var candidate = await db.Candidates.AsNoTracking().Where(c => c.Id == candidateId)
            .Select(c => new { c.Id, c.Email, c.Phone }).FirstOrDefaultAsync(ct);
        if (candidate is null)
        {
            return null;
        }

        var found = new Dictionary<Guid, PersonFound>();
        foreach (var contact in new[] { candidate.Email, candidate.Phone }.Where(c => !string.IsNullOrWhiteSpace(c)))
        {
            foreach (var person in await search.FindAsync(contact!, ct))
            {
                found.TryAdd(person.CandidateId, person);
            }
        }

        if (!found.ContainsKey(candidateId))
        {
            var self = await db.Candidates.AsNoTracking().Where(c => c.Id == candidateId)
                .Join(db.Projects, c => c.ProjectId, p => p.Id, (c, p) => new PersonFound(c.Id, p.Id, p.Name, c.FullName, c.Email, c.Phone, c.CreatedAt))
                .FirstAsync(ct);
            found[candidateId] = self;
        }

        return [.. found.Values];
    }

    /// <summary>
    /// Erases the person (every record sharing their contacts), or with <paramref name="wholePerson"/> false this record
    /// only (retention: other records of the same person may still be in use); null when there is no such candidate.
    /// </summary>
    public async Task<ErasureResult?> EraseAsync(Guid candidateId, bool wholePerson, CancellationToken ct = default)
    {
        var scope = await ScopeAsync(candidateId, ct);
        if (scope is null)
        {
            return null;
        }

        if (!wholePerson)
        {
            scope = [.. scope.Where(p => p.CandidateId == candidateId)];
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = new List<PersonalDataRows.Keys>();
        foreach (var person in scope)
        {
            if (await PersonalDataRows.KeysAsync(db, person.CandidateId, ct) is { } k)
            {
                keys.Add(k);
            }
        }

        // Files are listed before their rows go, and removed only once the rows are gone for good.
        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (var k in keys)
        {
            foreach (var table in await PersonalDataRows.ReadAsync(db, k, ct))
            {
                foreach (var row in table.Rows)
                {
                    files.UnionWith(PersonalDataRows.StoredPaths(row).Select(p => p.Relative));
                }
            }
        }

        var candidateIds = keys.Select(k => k.CandidateId).ToList();
        var contacts = await ContactsOnlyTheyHoldAsync(db, keys.SelectMany(k => k.Contacts).Distinct(StringComparer.Ordinal).ToList(), candidateIds, ct);
        var names = scope.Select(p => p.FullName).Where(n => n.Trim().Length >= 3).Distinct(StringComparer.Ordinal).ToList();
        var projects = scope.Select(p => p.ProjectId).Distinct().ToList();

        // On SQLite a deleted row stays readable in the file's free pages and in the write-ahead log until they are
        // overwritten: this connection zeroes what it deletes, and the log is folded in and emptied afterwards.
        var sqlite = !db.Database.IsNpgsql();
        if (sqlite)
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = ON", ct);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        var (rows, optOuts, packages) = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var kept = await HashOptOutsAsync(db, contacts, ct);
            var redacted = await RedactPackagesAsync(db, candidateIds, names, files, ct);
            var removed = 0;
            await db.UsageEvents.Where(u => u.CandidateId != null && candidateIds.Contains(u.CandidateId.Value))
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.CandidateId, (Guid?)null), ct);
            foreach (var k in keys)
            {
                removed += await DeleteRowsAsync(db, k, ct);
            }

            await tx.CommitAsync(ct);
            return (removed, kept, redacted);
        });

        if (sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)", ct);
            await db.Database.CloseConnectionAsync();
        }

        var deleted = DeleteFiles(files);
        foreach (var project in projects)
        {
            changes.Publish(project, "cvs");
            changes.Publish(project, "outreach");
        }

        var result = new ErasureResult(candidateIds.Count, rows, deleted, optOuts, packages);
        LogErased(logger, result.Candidates, result.Rows, result.Files, result.OptOutsKept);
        return result;
    }

    /// <summary>The contacts no record outside the erasure holds: a consent history still in use elsewhere is left alone.</summary>
    private static async Task<List<string>> ContactsOnlyTheyHoldAsync(SamsaraDbContext db, List<string> contacts, List<Guid> erased, CancellationToken ct)
    {
        if (contacts.Count == 0)
        {
            return contacts;
        }

#pragma warning disable CA1862 // EF turns ToLower into SQL on both databases; string.Equals with a comparison is not translated.
        var held = await db.Candidates.AsNoTracking()
            .Where(c => !erased.Contains(c.Id) && ((c.Phone != null && contacts.Contains(c.Phone)) || (c.Email != null && contacts.Contains(c.Email.ToLower()))))
            .Select(c => new { c.Phone, c.Email }).ToListAsync(ct);
#pragma warning restore CA1862
        var stillHeld = held.SelectMany(h => new[] { h.Phone?.Trim(), h.Email?.Trim().ToLowerInvariant() }).Where(c => c is not null).ToHashSet(StringComparer.Ordinal);
        return [.. contacts.Where(c => !stillHeld.Contains(c))];
    }

    /// <summary>
    /// Keeps, per contact and channel, only the opt-out in force, under the contact's hash and without its detail (which
    /// can quote the person); everything else the ledger holds about the contact goes.
    /// </summary>
    private static async Task<int> HashOptOutsAsync(SamsaraDbContext db, List<string> contacts, CancellationToken ct)
    {
        if (contacts.Count == 0)
        {
            return 0;
        }

        var entries = await db.ConsentEntries.Where(e => contacts.Contains(e.Contact)).ToListAsync(ct);
        var kept = 0;
        foreach (var group in entries.GroupBy(e => (e.Contact, e.Channel)))
        {
            var current = group.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).First();
            foreach (var entry in group.Where(e => e != current || e.Kind != ConsentKind.OptOut))
            {
                db.ConsentEntries.Remove(entry);
            }

            if (current.Kind == ConsentKind.OptOut)
            {
                current.Contact = ConsentLedger.ErasedKey(current.Contact, current.Channel);
                current.Detail = null;
                kept++;
            }
        }

        await db.SaveChangesAsync(ct);
        return kept;
    }

    /// <summary>Packages lose the person's pages and the comparison page that names them; their name leaves the email.</summary>
    private static async Task<int> RedactPackagesAsync(
        SamsaraDbContext db, List<Guid> candidateIds, List<string> names, HashSet<string> files, CancellationToken ct)
    {
        var ids = candidateIds.Select(id => id.ToString()).ToList();
        var redacted = 0;
        foreach (var package in await db.ClientPackages.ToListAsync(ct))
        {
            if (!ids.Any(id => package.RequestJson.Contains(id, StringComparison.OrdinalIgnoreCase) || package.FilesJson.Contains(id, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var packageFiles = JsonSerializer.Deserialize<List<PackageFile>>(package.FilesJson, Json) ?? [];
            var gone = packageFiles.Where(f => f.Kind == PackageFileKind.Comparison || (f.CandidateId is { } c && candidateIds.Contains(c))).ToList();
            files.UnionWith(gone.Select(f => Path.Combine("packages", package.Id.ToString("N"), f.Name)));
            package.FilesJson = JsonSerializer.Serialize(packageFiles.Except(gone).ToList(), Json);
            foreach (var id in ids)
            {
                package.RequestJson = package.RequestJson.Replace(id, Guid.Empty.ToString(), StringComparison.OrdinalIgnoreCase);
            }

            foreach (var name in names)
            {
                package.EmailSubject = package.EmailSubject?.Replace(name, "[erased]", StringComparison.OrdinalIgnoreCase);
                package.EmailText = package.EmailText?.Replace(name, "[erased]", StringComparison.OrdinalIgnoreCase);
                package.RequestJson = package.RequestJson.Replace(name, "[erased]", StringComparison.OrdinalIgnoreCase);
            }

            redacted++;
        }

        await db.SaveChangesAsync(ct);
        return redacted;
    }

    /// <summary>
    /// Deletes every row the model ties to the person, calls' rows before sequences' before the candidate's own, so no
    /// foreign key is left pointing at a removed row whatever the database's cascade rules are.
    /// </summary>
    private static async Task<int> DeleteRowsAsync(SamsaraDbContext db, PersonalDataRows.Keys keys, CancellationToken ct)
    {
        var linked = db.Model.GetEntityTypes()
            .Where(e => !e.IsOwned() && e.GetTableName() is not null && e.ClrType != typeof(ConsentEntry) && e.ClrType != typeof(UsageEvent))
            .Select(e => (Entity: e, Link: PersonalDataRows.Link(e, keys)))
            .Where(x => x.Link.Property is not null)
            .OrderBy(x => x.Entity.ClrType == typeof(Candidates.Candidate) ? 3
                : x.Link.Property!.Name switch { "CallRecordId" => 0, "SequenceId" => 1, _ => 2 })
            .ThenBy(x => x.Entity.ClrType == typeof(Outreach.OutreachSequence) || x.Entity.ClrType == typeof(Calls.CallRecord) ? 1 : 0)
            .ToList();
        var removed = 0;
        foreach (var (entity, (property, ids)) in linked)
        {
            removed += await PersonalDataRows.DeleteWhereAsync(db, entity, property!, ids, ct);
        }

        return removed;
    }

    private int DeleteFiles(IEnumerable<string> relatives)
    {
        var dataDirectory = samsara.Value.ResolveDataDirectory();
        var deleted = 0;
        foreach (var relative in relatives)
        {
            if (PersonalDataRows.InsideDataFolder(dataDirectory, relative) is not { } full || !File.Exists(full))
            {
                continue;
            }

            try
            {
                File.Delete(full);
                deleted++;
            }
            catch (IOException e)
            {
                LogFileNotDeleted(logger, e.GetType().Name);
            }
            catch (UnauthorizedAccessException e)
            {
                LogFileNotDeleted(logger, e.GetType().Name);
            }
        }

        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Erased a person: {Candidates} candidate record(s), {Rows} rows, {Files} files; {OptOuts} opt-out(s) kept as hashes")]
    private static partial void LogErased(ILogger logger, int candidates, int rows, int files, int optOuts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A file of an erased person could not be deleted ({Reason}); it stays in the data folder")]
    private static partial void LogFileNotDeleted(ILogger logger, string reason);
}
