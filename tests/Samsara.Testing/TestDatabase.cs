using Npgsql;
using Samsara.Core;

namespace Samsara.Testing;

/// <summary>
/// A throw-away database for one test class: a SQLite file in a temp folder, or a fresh database on the
/// PostgreSQL server that ./test.sh starts (its address in SAMSARA_TEST_POSTGRES). Migrated already (a copy of
/// <see cref="MigratedTemplates"/>) unless a test about migrating asks for an empty one.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "SAMSARA_TEST_POSTGRES";

    private readonly string? adminConnectionString;
    private readonly string? databaseName;

    private TestDatabase(DatabaseProvider provider, string? connectionString, string? adminConnectionString, string? databaseName, bool empty)
    {
        Provider = provider;
        Empty = empty;
        ConnectionString = connectionString;
        this.adminConnectionString = adminConnectionString;
        this.databaseName = databaseName;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>True when the app must create every table itself on its first start (tests of migrating).</summary>
    public bool Empty { get; }

    /// <summary>Null for SQLite: the app then creates its database in its data folder.</summary>
    public string? ConnectionString { get; }

    /// <summary>For SQLite, puts the migrated copy into the data folder an app is about to open (PostgreSQL copies at creation).</summary>
    public void PrepareDataDirectory(string dataDirectory)
    {
        if (Provider == DatabaseProvider.Sqlite && !Empty)
        {
            MigratedTemplates.CopySqliteTo(dataDirectory);
        }
    }

    /// <summary>A SQLite database the app creates and migrates itself on its first start.</summary>
    public static TestDatabase EmptySqlite() => new(DatabaseProvider.Sqlite, null, null, null, empty: true);

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool empty = false)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            return new TestDatabase(provider, null, null, null, empty);
        }

        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException(
                $"PostgreSQL tests need {PostgresVariable} (a connection string to a server where the user may create databases). Run ./test.sh, which starts one.");
        }

        var name = "samsara_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            var template = empty ? "" : " TEMPLATE " + await MigratedTemplates.PostgresAsync(admin);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}{template}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(provider, builder.ConnectionString, admin, name, empty);
    }

    public async ValueTask DisposeAsync()
    {
        if (adminConnectionString is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {databaseName} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
