using Samsara.Core;
using Samsara.Testing;

namespace Samsara.Bench.Outreach;

/// <summary>A fresh database for one run: a SQLite file in a temp folder, or a new database on the PostgreSQL server in SAMSARA_TEST_POSTGRES.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private BenchDatabase(TestDatabase database, string dataDirectory)
    {
        _database = database;
        DataDirectory = dataDirectory;
    }

    public DatabaseProvider Provider => _database.Provider;
    public string? ConnectionString => _database.ConnectionString;
    public string DataDirectory { get; }

    public static async Task<BenchDatabase> CreateAsync(string name)
    {
        var provider = name.ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" => DatabaseProvider.Postgres,
            _ => throw new ArgumentException($"Unknown database '{name}': use sqlite or postgres."),
        };
        var dir = Path.Combine(Path.GetTempPath(), "samsara-bench-outreach", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return new BenchDatabase(await TestDatabase.CreateAsync(provider), dir);
    }

    /// <summary>Settings that point a Samsara host at this database.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Samsara:DataDirectory"] = DataDirectory,
        ["Samsara:Database:Provider"] = Provider.ToString(),
        ["ConnectionStrings:Samsara"] = ConnectionString,
    };

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A lingering SQLite handle; the OS cleans the temp folder.
        }
    }
}
