using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Samsara.Core.Data;

namespace Samsara.Core.Outreach.Engine;

/// <summary>
/// Runs a guarded <c>UPDATE ... RETURNING id</c> over a set of rows, so the caller learns exactly which rows this
/// statement changed (RETURNING works on PostgreSQL and on SQLite 3.35+). Raw SQL because EF's ExecuteUpdate returns
/// a count, not which rows: with two nodes the count alone cannot say whose rows moved. Joins the caller's
/// transaction when one is open.
/// </summary>
internal static class SetStatements
{
    /// <summary>The placeholder in <c>sql</c> that becomes the list of id parameters.</summary>
    public const string Ids = "__IDS__";

    public static async Task<List<Guid>> QueryIdsAsync(
        SamsaraDbContext db, string sql, IReadOnlyCollection<Guid> ids, (string Name, object Value)[] values, CancellationToken ct)
    {
        var result = new List<Guid>(ids.Count);
        if (ids.Count == 0 && sql.Contains(Ids, StringComparison.Ordinal))
        {
            return result;
        }

        var postgres = db.Database.IsNpgsql();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var names = new List<string>(ids.Count);
            foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            {
                names.Add("@id" + i);
                // EF stores a Guid on SQLite as upper-case text; ADO.NET would bind it as a blob and match nothing.
                Add(command, "id" + i, postgres ? id : id.ToString().ToUpperInvariant());
            }

            foreach (var (name, value) in values)
            {
                Add(command, name, value);
            }

            command.CommandText = sql.Replace(Ids, string.Join(", ", names), StringComparison.Ordinal);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                result.Add(reader.GetGuid(0));
            }

            return result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>A moment as the database stores it: UTC ticks on SQLite (UtcTicksConverter), timestamptz in UTC on PostgreSQL.</summary>
    public static object Time(SamsaraDbContext db, DateTimeOffset at) => db.Database.IsNpgsql() ? at.ToUniversalTime() : at.UtcTicks;

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
