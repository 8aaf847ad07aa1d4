using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Samsara.Core;
using Samsara.Core.Candidates;
using Samsara.Core.CvIntake.Import;
using Samsara.Core.Projects;

namespace Samsara.Testing;

/// <summary>
/// Samsara as a user runs it, in a temp data folder, on the database a test asks for. Exposes what a
/// test wants to do ("create a project") rather than the container behind it.
/// </summary>
public class SamsaraAppFactory : WebApplicationFactory<Program>
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly TestDatabase database;
    private readonly Dictionary<string, string?> settings;
    private int? browserPort;

    public SamsaraAppFactory(TestDatabase? database = null, IDictionary<string, string?>? settings = null)
    {
        this.database = database ?? TestDatabase.CreateAsync(DatabaseProvider.Sqlite).GetAwaiter().GetResult();
        DataDirectory = Path.Combine(Path.GetTempPath(), "samsara-tests", Guid.NewGuid().ToString("N"));
        this.settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
    }

    public string DataDirectory { get; }

    /// <summary>Set before the first request to drive time by hand.</summary>
    public FakeTimeProvider? Clock { get; init; }

    /// <summary>Set before the first request to record every log line at every level (for tests that scan logs).</summary>
    public CapturedLogs? Logs { get; init; }

    /// <summary>
    /// The app in demo mode on a real loopback port, so its provider clients reach the in-process sandbox over HTTP
    /// (as a user's fresh install does). Settings may change the sandbox's accepted credentials (<c>Samsara:Sandbox:*</c>).
    /// A <paramref name="clock"/> drives the app and its sandbox (scripted replies are due by it) by hand.
    /// </summary>
    public static SamsaraAppFactory StartWithSandbox(
        TestDatabase? database = null, IDictionary<string, string?>? settings = null, CapturedLogs? logs = null, FakeTimeProvider? clock = null)
    {
        var port = FreePort();
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Urls"] = $"http://127.0.0.1:{port}" };
        var app = new SamsaraAppFactory(database, all) { Logs = logs, Clock = clock };
        app.UseKestrel(port);
        app.StartServer();
        return app;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }


    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseStaticWebAssets(); // the build output, as in Development
        builder.UseSetting("Samsara:DataDirectory", DataDirectory);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        // Tests drive the outreach engine with RunOnceAsync; a test that wants the loop sets this back.
        builder.UseSetting("Samsara:Outreach:RunInBackground", "false");
        // Loading the sentence model is for tests about the semantic stage (settings set it back); the rest score by words.
        builder.UseSetting("Samsara:Matching:Semantic", "false");
        builder.UseSetting("Samsara:Database:Provider", database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Samsara", database.ConnectionString ?? "");
        if (browserPort is { } port)
        {
            builder.UseSetting("Urls", $"http://127.0.0.1:{port}");
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (Logs is not null)
        {
            builder.UseSetting("Logging:LogLevel:Default", "Trace");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
            builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace));
        }

        if (Clock is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }

    /// <summary>Starts a real Kestrel server on a free loopback port (for the browser) and returns its address.</summary>
    public Uri StartBrowserServer()
    {
        // A known port, so demo mode's provider clients can reach the in-process sandbox at the app's own address.
        browserPort = FreePort();
        UseKestrel(browserPort.Value);
        StartServer();
        return ClientOptions.BaseAddress;
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Completes once this node hears other nodes' live updates (PostgreSQL LISTEN is in place).</summary>
    public Task ListeningToOtherNodesAsync() => Service<Samsara.Core.Common.CrossNodeChanges>().Listening.WaitAsync(TimeSpan.FromSeconds(30));

    public Task<Project> CreateProjectAsync(string name = "Senior Backend Engineer", string? client = "Acme Ltd") =>
        Service<ProjectService>().CreateAsync(new ProjectInput { Name = name, ClientName = client });

    public async Task<Candidate> AddCandidateAsync(Guid projectId, string name, string? email = null, string? phone = null, string? location = null) =>
        await Service<CandidateService>().AddAsync(projectId, new CandidateInput { FullName = name, Email = email, Phone = phone, Location = location })
        ?? throw new InvalidOperationException($"Project {projectId} does not exist.");

    /// <summary>Imports CV files as a drop on the CVs page would, and waits until every file is done.</summary>
    public async Task<CvImportStatus> ImportCvsAsync(Guid projectId, params (string Name, byte[] Content)[] files)
    {
        var imports = Service<CvImportService>();
        var started = await imports.StartAsync(projectId, files.Select(f => new UploadedCv(f.Name, new MemoryStream(f.Content))).ToList())
            ?? throw new InvalidOperationException($"Project {projectId} does not exist.");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var status = await imports.GetStatusAsync(projectId, started.ImportId) ?? throw new InvalidOperationException("The import vanished.");
            if (status.Finished)
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The import did not finish: {status.Done} of {status.Total} files done.");
            }

            await Task.Delay(50);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DisposeAsync();
        GC.SuppressFinalize(this);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file briefly on slow machines; the temp folder is cleaned by the OS.
        }
    }
}
