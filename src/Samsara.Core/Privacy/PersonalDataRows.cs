using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Consent;

namespace Samsara.Core.Privacy;

/// <summary>The rows of one table that are about a person, as plain objects.</summary>
public sealed record PersonalTable(string Table, IReadOnlyList<object> Rows);

/// <summary>
/// Finds every row about a candidate by walking the database model rather than a hand-kept list, so a table added
/// later is exported (and erased) without anyone remembering to: a row is about the candidate when its
/// <c>CandidateId</c> is theirs, when it hangs off one of their outreach sequences (<c>SequenceId</c>) or calls
/// (<c>CallRecordId</c>), or when it is a consent record for their phone number or email address.
/// </summary>
public static class PersonalDataRows
{
    private static readonly MethodInfo RowsWhereMethod = typeof(PersonalDataRows).GetMethod(nameof(RowsWhereAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>The keys a row can point at a person by, and which ids of this candidate each one takes.</summary>
    public sealed record Keys(Guid CandidateId, IReadOnlyList<Guid> SequenceIds, IReadOnlyList<Guid> CallIds, IReadOnlyList<string> Contacts);

    public static async Task<Keys?> KeysAsync(SamsaraDbContext db, Guid candidateId, CancellationToken ct)
    {
        var candidate = await db.Candidates.AsNoTracking().FirstOrDefaultAsync(c => c.Id == candidateId, ct);
        if (candidate is null)
        {
            return null;
        }

        var sequences = await db.OutreachSequences.AsNoTracking().Where(s => s.CandidateId == candidateId).Select(s => s.Id).ToListAsync(ct);
        var calls = await db.CallRecords.AsNoTracking().Where(c => sequences.Contains(c.SequenceId)).Select(c => c.Id).ToListAsync(ct);
        var contacts = new List<string>();
        if (!string.IsNullOrWhiteSpace(candidate.Phone))
        {
            contacts.Add(ConsentLedger.Normalise(candidate.Phone, ConsentChannel.Phone));
        }

        if (!string.IsNullOrWhiteSpace(candidate.Email))
        {
            contacts.Add(ConsentLedger.Normalise(candidate.Email, ConsentChannel.Email));
        }

        return new Keys(candidateId, sequences, calls, contacts);
    }

    /// <summary>Every table's rows about the candidate (their own row in <c>candidates</c> included), tables in model order.</summary>
    public static async Task<IReadOnlyList<PersonalTable>> ReadAsync(SamsaraDbContext db, Keys keys, CancellationToken ct)
    {
        var tables = new List<PersonalTable>();
        foreach (var entity in db.Model.GetEntityTypes().Where(e => !e.IsOwned() && e.GetTableName() is not null))
        {
            var (property, ids) = Link(entity, keys);
            if (property is null)
            {
                continue;
            }

            var read = (Task<List<object>>)RowsWhereMethod.MakeGenericMethod(entity.ClrType, property.ClrType).Invoke(null, [db, property.Name, ids, ct])!;
            var rows = await read;
            if (rows.Count > 0)
            {
                tables.Add(new PersonalTable(entity.GetTableName()!, rows));
            }
        }

        return tables;
    }

    /// <summary>Which column ties a table to a person, and the values that make a row theirs; null when none does.</summary>
    public static (IProperty? Property, System.Collections.IList Ids) Link(IEntityType entity, Keys keys)
    {
        if (entity.ClrType == typeof(Candidates.Candidate))
        {
            return (entity.FindProperty(nameof(Candidates.Candidate.Id)), new List<Guid> { keys.CandidateId });
        }

        if (entity.ClrType == typeof(ConsentEntry))
        {
            return (entity.FindProperty(nameof(ConsentEntry.Contact)), keys.Contacts.ToList());
        }

        if (entity.FindProperty("CandidateId") is { } candidate)
        {
            return (candidate, new List<Guid> { keys.CandidateId });
        }

        if (entity.FindProperty("SequenceId") is { } sequence)
        {
            return (sequence, keys.SequenceIds.ToList());
        }

        return entity.FindProperty("CallRecordId") is { } call ? (call, keys.CallIds.ToList()) : (null, new List<Guid>());
    }

    /// <summary>The stored files a row names (its string columns ending in <c>Path</c>), relative to the data folder.</summary>
    public static IEnumerable<(string Column, string Relative)> StoredPaths(object row) =>
        row.GetType().GetProperties()
            .Where(p => p.PropertyType == typeof(string) && p.Name.EndsWith("Path", StringComparison.Ordinal))
            .Select(p => (p.Name, Value: p.GetValue(row) as string))
            .Where(p => !string.IsNullOrWhiteSpace(p.Value))
            .Select(p => (p.Name, p.Value!));

    /// <summary>
    /// The full path of a stored file, or null when the path column points outside the data folder (it is data, and is
    /// never followed there).
    /// </summary>
    public static string? InsideDataFolder(string dataDirectory, string relative)
    {
        var root = Path.GetFullPath(dataDirectory) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, relative));
        return full.StartsWith(root, StringComparison.Ordinal) ? full : null;
    }

    private static readonly MethodInfo DeleteWhereMethod = typeof(PersonalDataRows).GetMethod(nameof(DeleteWhereGenericAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Deletes the rows of one table whose column holds one of the values; the number removed.</summary>
    public static Task<int> DeleteWhereAsync(SamsaraDbContext db, IEntityType entity, IProperty property, System.Collections.IList ids, CancellationToken ct) =>
        ids.Count == 0
            ? Task.FromResult(0)
            : (Task<int>)DeleteWhereMethod.MakeGenericMethod(entity.ClrType, property.ClrType).Invoke(null, [db, property.Name, ids, ct])!;

    private static Task<int> DeleteWhereGenericAsync<TEntity, TKey>(SamsaraDbContext db, string column, System.Collections.IList ids, CancellationToken ct)
        where TEntity : class
    {
        var values = ids.Cast<object>().Select(v => (TKey)v).ToList();
        return db.Set<TEntity>().Where(e => values.Contains(EF.Property<TKey>(e, column))).ExecuteDeleteAsync(ct);
    }

    private static async Task<List<object>> RowsWhereAsync<TEntity, TKey>(SamsaraDbContext db, string column, System.Collections.IList ids, CancellationToken ct)
        where TEntity : class
    {
        if (ids.Count == 0)
        {
            return [];
        }

        // Guid? columns are compared as Guid? so the query stays translatable on both databases.
        var values = ids.Cast<object>().Select(v => (TKey)v).ToList();
        var rows = await db.Set<TEntity>().AsNoTracking().Where(e => values.Contains(EF.Property<TKey>(e, column))).ToListAsync(ct);
        return rows.Cast<object>().ToList();
    }
}
