using Microsoft.EntityFrameworkCore;

namespace Samsara.Core.Data;

/// <summary>
/// EF Core locks a SQLite database for migrating with a row in <c>__EFMigrationsLock</c>. A process killed while it
/// holds that row (a crash or <c>kill -9</c> during start-up) leaves it behind, and every later start then waits for
/// it forever: the app never comes up. Samsara migrates a SQLite file only while holding an OS lock on a file beside
/// it, which the OS releases when the process dies however it dies; so whoever holds the file lock knows that any
/// EF lock row was left by a dead process, and removes it.
/// </summary>
internal static class SqliteMigrationLock
{
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(100);

    public static async Task<IDisposable> AcquireAsync(SamsaraDbContext db, CancellationToken ct)
    {
        var path = db.Database.GetDbConnection().DataSource + ".migrate-lock";
        FileStream held;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock on Unix and a sharing lock on Windows; both end with the process.
                held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                break;
            }
            catch (IOException)
            {
                // Another Samsara process (or host in this one) is migrating this file right now.
                await Task.Delay(Retry, ct);
            }
        }

        var tables = await db.Database.SqlQueryRaw<string>(
            "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'").ToListAsync(ct);
        if (tables.Count > 0)
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsLock\"", ct);
        }

        return held;
    }
}
