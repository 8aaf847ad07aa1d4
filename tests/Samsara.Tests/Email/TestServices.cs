using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Samsara.Core;
using Samsara.Core.Data;
using Samsara.Core.Email;
using Samsara.Core.Providers;
using Samsara.Core.Templates;

namespace Samsara.Tests.Email;

/// <summary>The core services on a throw-away SQLite file and data folder, with every log line captured.</summary>
public sealed class TestServices : IAsyncDisposable
{
    private readonly IHost host;

    private readonly bool deleteOnDispose;

    private TestServices(IHost host, string dataDirectory, CapturingLoggerProvider logs, bool deleteOnDispose)
    {
        this.host = host;
        this.deleteOnDispose = deleteOnDispose;
        DataDirectory = dataDirectory;
        Logs = logs;
    }

    public string DataDirectory { get; }

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => host.Services;

    public T Get<T>() where T : notnull => host.Services.GetRequiredService<T>();

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "samsara-tests", Guid.NewGuid().ToString("N"));

    /// <param name="configure">Extra configuration or services.</param>
    /// <param name="dataDirectory">An existing data folder, to simulate a restart; a fresh one when null.</param>
    /// <param name="deleteOnDispose">False to keep the folder for a later "restart".</param>
    public static async Task<TestServices> StartAsync(Action<HostApplicationBuilder>? configure = null, string? dataDirectory = null, bool deleteOnDispose = true)
    {
        dataDirectory ??= NewDataDirectory();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Samsara:DataDirectory"] = dataDirectory,
            ["Samsara:Recruiter:Name"] = "Rita Recruiter",
            ["Samsara:Recruiter:Email"] = "rita@agency.test",
            ["Samsara:Recruiter:Signature"] = "Rita, Agency Ltd",
        });
        var logs = new CapturingLoggerProvider();
        builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        builder.AddSamsaraCore();
        builder.AddCredentials();
        builder.AddTemplates();
        builder.AddEmail();
        configure?.Invoke(builder);
        var host = builder.Build();
        var factory = host.Services.GetRequiredService<IDbContextFactory<SamsaraDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.EnsureCreatedAsync();
        }

        return new TestServices(host, dataDirectory, logs, deleteOnDispose);
    }

    public async Task<SamsaraDbContext> DbAsync() =>
        await Get<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync();

    public async ValueTask DisposeAsync()
    {
        host.Dispose();
        SqliteConnection.ClearAllPools();
        await Task.Yield();
        if (!deleteOnDispose)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner; not worth failing a test over.
        }
    }
}

/// <summary>Keeps every log line, with its structured values and exception, so tests can scan them for secrets.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyCollection<string> Lines => lines;

    public string AllText => string.Join("\n", lines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
