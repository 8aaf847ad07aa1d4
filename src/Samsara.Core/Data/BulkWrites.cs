using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Samsara.Core.Data;

/// <summary>
/// Writes what a context has added or modified in multi-row statements: a multi-row INSERT for added rows, an
/// <c>UPDATE ... FROM (VALUES ...)</c> per set of changed columns for modified rows. EF Core sends one statement per row
/// on SQLite; the outreach engine writes thousands of rows per batch (messages, outbox rows, ledger lines, events,
/// timers), and one statement per hundred rows costs a fraction of that. Columns and value conversions come from EF's
/// own model, so the rows are exactly what SaveChanges would have written; what this cannot write (no single-column
/// key, deleted rows) is left to SaveChanges.
/// </summary>
public static class BulkWrites
{
    // SQLite finds each named parameter by a linear scan of the statement's names, so binding grows with the square of
    // a statement's parameters: many statements of a few hundred beat one of thousands. PostgreSQL binds in linear time
    // and pays a round trip per statement, so it takes far bigger ones (its limit is 65,535 parameters).
    private const int SqliteMaxParameters = 400;
    private const int SqliteMaxRows = 100;
    private const int PostgresMaxParameters = 20_000;
    private const int PostgresMaxRows = 2_000;

    /// <summary>
    /// Writes every added and modified entity it can (inside the caller's transaction, when one is open) and marks it
    /// unchanged; call SaveChanges after it for anything left.
    /// </summary>
    public static async Task WriteChangesAsync(this DbContext db, CancellationToken ct)
    {
        db.ChangeTracker.DetectChanges();
        var entries = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified && e.Metadata.FindPrimaryKey()?.Properties.Count == 1)
            .ToList();
        if (entries.Count == 0)
        {
            return;
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // Inserts first: a modified row may point at a row added in the same unit of work.
            foreach (var group in entries.Where(e => e.State == EntityState.Added).GroupBy(e => e.Metadata))
            {
                var columns = Columns(group.Key, group.Key.GetProperties());
                foreach (var rows in group.Chunk(RowsPerStatement(db, columns.Count)))
                {
                    await ExecuteAsync(db, Insert(group.Key, columns, Values(rows)), ct);
                }
            }

            foreach (var group in entries.Where(e => e.State == EntityState.Modified)
                         .GroupBy(e => (e.Metadata, Changed: string.Join(',', e.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name)))))
            {
                var key = group.Key.Metadata.FindPrimaryKey()!.Properties[0];
                var changed = group.First().Properties.Where(p => p.IsModified).Select(p => p.Metadata).ToList();
                var columns = Columns(group.Key.Metadata, [key, .. changed]);
                foreach (var rows in group.Chunk(RowsPerStatement(db, columns.Count)))
                {
                    await ExecuteAsync(db, Update(group.Key.Metadata, columns, Values(rows)), ct);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        foreach (var entry in entries)
        {
            // What was written becomes the original: setting Unchanged alone would put a modified row's old values back.
            entry.OriginalValues.SetValues(entry.CurrentValues);
            entry.State = EntityState.Unchanged;
        }
    }

    /// <summary>
    /// Writes <paramref name="properties"/> of entities the context does not track, in multi-row UPDATEs by key (inside
    /// the caller's transaction, when one is open). For a hot path that changes a few columns of many rows: it skips the
    /// change tracker's snapshots, detection and value copying, which cost more than the write itself.
    /// </summary>
    public static async Task UpdateColumnsAsync<T>(this DbContext db, IReadOnlyCollection<T> entities, IReadOnlyList<string> properties, CancellationToken ct)
        where T : class
    {
        if (entities.Count == 0)
        {
            return;
        }

        var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var key = type.FindPrimaryKey()!.Properties.Single();
        var columns = Columns(type, [key, .. properties.Select(p => type.FindProperty(p) ?? throw new ArgumentException($"{typeof(T).Name} has no property {p}.", nameof(properties)))]);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            foreach (var rows in entities.Chunk(RowsPerStatement(db, columns.Count)))
            {
                await ExecuteAsync(db, Update(type, columns, [.. rows.Select(e => (Func<IProperty, object?>)(p => p.GetGetter().GetClrValue(e)))]), ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static Func<IProperty, object?>[] Values(EntityEntry[] rows) =>
        [.. rows.Select(e => (Func<IProperty, object?>)(p => e.Property(p.Name).CurrentValue))];

    private static int RowsPerStatement(DbContext db, int columns) => db.Database.IsNpgsql()
        ? Math.Clamp(PostgresMaxParameters / columns, 1, PostgresMaxRows)
        : Math.Clamp(SqliteMaxParameters / columns, 1, SqliteMaxRows);

    private static List<(IProperty Property, string Column)> Columns(IEntityType type, IEnumerable<IProperty> properties)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        return [.. properties.Select(p => (Property: p, Column: p.GetColumnName(table)!)).Where(c => c.Column is not null)];
    }

    private static Statement Insert(IEntityType type, List<(IProperty Property, string Column)> columns, Func<IProperty, object?>[] rows)
    {
        var statement = new Statement();
        statement.Sql.Append("INSERT INTO \"").Append(type.GetTableName()).Append("\" (")
            .AppendJoin(", ", columns.Select(c => $"\"{c.Column}\"")).Append(") VALUES ");
        statement.AppendRows(columns, rows);
        return statement;
    }

    /// <remarks>VALUES columns are named column1, column2, ... on both SQLite and PostgreSQL; column1 is the key.</remarks>
    private static Statement Update(IEntityType type, List<(IProperty Property, string Column)> columns, Func<IProperty, object?>[] rows)
    {
        var table = type.GetTableName();
        var statement = new Statement();
        statement.Sql.Append("UPDATE \"").Append(table).Append("\" SET ")
            .AppendJoin(", ", columns.Skip(1).Select((c, i) => $"\"{c.Column}\" = v.column{i + 2}"))
            .Append(" FROM (VALUES ");
        statement.AppendRows(columns, rows);
        statement.Sql.Append($") AS v WHERE \"{table}\".\"{columns[0].Column}\" = v.column1");
        return statement;
    }

    private static async Task ExecuteAsync(DbContext db, Statement statement, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = statement.Sql.ToString();
        foreach (var (name, (property, value)) in statement.Parameters)
        {
            // The type mapping applies the property's value converter (enums as text, UTC ticks on SQLite) and the
            // provider's type, so even a NULL is typed on PostgreSQL.
            command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(command, name, value, property.IsNullable));
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>SQL text plus its parameters; a value repeated in a statement (a timestamp, a state, an actor) is bound once.</summary>
    private sealed class Statement
    {
        private readonly Dictionary<(IProperty, object?), string> _names = [];

        public StringBuilder Sql { get; } = new();

        public Dictionary<string, (IProperty Property, object? Value)> Parameters { get; } = [];

        /// <param name="rows">Each row's value of a property.</param>
        public void AppendRows(List<(IProperty Property, string Column)> columns, Func<IProperty, object?>[] rows)
        {
            for (var r = 0; r < rows.Length; r++)
            {
                Sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                {
                    var property = columns[c].Property;
                    Sql.Append(c == 0 ? "" : ", ").Append(Name(property, rows[r](property)));
                }

                Sql.Append(')');
            }
        }

        private string Name(IProperty property, object? value)
        {
            if (!_names.TryGetValue((property, value), out var name))
            {
                name = "@w" + _names.Count;
                _names[(property, value)] = name;
                Parameters[name] = (property, value);
            }

            return name;
        }
    }
}
