using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Samsara.Core.Data;

public static class DataRegistration
{
    public const string SqliteMigrationsAssembly = "Samsara.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "Samsara.Migrations.Postgres";

    /// <summary>Registers the database chosen by <c>Samsara:Database:Provider</c> (SQLite unless told otherwise).</summary>
    public static IHostApplicationBuilder AddSamsaraData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SamsaraOptions>().BindConfiguration(SamsaraOptions.Section);
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddDbContextFactory<SamsaraDbContext>((sp, options) =>
        {
            var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var samsara = sp.GetRequiredService<IOptions<SamsaraOptions>>().Value;
            Common.PrivateDataFolder.Ensure(samsara.ResolveDataDirectory());
            Configure(options, database.Provider, builder.Configuration.GetConnectionString("Samsara"), samsara.ResolveDataDirectory());
        });
        return builder;
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string? connectionString, string dataDirectory)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(SqliteConnectionString(connectionString, dataDirectory), o => o.MigrationsAssembly(SqliteMigrationsAssembly))
                    .AddInterceptors(SqlitePragmas.Instance)
                    // SQLite table rebuilds toggle PRAGMA foreign_keys outside the migration's transaction;
                    // known and accepted, see docs/decisions/sqlite-rebuild-pragma-warning.md.
                    .ConfigureWarnings(w => w.Log((RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Debug)));
                break;
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException("Samsara:Database:Provider is Postgres but ConnectionStrings:Samsara is empty.");
                }

                options.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly));
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider '{provider}'.");
        }

        options.UseSnakeCaseNamingConvention();
        options.AddInterceptors(Common.TextSanitisingInterceptor.Instance);
    }

    private static string SqliteConnectionString(string? configured, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        Common.PrivateDataFolder.Ensure(dataDirectory);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "samsara.db"),
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();
    }
}
