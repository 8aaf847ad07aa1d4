using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Samsara.Core.Data;

public static class DatabaseInitializer
{
    /// <summary>
    /// Creates and migrates the database; on SQLite switches to WAL so readers never block the writer, and migrates under
    /// a lock that a crashed start cannot leave behind (<see cref="SqliteMigrationLock"/>).
    /// </summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<SamsaraDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (!db.Database.IsSqlite())
        {
            // PostgreSQL's migration lock is an advisory lock of the session: it dies with the process.
            await db.Database.MigrateAsync(cancellationToken);
            return;
        }

        // WAL is a property of the database file, so setting it once before migrating is enough.
        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        await db.Database.CloseConnectionAsync();
        using (await SqliteMigrationLock.AcquireAsync(db, cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
    }
}
