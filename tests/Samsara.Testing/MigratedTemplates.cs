using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Samsara.Core;
using Samsara.Core.Common;
using Samsara.Core.Data;

namespace Samsara.Testing;

/// <summary>
/// A database migrated once per test process, by the app's own <see cref="DatabaseInitializer"/>, and copied for each
/// test app: running every migration again for each of several hundred app starts was a large share of the suite's
/// time. Tests about migrating itself ask for an empty database (<see cref="TestDatabase.CreateAsync"/> with
/// <c>empty: true</c>), so the migrations still run from nothing where that is what is being tested.
/// </summary>
internal static class MigratedTemplates
{
    private static readonly Lazy<string> SqliteFile = new(BuildSqlite, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly SemaphoreSlim PostgresGate = new(1, 1);
    private static string? postgresName;

    /// <summary>Puts a migrated SQLite database where the app will look for it, unless one is already there.</summary>
    public static void CopySqliteTo(string dataDirectory)
    {
        var target = Path.Combine(dataDirectory, "samsara.db");
        if (File.Exists(target))
        {
            return;
        }

        PrivateDataFolder.Ensure(dataDirectory);
        File.Copy(SqliteFile.Value, target);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>The name of a migrated PostgreSQL database on this server to use as <c>CREATE DATABASE … TEMPLATE</c>.</summary>
    public static async Task<string> PostgresAsync(string adminConnectionString)
    {
        await PostgresGate.WaitAsync();
        try
        {
            if (postgresName is not null)
            {
                return postgresName;
            }

            var name = "samsara_template_" + Guid.NewGuid().ToString("N")[..12];
            await ExecuteAsync(adminConnectionString, $"CREATE DATABASE {name}");
            // No pooling: CREATE DATABASE … TEMPLATE refuses a template that anyone is still connected to.
            var connectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Pooling = false }.ToString();
            await MigrateAsync(DatabaseProvider.Postgres, connectionString, Path.GetTempPath());
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Quietly(() => ExecuteAsync(adminConnectionString, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)").GetAwaiter().GetResult());
            postgresName = name;
            return name;
        }
        finally
        {
            PostgresGate.Release();
        }
    }

    private static string BuildSqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "samsara-tests", "template-" + Guid.NewGuid().ToString("N"));
        PrivateDataFolder.Ensure(folder);
        var file = Path.Combine(folder, "samsara.db");
        // No pooling: closing the last connection checkpoints the write-ahead log into the file, which is then complete.
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        MigrateAsync(DatabaseProvider.Sqlite, connectionString, folder).GetAwaiter().GetResult();
        using (var connection = new SqliteConnection(connectionString))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Quietly(() => Directory.Delete(folder, recursive: true));
        return file;
    }

    private static async Task MigrateAsync(DatabaseProvider provider, string connectionString, string dataDirectory)
    {
        var services = new ServiceCollection();
        services.AddDbContextFactory<SamsaraDbContext>(options => DataRegistration.Configure(options, provider, connectionString, dataDirectory));
        await using var built = services.BuildServiceProvider();
        await built.InitializeDatabaseAsync();
    }

    /// <summary>Clean-up at exit is a courtesy (the server and temp folder are throw-away): it must never fail the run.</summary>
    private static void Quietly(Action cleanUp)
    {
        try
        {
            cleanUp();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NpgsqlException or System.Net.Sockets.SocketException)
        {
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
