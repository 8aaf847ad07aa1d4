using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Samsara.Core.Data;

/// <summary>
/// Per-connection SQLite settings, applied each time a (pooled) connection is opened. In WAL mode
/// <c>synchronous=NORMAL</c> is still durable across an application crash or <c>kill -9</c> (a commit is in the WAL
/// before it returns; only a power loss can drop the last commits), and it removes the fsync per commit that made
/// every engine transaction wait on the disk. <c>busy_timeout</c> lets SQLite itself wait briefly for the write lock
/// when several engine tasks commit at once, instead of failing with SQLITE_BUSY and retrying coarsely.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public const string Sql = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    public static readonly SqlitePragmas Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
