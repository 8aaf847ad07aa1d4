using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Samsara.Core;
using Samsara.Core.CvIntake;
using Samsara.Core.CvIntake.Import;
using Samsara.Core.Data;
using Samsara.Core.Projects;
using Samsara.Testing;

namespace Samsara.Tests.CvIntake;

/// <summary>
/// The core services and CV intake in a temporary data folder, on a real SQLite file there or on a PostgreSQL
/// test database. Two hosts over the same folder and database stand for the app before and after a restart, or
/// for two nodes of a team install.
/// </summary>
internal sealed class CvIntakeHost : IAsyncDisposable
{
    private CvIntakeHost(IHost host, string dataDirectory)
    {
        Host = host;
        DataDirectory = dataDirectory;
    }

    public IHost Host { get; }
    public string DataDirectory { get; }
    public IServiceProvider Services => Host.Services;

    public static async Task<CvIntakeHost> StartAsync(string? dataDirectory = null, bool startWorkers = true, Dictionary<string, string?>? settings = null, TestDatabase? database = null, Action<IServiceCollection>? services = null)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "samsara-cv-" + Guid.NewGuid().ToString("N"));
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Samsara:DataDirectory"] = dataDirectory,
            ["Samsara:CvIntake:PollInterval"] = "00:00:00.200",
            ["Samsara:CvIntake:ClaimLease"] = "00:00:02",
            ["Samsara:CvIntake:WorkerConcurrency"] = "2",
            // The model is loaded only by tests about the semantic stage; they set this back.
            ["Samsara:Matching:Semantic"] = "false",
            ["Samsara:Database:Provider"] = (database?.Provider ?? DatabaseProvider.Sqlite).ToString(),
            ["ConnectionStrings:Samsara"] = database?.ConnectionString ?? "",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddSamsaraCore();
        builder.AddCvIntake();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        (database ?? await TestDatabase.CreateAsync(DatabaseProvider.Sqlite)).PrepareDataDirectory(dataDirectory);
        await host.Services.InitializeDatabaseAsync();
        if (startWorkers)
        {
            await host.StartAsync();
        }

        return new CvIntakeHost(host, dataDirectory);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A candidate as an import leaves it (the CV's text stored), without going through the parser workers.</summary>
    public async Task<Guid> AddImportedCandidateAsync(Guid projectId, string name, string cvText, DateTimeOffset? at = null)
    {
        var now = at ?? Get<TimeProvider>().GetUtcNow();
        var candidate = new Samsara.Core.Candidates.Candidate
        {
            Id = Guid.CreateVersion7(now),
            ProjectId = projectId,
            FullName = name,
            RawText = cvText,
            Source = Samsara.Core.Candidates.CandidateSource.Import,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var db = await Get<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync();
        db.Candidates.Add(candidate);
        await db.SaveChangesAsync();
        return candidate.Id;
    }

    public async Task<Guid> CreateProjectAsync(string region = "GB")
    {
        var project = await Get<ProjectService>().CreateAsync(new ProjectInput { Name = "Backend hire" });
        await using var db = await Get<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync();
        await db.Projects.Where(p => p.Id == project.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.DefaultPhoneRegion, region));
        return project.Id;
    }

    public async Task<CvImportStatus> WaitForImportAsync(Guid projectId, Guid importId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var status = await Get<CvImportService>().GetStatusAsync(projectId, importId) ?? throw new InvalidOperationException("import vanished");
            if (status.Finished || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync();
        }
        catch (OperationCanceledException)
        {
        }

        Host.Dispose();
    }
}
